using CourseKit.Checks.Tools;

namespace CourseKit.Checks.Bc;

/// <summary>
/// Visible checks of <c>bc.gaussian_nll</c>:
/// <c>static Tensor GaussianNll(Tensor mean, Tensor logStd, Tensor actions)</c>: −mean over the batch of the
/// summed log-densities of N(mean, exp(logStd)).
/// </summary>
[ExerciseChecks("bc.gaussian_nll")]
public static class GaussianNllChecks
{
    /// <summary>The self-check cell: <c>GaussianNllChecks.Run(GaussianNll);</c></summary>
    public static SelfCheckReport Run(Func<Tensor, Tensor, Tensor, Tensor> gaussianNll) => SelfCheck.Run("bc.gaussian_nll", gaussianNll);

    /// <summary>The loss computed with CourseKit's Normal distribution.</summary>
    internal static Tensor Reference(Tensor mean, Tensor logStd, Tensor actions) =>
        -torch.distributions.Normal(mean, logStd.exp()).log_prob(actions).sum(-1).mean();

    /// <summary>What known mistakes compute instead of the loss, each with the rule it breaks.</summary>
    static (double Value, string Rule)[] Suspects(Tensor mean, Tensor logStd, Tensor actions)
    {
        using var _ = torch.no_grad();
        var z = (actions - mean) / logStd.exp();
        var half = 0.5 * Math.Log(2 * Math.PI);
        var logProb = -0.5 * z.pow(2) - logStd - half;
        var byStdAsLog = (actions - mean) / logStd;
        return
        [
            (TensorExpect.Values(-logProb.mean())[0], "That averages over the action dims: SUM the log-densities over the action dims (sum(-1)), then average over the batch."),
            (TensorExpect.Values(-(-0.5 * z.pow(2) - half).sum(-1).mean())[0], "The − log σ term is missing: log N(a; μ, σ) = −(a − μ)²/(2σ²) − log σ − ½ log(2π), and log σ is logStd itself."),
            (TensorExpect.Values(-(-0.5 * byStdAsLog.pow(2) - logStd - half).sum(-1).mean())[0], "σ is exp(logStd), not logStd: divide (a − μ) by exp(logStd)."),
            (TensorExpect.Values(logProb.sum(-1).mean())[0], "That is the log-likelihood itself: negate it, the loss is the NEGATIVE log-likelihood."),
        ];
    }

    /// <summary>Compares the student's loss on given inputs with the reference value; the message names the rule a known mistake breaks.</summary>
    public static Tensor VerifyOn(Func<Tensor, Tensor, Tensor, Tensor> f, Tensor mean, Tensor logStd, Tensor actions, double tolerance, string call)
    {
        var got = TensorExpect.NotNull(f(mean, logStd, actions), call);
        TensorExpect.Shape([], got, call, "The loss is one number: sum over the action dims, then mean over the batch.");
        double want;
        using (torch.no_grad()) want = TensorExpect.Values(Reference(mean, logStd, actions))[0];
        Expect.CloseNamingRule(want, TensorExpect.Values(got)[0], tolerance * Math.Max(1, Math.Abs(want)), call,
            "log N(a; μ, σ) = −(a − μ)²/(2σ²) − log σ − ½ log(2π) per dim with σ = exp(logStd), summed over dims, averaged over the batch, negated.",
            Suspects(mean.detach(), logStd.detach(), actions));
        return got;
    }

    /// <summary>Compares the value (and optionally the gradients) with the reference on random inputs.</summary>
    public static void Verify(Func<Tensor, Tensor, Tensor, Tensor> f, int batch, int actDim, ulong seed, bool gradients)
    {
        string call = $"GaussianNll(mean [{batch}, {actDim}], logStd [{actDim}], actions [{batch}, {actDim}])";
        var gen = new Generator(seed);
        var mean = torch.randn(new long[] { batch, actDim }, generator: gen);
        var logStd = torch.randn(new long[] { actDim }, generator: gen).mul(0.5);
        var actions = torch.randn(new long[] { batch, actDim }, generator: gen);
        var m1 = mean.clone().requires_grad_(); var s1 = logStd.clone().requires_grad_();
        var m2 = mean.clone().requires_grad_(); var s2 = logStd.clone().requires_grad_();
        var want = Reference(m1, s1, actions);
        var got = VerifyOn(f, m2, s2, actions, 1e-4, call);
        if (!gradients) return;
        Expect.True(got.requires_grad, $"{call} returned a loss without gradient: build it from mean and logStd with tensor operations (no .item(), no detach()).");
        want.backward();
        got.backward();
        Expect.True(m2.grad is not null && s2.grad is not null, $"After {call}.backward() mean.grad or logStd.grad is null: the loss must depend on both.");
        TensorExpect.Close(s1.grad!, s2.grad, 1e-4, $"the gradient of {call} with respect to logStd");
        TensorExpect.Close(m1.grad!, m2.grad, 1e-4, $"the gradient of {call} with respect to mean");
    }

    /// <summary>One action dim.</summary>
    [Check(Description = "one action dim: the value matches log N(a; mean, exp(logStd))")]
    public static void OneDim(Func<Tensor, Tensor, Tensor, Tensor> f) => Verify(f, 5, 1, 1, gradients: false);

    /// <summary>Two action dims, and the gradients.</summary>
    [Check(Description = "two action dims summed, batch averaged; gradients reach mean and logStd")]
    public static void TwoDims(Func<Tensor, Tensor, Tensor, Tensor> f) => Verify(f, 4, 2, 2, gradients: true);
}
