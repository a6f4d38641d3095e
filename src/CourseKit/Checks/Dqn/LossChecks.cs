using CourseKit.Backend;

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

    /// <summary>Mean smooth-L1 of the chosen Q-values, by hand; the flags give what a known mistake computes instead.</summary>
    internal static double Expected(float[,] q, long[] actions, float[] targets, bool maxQ = false, bool squared = false, bool sum = false, bool broadcast = false)
    {
        if (broadcast)
        {
            // [B, 1] Q-values against [B] targets, broadcast to [B, B]: every Q(s_i, a_i) against every target y_j.
            double all = 0;
            for (int i = 0; i < actions.Length; i++)
                for (int j = 0; j < targets.Length; j++)
                {
                    double d = Math.Abs(q[i, actions[i]] - targets[j]);
                    all += d < 1 ? 0.5 * d * d : d - 0.5;
                }
            return all / ((double)actions.Length * targets.Length);
        }
        double total = 0;
        for (int i = 0; i < actions.Length; i++)
        {
            double qa = maxQ ? Enumerable.Range(0, q.GetLength(1)).Max(a => q[i, a]) : q[i, actions[i]];
            double d = Math.Abs(qa - targets[i]);
            total += squared ? d * d : d < 1 ? 0.5 * d * d : d - 0.5;
        }
        return sum ? total : total / actions.Length;
    }

    /// <summary>Runs the student's loss on one batch and compares its value with the mean Huber loss of Q(s, a); the message names the rule a known mistake breaks.</summary>
    public static void VerifyValue(Func<Tensor, Tensor, Tensor, Tensor> f, float[,] q, long[] actions, float[] targets, string what)
    {
        var (loss, _) = Evaluate(f, q, actions, targets, what);
        Expect.CloseNamingRule(Expected(q, actions, targets), loss, 1e-5, what,
            "The loss is the mean over the batch of Huber(Q(s, a) − y): 0.5·d² when |d| < 1, |d| − 0.5 beyond.",
            (Expected(q, actions, targets, maxQ: true), "That is the loss of max_a Q(s, a): use Q of the TAKEN action, qValues.gather(1, actions.unsqueeze(-1))."),
            (Expected(q, actions, targets, squared: true), "That is the mean squared error: DQN's loss here is Huber (nn.functional.smooth_l1_loss), linear for errors beyond 1."),
            (Expected(q, actions, targets, sum: true), "That is the sum over the batch: take the mean."),
            (Expected(q, actions, targets, broadcast: true), "That is the loss of [B, 1] Q-values against [B] targets broadcast to a [B, B] shape " +
                "(TorchSharp, like PyTorch, broadcasts them without a word): squeeze the gathered Q-values back to [B] with .squeeze(-1)."));
    }

    /// <summary>Runs the loss and returns its value and the gradient it puts on the Q-values.</summary>
    public static (double loss, float[] grad) Evaluate(Func<Tensor, Tensor, Tensor, Tensor> f, float[,] q, long[] actions, float[] targets, string what)
    {
        var qt = torch.tensor(q).requires_grad_();
        var loss = f(qt, torch.tensor(actions), torch.tensor(targets));
        Expect.True(loss is not null && loss.numel() == 1, $"{what} must return a single number (reduce with the loss's mean), got shape [{string.Join(", ", loss?.shape ?? [])}].");
        Expect.True(loss!.requires_grad, $"{what}: the loss does not depend on qValues through autograd. Compute it from qValues with tensor ops (gather), not from copied numbers.");
        loss.backward();
        return (loss.item<float>(), TensorData.ToArray<float>(qt.grad!));
    }

    /// <summary>
    /// The value matches mean smooth-L1 of Q(s, a) − y on the taken actions. Two of the three taken actions are not their
    /// row's largest Q-value, and the errors fall on both sides of 1, so max-Q and squared errors give other numbers.
    /// </summary>
    [Check(Description = "Huber loss of Q(s, a) of the taken actions against the targets")]
    public static void Value(Func<Tensor, Tensor, Tensor, Tensor> f) =>
        VerifyValue(f, new float[,] { { 1f, 2f }, { 0.5f, -1f }, { 3f, 0f } }, [0, 1, 0], [2.5f, 0f, 0.5f],
            "DqnLoss(q=[[1, 2], [0.5, -1], [3, 0]], actions=[0, 1, 0], targets=[2.5, 0, 0.5])");

    /// <summary>Only the taken actions' Q-values receive gradient.</summary>
    [Check(Description = "gradient flows only into the taken actions")]
    public static void GradientOnTakenActions(Func<Tensor, Tensor, Tensor, Tensor> f)
    {
        // Errors of +0.5 (quadratic part of Huber) and -3 (linear part), averaged over 2: gradients +0.25 and -0.5.
        var (_, g) = Evaluate(f, new float[,] { { 1f, 2f }, { 0f, 0f } }, [0, 1], [0.5f, 3f], "DqnLoss(q=[[1, 2], [0, 0]], actions=[0, 1], targets=[0.5, 3])");
        Expect.SequenceCloseNamingRule([0.25, 0, 0, -0.5], g.Select(v => (double)v).ToArray(), 1e-6, "gradient of the loss with respect to qValues [[1, 2], [0, 0]] (flattened)",
            "Only Q(s, a) of the taken actions may receive gradient: Huber's slope (d for |d| < 1, ±1 beyond), averaged over the batch.",
            ([0, 0.5, -0.5, 0], "The gradient went to each row's largest Q-value: use Q of the TAKEN action (gather), not the max."),
            ([0.5, 0, 0, -3], "That is the gradient of the mean squared error (2d/B): use Huber (smooth_l1_loss)."),
            ([0.5, 0, 0, -1], "That is the gradient of a sum: take the mean over the batch."));
    }
}
