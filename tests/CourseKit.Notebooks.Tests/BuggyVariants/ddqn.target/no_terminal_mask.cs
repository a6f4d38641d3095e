// Buggy ddqn.target: bootstraps after terminal transitions too.
// breaks: a secondary rule
// loses at least: 0.25
// message names: terminal
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
    var bestNext = nextQOnline.argmax(1);
    var valued = nextQTarget.gather(1, bestNext.unsqueeze(-1)).squeeze(-1);
    return (rewards + gamma * valued).detach();
}
