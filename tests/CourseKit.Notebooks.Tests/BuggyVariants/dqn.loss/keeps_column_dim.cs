// Buggy dqn.loss: compares [B, 1] Q-values with [B] targets (no squeeze).
// breaks: the core rule
// loses at least: 0.5
// message names: shape
// EXERCISE dqn.loss (2 points)
// The mean Huber (smooth L1) loss between Q(s, a) of the actions taken and the TD targets.
// qValues [B, nActions] from the online network, actions [B] (int64), targets [B].
// Pick Q(s, a) with gather along dim 1: gather wants the index as [B, 1], and the result must be [B] again.
using CourseKit.Torch;
using static CourseKit.Torch.torch;

static Tensor DqnLoss(Tensor qValues, Tensor actions, Tensor targets)
{
    var qTaken = qValues.gather(1, actions.unsqueeze(-1));
    return nn.functional.smooth_l1_loss(qTaken, targets);
}
