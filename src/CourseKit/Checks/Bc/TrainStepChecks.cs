
namespace CourseKit.Checks.Bc;

/// <summary>
/// Visible checks of <c>bc.train_step</c>:
/// <c>static float TrainStep(nn.Module&lt;Tensor, Tensor&gt; meanNet, Tensor logStd, optim.Optimizer optimizer, Tensor observations, Tensor actions)</c>.
/// </summary>
[ExerciseChecks("bc.train_step")]
public static class TrainStepChecks
{
    /// <summary>The self-check cell: <c>TrainStepChecks.Run(TrainStep);</c></summary>
    public static SelfCheckReport Run(Func<nn.Module<Tensor, Tensor>, Tensor, optim.Optimizer, Tensor, Tensor, float> trainStep) => SelfCheck.Run("bc.train_step", trainStep);

    /// <summary>A small policy, an optimizer over its weights and log-std, and a batch.</summary>
    public sealed record Setup(nn.Module<Tensor, Tensor> Net, Parameter LogStd, optim.Optimizer Optimizer, Tensor Observations, Tensor Actions);

    /// <summary>Builds the same setup every time for one seed.</summary>
    public static Setup Make(int obsDim, int actDim, int batch, ulong seed, double lr = 0.01, bool sgd = true)
    {
        torch.manual_seed((long)seed);
        var net = nn.Sequential(nn.Linear(obsDim, 8), nn.Tanh(), nn.Linear(8, actDim));
        // Not zeros: at logStd = 0, exp(logStd) and 1 + logStd agree in value and slope.
        var logStd = new Parameter(torch.randn(new long[] { actDim }, generator: new Generator(seed + 7)).mul(0.5));
        var ps = net.parameters().Append(logStd).ToList();
        optim.Optimizer opt = sgd ? torch.optim.SGD(ps, lr) : torch.optim.Adam(ps, lr: lr);
        var gen = new Generator(seed + 100);
        return new Setup(net, logStd, opt, torch.randn(new long[] { batch, obsDim }, generator: gen), torch.randn(new long[] { batch, actDim }, generator: gen));
    }

    /// <summary>The reference step on a twin setup; returns its loss and the parameters after it.</summary>
    internal static (float loss, float[] after) ReferenceStep(Setup s)
    {
        var loss = -torch.distributions.Normal(s.Net.forward(s.Observations), s.LogStd.exp()).log_prob(s.Actions).sum(-1).mean();
        s.Optimizer.zero_grad(); loss.backward(); s.Optimizer.step();
        return (loss.item<float>(), Values(s));
    }

    /// <summary>Every parameter's values, log-std last.</summary>
    public static float[] Values(Setup s) => s.Net.parameters().SelectMany(p => p.data<float>().ToArray()).Concat(s.LogStd.data<float>().ToArray()).ToArray();

    /// <summary>Runs the student's step and the reference step on twin setups and compares loss and parameters.</summary>
    public static void Verify(Func<nn.Module<Tensor, Tensor>, Tensor, optim.Optimizer, Tensor, Tensor, float> f, int obsDim, int actDim, int batch, ulong seed, int steps, bool sgd, string what)
    {
        var mine = Make(obsDim, actDim, batch, seed, sgd: sgd);
        var theirs = Make(obsDim, actDim, batch, seed, sgd: sgd);
        for (int k = 0; k < steps; k++)
        {
            double averagedOverDims;
            using (torch.no_grad())
                averagedOverDims = -torch.distributions.Normal(mine.Net.forward(mine.Observations), mine.LogStd.exp()).log_prob(mine.Actions).mean().item<float>();
            var (wantLoss, wantAfter) = ReferenceStep(mine);
            double afterStep;
            using (torch.no_grad())
                afterStep = -torch.distributions.Normal(mine.Net.forward(mine.Observations), mine.LogStd.exp()).log_prob(mine.Actions).sum(-1).mean().item<float>();
            float gotLoss = f(theirs.Net, theirs.LogStd, theirs.Optimizer, theirs.Observations, theirs.Actions);
            Expect.CloseNamingRule(wantLoss, gotLoss, 1e-4 * (1 + Math.Abs(wantLoss)), $"{what}, step {k + 1}: the returned loss",
                "Return −mean over the batch of Σ_dims log N(actions; mean, exp(logStd)), computed before the update.",
                (averagedOverDims, "That averages the log-density over the action dims: sum over the dims (.sum(-1)), then average over the batch."),
                (afterStep, "That is the loss after the update: return the loss as it was before the update, computed before optimizer.step()."));
            var gotAfter = Values(theirs);
            int n = wantAfter.Length;
            int stdAt = n - actDim;
            for (int i = 0; i < n; i++)
                Expect.True(Math.Abs(wantAfter[i] - gotAfter[i]) <= 1e-4 * (1 + Math.Abs(wantAfter[i])),
                    $"{what}, step {k + 1}: after the update, {(i >= stdAt ? "logStd" : "a weight of the network")} is {gotAfter[i]:0.#####}, expected {wantAfter[i]:0.#####}. " +
                    (i >= stdAt ? "The gradient reaching logStd is wrong: std = exp(logStd) in the full log-density (with its −log σ term), and clear the old gradients with optimizer.zero_grad(), which clears logStd's too (meanNet.zero_grad() does not)."
                                : "Clear the gradients (optimizer.zero_grad()) before backward(), then call optimizer.step() once."));
        }
    }

    /// <summary>One SGD step from fresh gradients.</summary>
    [Check(Description = "one step: the loss before the update, and the weights and logStd after it")]
    public static void OneStep(Func<nn.Module<Tensor, Tensor>, Tensor, optim.Optimizer, Tensor, Tensor, float> f) => Verify(f, 3, 1, 6, 1, 1, sgd: true, "TrainStep on a 3 -> 8 -> 1 policy with SGD");

    /// <summary>Several steps: stale gradients would accumulate.</summary>
    [Check(Description = "three steps in a row: gradients are cleared every step")]
    public static void ThreeSteps(Func<nn.Module<Tensor, Tensor>, Tensor, optim.Optimizer, Tensor, Tensor, float> f) => Verify(f, 4, 2, 5, 2, 3, sgd: true, "TrainStep three times on a 4 -> 8 -> 2 policy with SGD");
}
