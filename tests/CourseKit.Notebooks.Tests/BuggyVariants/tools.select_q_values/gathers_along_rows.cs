// Buggy tools.select_q_values: gathers along dim 0 instead of dim 1.
// breaks: the core rule
// loses at least: 0.5
// message names: q[i, actions[i]]
// EXERCISE tools.select_q_values (2 points)
// The DQN idiom: from the Q-values of a batch, qValues [B, nActions] (float), pick the value of the
// action taken in each row, actions [B] (int64):  result[i] = qValues[i, actions[i]],  shape [B].
// Use gather along dim 1 (it needs an index with the same number of dims as qValues), then drop
// the extra dimension so the result is [B], not [B, 1]. It must work for B = 1 too, and keep
// the gradient flowing back into qValues (that is how the Q-network learns).
using CourseKit.Torch;
using static CourseKit.Torch.torch;

static Tensor SelectQValues(Tensor qValues, Tensor actions)
{
    return qValues.gather(0, actions.unsqueeze(-1)).squeeze(-1);
}
