using CourseKit.Backend;

namespace CourseKit.Checks.Ddqn;

/// <summary>
/// Visible checks of <c>ddqn.target</c>:
/// <c>static Tensor DoubleDqnTarget(Tensor rewards, Tensor nextQOnline, Tensor nextQTarget, Tensor terminated, float gamma)</c>
/// with rewards [B], nextQOnline and nextQTarget [B, nActions], terminated [B] (1 = terminal) → y [B], where
/// y = r + γ·(1 − terminated)·Q_target(s', argmax_a' Q_online(s', a')).
/// </summary>
[ExerciseChecks("ddqn.target")]
public static class DoubleDqnTargetChecks
{
    /// <summary>The rule the exercise teaches, as the failure messages name it.</summary>
    public const string Rule = "The online network chooses the next action, a* = argmax_a' Q_online(s', a'); the target network values it: y = r + γ·(1 − terminated)·Q_target(s', a*).";

    /// <summary>The self-check cell: <c>DoubleDqnTargetChecks.Run(DoubleDqnTarget);</c></summary>
    public static SelfCheckReport Run(Func<Tensor, Tensor, Tensor, Tensor, float, Tensor> doubleDqnTarget) => SelfCheck.Run("ddqn.target", doubleDqnTarget);

    /// <summary>Which network picks a' and which one values it, in the right answer and in the known mistakes.</summary>
    internal enum Variant { Double, MaxOfTarget, MaxOfOnline, ChosenByTargetValuedByOnline, NoMask }

    /// <summary>y element by element for <paramref name="variant"/> (ties of the online network go to the lowest action, as argmax does).</summary>
    internal static double[] Expected(float[] r, float[,] online, float[,] target, float[] term, double gamma, Variant variant = Variant.Double) =>
        Enumerable.Range(0, r.Length).Select(i =>
        {
            int n = online.GetLength(1);
            int ArgMax(float[,] q) { int best = 0; for (int a = 1; a < n; a++) if (q[i, a] > q[i, best]) best = a; return best; }
            double next = variant switch
            {
                Variant.MaxOfTarget => target[i, ArgMax(target)],
                Variant.MaxOfOnline => online[i, ArgMax(online)],
                Variant.ChosenByTargetValuedByOnline => online[i, ArgMax(target)],
                _ => target[i, ArgMax(online)],
            };
            double mask = variant == Variant.NoMask ? 1 : 1 - term[i];
            return r[i] + gamma * mask * next;
        }).ToArray();

    /// <summary>
    /// Calls the student's function and checks shape and values; with <paramref name="gradients"/> both Q inputs
    /// require grad, as network outputs do outside torch.no_grad(), and the target must come back detached.
    /// </summary>
    public static void Verify(Func<Tensor, Tensor, Tensor, Tensor, float, Tensor> f, float[] r, float[,] online, float[,] target, float[] term,
                              float gamma, string what, bool gradients = false)
    {
        var qOnline = torch.tensor(online);
        var qTarget = torch.tensor(target);
        if (gradients) { qOnline.requires_grad_(); qTarget.requires_grad_(); }
        var y = f(torch.tensor(r), qOnline, qTarget, torch.tensor(term), gamma);
        Expect.True(y is not null, $"{what} returned null.");
        Expect.Equal($"[{r.Length}]", $"[{string.Join(", ", y!.shape)}]",
            $"{what}: shape of the target (one value per transition: after gather(1, a.unsqueeze(-1)) drop the last dimension with .squeeze(-1), or it broadcasts against rewards)");
        double[] got;
        using (torch.no_grad()) got = TensorData.ToArray<float>(y).Select(v => float.IsFinite(v) ? (double)(decimal)v : v).ToArray();   // via decimal: 20.8f shows as 20.8
        Expect.SequenceCloseNamingRule(Expected(r, online, target, term, gamma), got, 1e-5, what, Rule,
            (Expected(r, online, target, term, gamma, Variant.MaxOfTarget), "That is plain DQN's target, max_a' Q_target(s', a'): the target network both chose and valued the next action. In Double DQN the ONLINE network chooses a* = argmax_a' Q_online(s', a'), and the target network only values it, Q_target(s', a*)."),
            (Expected(r, online, target, term, gamma, Variant.ChosenByTargetValuedByOnline), "The roles are swapped: the target network chose a' and the online network valued it. The ONLINE network chooses a* = argmax_a' Q_online(s', a'); the target network values it, Q_target(s', a*)."),
            (Expected(r, online, target, term, gamma, Variant.MaxOfOnline), "That bootstraps from max_a' Q_online(s', a'): the online network chose AND valued the next action. The online network only chooses a*; the value comes from the target network, Q_target(s', a*)."),
            (Expected(r, online, target, term, gamma, Variant.NoMask), "Terminal transitions bootstrapped: a terminal transition (terminated = 1) has y = r alone; multiply the bootstrap by (1 − terminated)."));
        if (gradients)
            Expect.True(!y.requires_grad, $"{what}, with Q-values that require grad, returned a target that requires grad: the target is a label, so no gradient may flow through it; detach it (.detach()) or compute it under torch.no_grad().");
    }

    /// <summary>In every row the online and the target network prefer different next actions.</summary>
    [Check(Weight = 3, Description = "the online network chooses a', the target network values it")]
    public static void OnlineChoosesTargetValues(Func<Tensor, Tensor, Tensor, Tensor, float, Tensor> f) =>
        Verify(f, [1f, 0f, 2f],
            new float[,] { { 5f, 1f }, { -1f, -2f }, { 0.1f, 0.3f } },
            new float[,] { { 2f, 4f }, { 3f, 6f }, { 1.5f, -0.5f } },
            [0f, 0f, 0f], 0.9f,
            "DoubleDqnTarget(r=[1, 0, 2], nextQOnline=[[5, 1], [-1, -2], [0.1, 0.3]], nextQTarget=[[2, 4], [3, 6], [1.5, -0.5]], terminated=[0, 0, 0], gamma=0.9)");

    /// <summary>Terminal transitions keep only the reward.</summary>
    [Check(Weight = 2, Description = "terminal transitions do not bootstrap")]
    public static void TerminalMasks(Func<Tensor, Tensor, Tensor, Tensor, float, Tensor> f) =>
        Verify(f, [1f, 1f],
            new float[,] { { 0f, 1f }, { 0f, 1f } },
            new float[,] { { 30f, 10f }, { 30f, 10f } },
            [1f, 0f], 0.99f,
            "DoubleDqnTarget(r=[1, 1], nextQOnline=[[0, 1], [0, 1]], nextQTarget=[[30, 10], [30, 10]], terminated=[1, 0], gamma=0.99)");

    /// <summary>The target is a label: no gradient may flow through it into either network.</summary>
    [Check(Weight = 1, Description = "the target carries no gradient")]
    public static void Detached(Func<Tensor, Tensor, Tensor, Tensor, float, Tensor> f) =>
        Verify(f, [0f, 1f],
            new float[,] { { 2f, 1f }, { -1f, 0.5f } },
            new float[,] { { 1f, 3f }, { 4f, -2f } },
            [0f, 1f], 0.9f,
            "DoubleDqnTarget(r=[0, 1], nextQOnline=[[2, 1], [-1, 0.5]] and nextQTarget=[[1, 3], [4, -2]], both with requires_grad, terminated=[0, 1], gamma=0.9)",
            gradients: true);
}
