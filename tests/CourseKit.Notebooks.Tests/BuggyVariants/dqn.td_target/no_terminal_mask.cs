// Buggy dqn.td_target: bootstraps after terminal transitions too.
// breaks: the core rule
// loses at least: 0.5
// message names: terminal
// EXERCISE dqn.td_target (2 points)
// y = r + γ · (1 − terminated) · max_a' Q_target(s', a'), one value per transition.
// rewards [B]; nextQTarget [B, nActions], the target network's Q-values of the next states;
// terminated [B], 1 for a transition that ended the task and 0 otherwise. A truncated transition
// (time limit) is NOT terminal: it still bootstraps. The target is a label, not something to
// differentiate: return it detached from the autograd graph.
using CourseKit.Torch;
using static CourseKit.Torch.torch;

static Tensor TdTarget(Tensor rewards, Tensor nextQTarget, Tensor terminated, float gamma)
{
    var bestNext = nextQTarget.max(1).values;
    return (rewards + gamma * bestNext).detach();
}
