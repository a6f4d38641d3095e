// Buggy dqn.epsilon_greedy: explores with rng.Next(nActions - 1).
// breaks: a secondary rule
// loses at least: 0.3
// message names: rng.Next(nActions)
// EXERCISE dqn.epsilon_greedy (1 point)
// With probability epsilon return a uniformly random action, rng.Next(nActions); otherwise the greedy
// action argmax_a Q(s, a) of the network for this one observation (the lowest index on ties).
// The network takes a batch, so give it a [1, obs] tensor. Acting needs no gradients: use torch.no_grad().
using CourseKit.Torch;
using static CourseKit.Torch.torch;

static int EpsilonGreedy(nn.Module<Tensor, Tensor> qNetwork, float[] observation, int nActions, double epsilon, Random rng)
{
    if (rng.NextDouble() < epsilon) return rng.Next(nActions - 1);
    using (torch.no_grad())
    {
        var q = qNetwork.forward(torch.tensor(observation, new long[] { 1, observation.Length }));
        return (int)q.argmax(1).item<long>();
    }
}
