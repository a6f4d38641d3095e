// Buggy bc.gaussian_nll: averages over the action dims instead of summing.
// breaks: the core rule
// loses at least: 0.5
// message names: sum
// EXERCISE bc.gaussian_nll (2 points)
// The loss of behavioural cloning with a Gaussian policy: the negative log-likelihood of the expert's
// actions. mean [B, actDim] is the network's output, logStd [actDim] the learned log standard deviation
// (shared by all states), actions [B, actDim] the expert's. For one action dim,
//     log N(a; μ, σ) = −(a − μ)² / (2σ²) − log σ − ½ log(2π).
// Sum over the action dims, average over the batch, and negate: return a scalar. Write it with tensor
// operations, so that gradients reach both mean and logStd.
using CourseKit.Torch;
using static CourseKit.Torch.torch;

static Tensor GaussianNll(Tensor mean, Tensor logStd, Tensor actions)
{
    var z = (actions - mean) / logStd.exp();
    var logProb = -0.5 * z.pow(2) - logStd - 0.5 * Math.Log(2 * Math.PI);
    return -logProb.mean();
}
