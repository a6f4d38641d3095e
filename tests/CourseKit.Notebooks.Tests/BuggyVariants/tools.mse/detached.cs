// Buggy tools.mse: detaches the difference, so no gradient reaches the prediction.
// breaks: a secondary rule
// loses at least: 0.2
// message names: gradient
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
    if (!prediction.shape.SequenceEqual(target.shape))
        throw new ArgumentException($"Mse: prediction has shape [{string.Join(", ", prediction.shape)}] but target has [{string.Join(", ", target.shape)}].");
    var difference = (prediction - target).detach();
    return (difference * difference).mean();
}
