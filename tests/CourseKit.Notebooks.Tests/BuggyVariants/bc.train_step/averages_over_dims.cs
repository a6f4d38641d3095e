// Buggy bc.train_step: averages the log-density over the action dims instead of summing.
// breaks: the core rule
// loses at least: 0.5
// message names: sum
// EXERCISE bc.train_step (2 points)
// One gradient step of behavioural cloning on a minibatch: the policy's mean actions meanNet(observations),
// its log standard deviation logStd (a learned parameter the optimizer also updates), and the loss
//     −mean over the batch of Σ_dims log N(actions; mean, exp(logStd))
// (the loss of your GaussianNll; this cell is graded on its own, so compute it here, e.g. with
// torch.distributions.Normal(mean, std).log_prob(actions)). Clear the old gradients, backpropagate,
// step the optimizer, and return the loss as it was before the step.
using CourseKit.Torch;
using static CourseKit.Torch.torch;

static float TrainStep(nn.Module<Tensor, Tensor> meanNet, Tensor logStd, optim.Optimizer optimizer, Tensor observations, Tensor actions)
{
    var mean = meanNet.forward(observations);
    var loss = -torch.distributions.Normal(mean, logStd.exp()).log_prob(actions).mean();
    optimizer.zero_grad();
    loss.backward();
    optimizer.step();
    return loss.item<float>();
}
