// Buggy tools.mse: lets [6] broadcast against [6, 1] instead of throwing.
// breaks: a secondary rule
// loses at least: 0.2
// message names: shape
// EXERCISE tools.mse (1 point)
// Mean squared error, written with tensor ops (do not call functional.mse_loss):
//   loss = mean over ALL elements of (prediction − target)²   → a 0-dim tensor (one number).
// Keep it differentiable (tensor ops only: no .detach(), no ToArray()), so loss.backward() gives
// the same gradients as functional.mse_loss, and keep the inputs' dtype (float32 or float64).
// If the shapes differ, throw an ArgumentException: broadcasting [6] against [6, 1] would
// silently compare every prediction with every target (36 differences instead of 6).
using CourseKit.Torch;
using static CourseKit.Torch.torch;

static Tensor Mse(Tensor prediction, Tensor target)
{
    var difference = prediction - target;
    return (difference * difference).mean();
}
