// Buggy ddqn.target: plain DQN's target, the target network both chooses and values the next action.
// breaks: the core rule
// loses at least: 0.5
// message names: online
// EXERCISE ddqn.target (2 points)
// The Double DQN target, one value per transition:
//   a* = argmax_a' Q_online(s', a')                      the ONLINE network chooses the next action,
//   y  = r + γ · (1 − terminated) · Q_target(s', a*)     the TARGET network values that choice.
// rewards [B]; nextQOnline and nextQTarget [B, nActions], the online and the target network's Q-values of
// the next states; terminated [B], 1 for a transition that ended the task and 0 otherwise (a time-limit
// truncation is not terminal). The target is a label: return it detached from the autograd graph.
using CourseKit.Torch;
using static CourseKit.Torch.torch;

static Tensor DoubleDqnTarget(Tensor rewards, Tensor nextQOnline, Tensor nextQTarget, Tensor terminated, float gamma)
{
    var bestNext = nextQTarget.max(1).values;
    return (rewards + gamma * (1 - terminated) * bestNext).detach();
}
