using CourseKit.Checks.Tools;
using CourseKit.Torch;
using static CourseKit.Torch.torch;

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
    public static Tensor Reference(Tensor mean, Tensor logStd, Tensor actions) =>
        -torch.distributions.Normal(mean, logStd.exp()).log_prob(actions).sum(-1).mean();

    /// <summary>Compares the value (and optionally the gradients) with the reference on random inputs.</summary>
    public static void Verify(Func<Tensor, Tensor, Tensor, Tensor> f, int batch, int actDim, ulong seed, bool gradients)
    {
        string call = $"GaussianNll(mean [{batch}, {actDim}], logStd [{actDim}], actions [{batch}, {actDim}])";
        var gen = new Generator((long)seed);
        var mean = torch.randn(new long[] { batch, actDim }, generator: gen);
        var logStd = torch.randn(new long[] { actDim }, generator: gen).mul(0.5);
        var actions = torch.randn(new long[] { batch, actDim }, generator: gen);
        var m1 = mean.clone().requires_grad_(); var s1 = logStd.clone().requires_grad_();
        var m2 = mean.clone().requires_grad_(); var s2 = logStd.clone().requires_grad_();
        var want = Reference(m1, s1, actions);
        var got = TensorExpect.NotNull(f(m2, s2, actions), call);
        TensorExpect.Shape([], got, call, "The loss is one number: sum over the action dims, then mean over the batch.");
        TensorExpect.Close(want, got, 1e-4, call, "log N(a; μ, σ) = −(a − μ)²/(2σ²) − log σ − ½ log(2π) per dim, summed over dims, averaged over the batch, negated.");
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
