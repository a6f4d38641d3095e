// Buggy dqn.soft_update: blends tau of the target and 1 - tau of the online network.
// breaks: the core rule
// loses at least: 0.5
// message names: tau
// EXERCISE dqn.soft_update (1 point)
// Move every target parameter towards the online network's: θ_target ← τ·θ_online + (1 − τ)·θ_target.
// τ = 1 is the hard copy of the original DQN. Parameters correspond by name (named_parameters()).
// Parameters cannot be changed in place while gradients are recorded: work inside torch.no_grad().
using CourseKit.Torch;
using static CourseKit.Torch.torch;

static void SoftUpdate(nn.Module target, nn.Module online, double tau)
{
    using (torch.no_grad())
    {
        var onlineParameters = online.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        foreach (var (name, p) in target.named_parameters())
            p.mul_(tau).add_(onlineParameters[name], 1 - tau);
    }
}
