using CourseKit.Backend;

namespace CourseKit.Checks.Dqn;

/// <summary>
/// Visible checks of <c>dqn.td_target</c>:
/// <c>static Tensor TdTarget(Tensor rewards, Tensor nextQTarget, Tensor terminated, float gamma)</c>
/// with rewards [B], nextQTarget [B, nActions], terminated [B] (1 = terminal) → y [B].
/// </summary>
[ExerciseChecks("dqn.td_target")]
public static class TdTargetChecks
{
    /// <summary>The self-check cell: <c>TdTargetChecks.Run(TdTarget);</c></summary>
    public static SelfCheckReport Run(Func<Tensor, Tensor, Tensor, float, Tensor> tdTarget) => SelfCheck.Run("dqn.td_target", tdTarget);

    /// <summary>y element by element; the flags give what a known mistake computes instead.</summary>
    internal static double[] Expected(float[] r, float[,] nextQ, float[] term, double gamma, bool noMask = false, bool reversedMask = false, bool mean = false) =>
        Enumerable.Range(0, r.Length).Select(i =>
        {
            var row = Enumerable.Range(0, nextQ.GetLength(1)).Select(a => (double)nextQ[i, a]);
            double mask = noMask ? 1 : reversedMask ? term[i] : 1 - term[i];
            return r[i] + gamma * mask * (mean ? row.Average() : row.Max());
        }).ToArray();

    /// <summary>
    /// Calls the student's function and checks shape and values; with <paramref name="gradients"/> the next Q-values
    /// require grad, as a target network's output does outside torch.no_grad(), and the target must come back detached.
    /// </summary>
    public static void Verify(Func<Tensor, Tensor, Tensor, float, Tensor> f, float[] r, float[,] nextQ, float[] term, float gamma, string what, bool gradients = false)
    {
        var next = torch.tensor(nextQ);
        if (gradients) next.requires_grad_();
        var y = f(torch.tensor(r), next, torch.tensor(term), gamma);
        Expect.True(y is not null, $"{what} returned null.");
        Expect.Equal($"[{r.Length}]", $"[{string.Join(", ", y!.shape)}]",
            $"{what}: shape of the target (one value per transition; .max(1).values gives [B], keepdim would give [B, 1] and broadcast against rewards)");
        double[] got;
        using (torch.no_grad()) got = TensorData.ToArray<float>(y).Select(v => float.IsFinite(v) ? (double)(decimal)v : v).ToArray();   // via decimal: 20.8f shows as 20.8
        Expect.SequenceCloseNamingRule(Expected(r, nextQ, term, gamma), got, 1e-5, what,
            "y = r + γ·(1 − terminated)·max_a' Q_target(s', a').",
            (Expected(r, nextQ, term, gamma, noMask: true), "Terminal transitions bootstrapped: a terminal transition (terminated = 1) has y = r alone, multiply the bootstrap by (1 − terminated)."),
            (Expected(r, nextQ, term, gamma, reversedMask: true), "The terminal mask is reversed: multiply by (1 − terminated), so that only NON-terminal transitions bootstrap."),
            (Expected(r, nextQ, term, gamma, mean: true), "That bootstraps from the mean over next actions: take the max, .max(1).values."));
        if (gradients)
            Expect.True(!y.requires_grad, $"{what}, with a nextQTarget that requires grad, returned a target that requires grad: the target is a label, detach it (.detach()).");
    }

    /// <summary>Non-terminal transitions bootstrap from the best next action.</summary>
    [Check(Description = "y = r + gamma * max_a' Q_target(s', a')")]
    public static void Bootstraps(Func<Tensor, Tensor, Tensor, float, Tensor> f) =>
        Verify(f, [1f, 0f, 2f], new float[,] { { 1f, 3f }, { -2f, -1f }, { 0.5f, 0.25f } }, [0f, 0f, 0f], 0.9f, "TdTarget(r=[1, 0, 2], nextQ=[[1, 3], [-2, -1], [0.5, 0.25]], terminated=[0, 0, 0], gamma=0.9)");

    /// <summary>Terminal transitions keep only the reward.</summary>
    [Check(Weight = 2, Description = "terminal transitions do not bootstrap")]
    public static void TerminalMasks(Func<Tensor, Tensor, Tensor, float, Tensor> f) =>
        Verify(f, [1f, 1f], new float[,] { { 10f, 20f }, { 10f, 20f } }, [1f, 0f], 0.99f, "TdTarget(r=[1, 1], nextQ=[[10, 20], [10, 20]], terminated=[1, 0], gamma=0.99)");

    /// <summary>The target is a label: no gradient may flow through it into the target network.</summary>
    [Check(Weight = 2, Description = "the target carries no gradient")]
    public static void Detached(Func<Tensor, Tensor, Tensor, float, Tensor> f) =>
        Verify(f, [0f, 1f], new float[,] { { 1f, 2f }, { -1f, 0.5f } }, [0f, 1f], 0.9f, "TdTarget(r=[0, 1], nextQ=[[1, 2], [-1, 0.5]] with requires_grad, terminated=[0, 1], gamma=0.9)", gradients: true);
}
