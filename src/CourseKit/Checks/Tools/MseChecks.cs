
namespace CourseKit.Checks.Tools;

/// <summary>
/// Visible checks of <c>tools.mse</c>: <c>static Tensor Mse(Tensor prediction, Tensor target)</c>, the
/// mean squared error written with tensor ops, equal to <c>nn.functional.mse_loss</c> in value and gradient.
/// </summary>
[ExerciseChecks("tools.mse")]
public static class MseChecks
{
    /// <summary>The self-check cell under the exercise: <c>MseChecks.Run(Mse);</c></summary>
    public static SelfCheckReport Run(Func<Tensor, Tensor, Tensor> mse) => SelfCheck.Run("tools.mse", mse);

    /// <summary>Three numbers small enough to work out by hand: ((1−1)² + (2−0)² + (3−5)²) / 3 = 8/3.</summary>
    [Check(Description = "value on three numbers worked out by hand")]
    public static void ValueByHand(Func<Tensor, Tensor, Tensor> mse)
    {
        var prediction = tensor(new float[] { 1, 2, 3 });
        var target = tensor(new float[] { 1, 0, 5 });
        var loss = TensorExpect.NotNull(mse(prediction, target), "Mse([1, 2, 3], [1, 0, 5])");
        Expect.True(loss.numel() == 1, $"Mse([1, 2, 3], [1, 0, 5]) returned {Expect.Count(loss.numel(), "value")} (shape {TensorExpect.Format(loss.shape)}); a loss is one number: average over all elements.");
        Expect.CloseNamingRule(8.0 / 3.0, TensorExpect.Values(loss)[0], 1e-6, "Mse([1, 2, 3], [1, 0, 5])",
            "It is ((1-1)² + (2-0)² + (3-5)²) / 3 = 8/3: square the differences, then average them.",
            (8, "That is the sum of the squared differences: take their mean over all elements."),
            (4.0 / 3.0, "That is the mean absolute difference: square the differences before averaging them."));
    }

    /// <summary>The loss is one number, a 0-dim tensor, as <c>mse_loss</c> returns.</summary>
    [Check(Description = "returns one number (a 0-dim tensor), like mse_loss")]
    public static void ReturnsAScalar(Func<Tensor, Tensor, Tensor> mse) =>
        TensorExpect.Shape([], mse(tensor(new float[] { 0.5f, -1, 2, 4 }), tensor(new float[] { 0, 0, 0, 0 })), "Mse(float32 [4], float32 [4])",
            "Reduce with .mean() over all elements so that loss.backward() can start from it.");

    /// <summary>On random inputs the value and the gradient with respect to the prediction match <c>mse_loss</c>.</summary>
    [Check(Description = "value and gradient match functional.mse_loss")]
    public static void MatchesMseLoss(Func<Tensor, Tensor, Tensor> mse)
    {
        var gen = new Generator(7);
        var p = randn([8], generator: gen);
        var t = randn([8], generator: gen);
        const string call = "Mse(prediction float32 [8] with requires_grad, target float32 [8])";
        var (value, grad) = ValueAndGrad(mse, p, t, call);
        var (refValue, refGrad) = ValueAndGrad((a, b) => nn.functional.mse_loss(a, b), p, t, "mse_loss");
        TensorExpect.Close(refValue, value, 1e-5, call);
        TensorExpect.Close(refGrad, grad, 1e-5, "the gradient of your Mse with respect to prediction",
            "mse_loss's gradient is 2·(prediction − target)/n; use differentiable tensor ops only (no .detach(), no ToArray()).");
    }

    /// <summary>Runs <paramref name="loss"/> on a fresh leaf copy of the prediction and returns (value, d value / d prediction).</summary>
    internal static (Tensor Value, Tensor Grad) ValueAndGrad(Func<Tensor, Tensor, Tensor> loss, Tensor prediction, Tensor target, string call)
    {
        var p = prediction.detach().clone().requires_grad_();
        var value = TensorExpect.NotNull(loss(p, target.detach().clone()), call);
        if (value.numel() != 1)
            throw new CheckFailedException($"{call} returned shape {TensorExpect.Format(value.shape)}; a loss is one number (use .mean()).");
        if (!value.requires_grad)
            throw new CheckFailedException($"{call} returned a tensor without gradient: build the loss from tensor ops on prediction (no .detach(), no ToArray(), no torch.no_grad()).");
        value.backward();
        if (p.grad is null)
            throw new CheckFailedException($"{call}: after loss.backward() prediction.grad is null: the loss does not depend on prediction through tensor ops.");
        return (value.detach(), p.grad);
    }

    [Check(Description = "different shapes ([6] vs [6, 1]) throw ArgumentException", Weight = 2)]
    public static void ShapeMismatchThrows(Func<Tensor, Tensor, Tensor> mse)
    {
        var p = tensor(new float[] { 1, 2, 3, 4, 5, 6 });
        var t = tensor(new float[] { 1, 2, 3, 4, 5, 6 }, [6, 1]);
        Tensor result;
        try { result = mse(p, t); }
        catch (ArgumentException) { return; }
        throw new CheckFailedException(
            $"Mse(prediction [6], target [6, 1]) returned {TensorExpect.Show(TensorExpect.NotNull(result, "Mse([6], [6, 1])"))} instead of throwing ArgumentException: " +
            "broadcasting turned 6 differences into 36. Compare prediction.shape with target.shape first.");
    }
}
