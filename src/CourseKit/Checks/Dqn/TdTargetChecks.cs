using CourseKit.Torch;
using static CourseKit.Torch.torch;

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

    /// <summary>Expected y computed element by element.</summary>
    public static double[] Expected(float[] r, float[,] nextQ, float[] term, double gamma) =>
        Enumerable.Range(0, r.Length).Select(i =>
            r[i] + gamma * (1 - term[i]) * Enumerable.Range(0, nextQ.GetLength(1)).Max(a => nextQ[i, a])).ToArray();

    /// <summary>Calls the student's function and checks shape and values.</summary>
    public static void Verify(Func<Tensor, Tensor, Tensor, float, Tensor> f, float[] r, float[,] nextQ, float[] term, float gamma, string what)
    {
        var y = f(torch.tensor(r), torch.tensor(nextQ), torch.tensor(term), gamma);
        Expect.True(y is not null, $"{what} returned null.");
        Expect.Equal($"[{r.Length}]", $"[{string.Join(", ", y!.shape)}]", $"{what}: shape of the target (one value per transition; use .max(1).values, not keepdim)");
        Expect.SequenceClose(Expected(r, nextQ, term, gamma), y.ToArray<float>().Select(v => (double)v).ToArray(), 1e-5, what);
    }

    /// <summary>Non-terminal transitions bootstrap from the best next action.</summary>
    [Check(Description = "y = r + gamma * max_a' Q_target(s', a')")]
    public static void Bootstraps(Func<Tensor, Tensor, Tensor, float, Tensor> f) =>
        Verify(f, [1f, 0f, 2f], new float[,] { { 1f, 3f }, { -2f, -1f }, { 0.5f, 0.25f } }, [0f, 0f, 0f], 0.9f, "TdTarget(r=[1, 0, 2], nextQ=[[1, 3], [-2, -1], [0.5, 0.25]], terminated=[0, 0, 0], gamma=0.9)");

    /// <summary>Terminal transitions keep only the reward.</summary>
    [Check(Description = "terminal transitions do not bootstrap")]
    public static void TerminalMasks(Func<Tensor, Tensor, Tensor, float, Tensor> f) =>
        Verify(f, [1f, 1f], new float[,] { { 10f, 20f }, { 10f, 20f } }, [1f, 0f], 0.99f, "TdTarget(r=[1, 1], nextQ=[[10, 20], [10, 20]], terminated=[1, 0], gamma=0.99)");

    [Check(Description = "the target carries no gradient")]
    public static void Detached(Func<Tensor, Tensor, Tensor, float, Tensor> f)
    {
        var next = torch.tensor(new float[,] { { 1f, 2f } }).requires_grad_();
        var y = f(torch.tensor(new float[] { 0f }), next, torch.tensor(new float[] { 0f }), 0.9f);
        Expect.True(!y.requires_grad, "TdTarget(...) with a nextQTarget that requires grad returned a tensor that requires grad; detach the target (.detach()).");
    }
}
