using CourseKit.Torch;
using static CourseKit.Torch.torch;

namespace CourseKit.Checks.Dqn;

/// <summary>
/// Visible checks of <c>dqn.loss</c>:
/// <c>static Tensor DqnLoss(Tensor qValues, Tensor actions, Tensor targets)</c> with qValues [B, nActions],
/// actions [B] int64, targets [B] → the mean Huber (smooth L1) loss of Q(s, a) against the targets.
/// </summary>
[ExerciseChecks("dqn.loss")]
public static class LossChecks
{
    /// <summary>The self-check cell: <c>LossChecks.Run(DqnLoss);</c></summary>
    public static SelfCheckReport Run(Func<Tensor, Tensor, Tensor, Tensor> dqnLoss) => SelfCheck.Run("dqn.loss", dqnLoss);

    /// <summary>Mean smooth-L1 of the chosen Q-values, by hand.</summary>
    public static double Expected(float[,] q, long[] actions, float[] targets)
    {
        double sum = 0;
        for (int i = 0; i < actions.Length; i++)
        {
            double d = Math.Abs(q[i, actions[i]] - targets[i]);
            sum += d < 1 ? 0.5 * d * d : d - 0.5;
        }
        return sum / actions.Length;
    }

    /// <summary>Runs the loss and returns its value and the gradient it puts on the Q-values.</summary>
    public static (double loss, float[] grad) Evaluate(Func<Tensor, Tensor, Tensor, Tensor> f, float[,] q, long[] actions, float[] targets, string what)
    {
        var qt = torch.tensor(q).requires_grad_();
        var loss = f(qt, torch.tensor(actions), torch.tensor(targets));
        Expect.True(loss is not null && loss.numel() == 1, $"{what} must return a single number (reduce with the loss's mean), got shape [{string.Join(", ", loss?.shape ?? [])}].");
        Expect.True(loss!.requires_grad, $"{what}: the loss does not depend on qValues through autograd. Compute it from qValues with tensor ops (gather), not from copied numbers.");
        loss.backward();
        return (loss.item<float>(), qt.grad!.ToArray<float>());
    }

    /// <summary>The value matches mean smooth-L1 of Q(s, a) − y on the taken actions.</summary>
    [Check(Description = "Huber loss of Q(s, a) against the targets")]
    public static void Value(Func<Tensor, Tensor, Tensor, Tensor> f)
    {
        var q = new float[,] { { 1f, 2f }, { 0.5f, -1f }, { 3f, 0f } };
        long[] a = [1, 0, 0];
        float[] y = [2.5f, 0f, 0f];
        var (loss, _) = Evaluate(f, q, a, y, "DqnLoss(q=[[1, 2], [0.5, -1], [3, 0]], actions=[1, 0, 0], targets=[2.5, 0, 0])");
        Expect.Close(Expected(q, a, y), loss, 1e-5, "DqnLoss(q=[[1, 2], [0.5, -1], [3, 0]], actions=[1, 0, 0], targets=[2.5, 0, 0])");
    }

    /// <summary>Only the taken actions' Q-values receive gradient.</summary>
    [Check(Description = "gradient flows only into the taken actions")]
    public static void GradientOnTakenActions(Func<Tensor, Tensor, Tensor, Tensor> f)
    {
        // Errors of +0.5 and -0.5 (the quadratic part of Huber), averaged over 2: gradients +0.25 and -0.25.
        var (_, g) = Evaluate(f, new float[,] { { 1f, 2f }, { 0f, 0f } }, [0, 1], [0.5f, 0.5f], "DqnLoss(q=[[1, 2], [0, 0]], actions=[0, 1], targets=[0.5, 0.5])");
        Expect.SequenceClose([0.25, 0, 0, -0.25], g.Select(v => (double)v).ToArray(), 1e-6, "gradient of the loss with respect to qValues");
    }
}
