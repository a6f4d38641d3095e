
namespace CourseKit.Checks.Dqn;

/// <summary>
/// Visible checks of <c>dqn.soft_update</c>:
/// <c>static void SoftUpdate(nn.Module target, nn.Module online, double tau)</c>:
/// every target parameter becomes tau·online + (1 − tau)·target; tau = 1 is a hard copy.
/// </summary>
[ExerciseChecks("dqn.soft_update")]
public static class SoftUpdateChecks
{
    /// <summary>The self-check cell: <c>SoftUpdateChecks.Run(SoftUpdate);</c></summary>
    public static SelfCheckReport Run(Action<nn.Module, nn.Module, double> softUpdate) => SelfCheck.Run("dqn.soft_update", softUpdate);

    /// <summary>Applies the student's update to fresh networks and compares with the formula.</summary>
    public static void Verify(Action<nn.Module, nn.Module, double> f, double tau, int layers, string what)
    {
        torch.manual_seed(42);
        nn.Module<Tensor, Tensor> Make() => layers == 1 ? nn.Sequential(nn.Linear(3, 2)) : nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 2));
        var online = Make();
        var target = Make();
        var o = DqnFixtures.Values(online);
        var t = DqnFixtures.Values(target);
        f(target, online, tau);
        var expected = o.Zip(t, (ov, tv) => tau * ov + (1 - tau) * tv).ToArray();
        Expect.SequenceCloseNamingRule(o.Select(v => (double)v).ToArray(), DqnFixtures.Values(online).Select(v => (double)v).ToArray(), 0, $"{what}: online parameters",
            "The online network must not change: only the target moves towards it.");
        Expect.SequenceCloseNamingRule(expected, DqnFixtures.Values(target).Select(v => (double)v).ToArray(), 1e-6, $"{what}: target parameters",
            "θ_target ← tau·θ_online + (1 − tau)·θ_target, parameter by parameter (matched by name).",
            (o.Zip(t, (ov, tv) => (1 - tau) * ov + tau * (double)tv).ToArray(), "tau and 1 − tau are swapped: tau is the share of the ONLINE weights (tau 1 copies them)."),
            (o.Select(v => (double)v).ToArray(), "Those are the online weights, copied whatever tau is: blend, tau·θ_online + (1 − tau)·θ_target."),
            (t.Select(v => (double)v).ToArray(), "The target did not change: update its parameters in place (mul_, add_) under torch.no_grad()."));
    }

    /// <summary>tau = 1 copies the online network.</summary>
    [Check(Description = "tau 1 is a hard copy")]
    public static void HardCopy(Action<nn.Module, nn.Module, double> f) => Verify(f, 1.0, 1, "SoftUpdate(target, online, tau: 1)");

    /// <summary>tau = 0.25 blends.</summary>
    [Check(Description = "tau 0.25 blends a quarter of the online weights in")]
    public static void Blend(Action<nn.Module, nn.Module, double> f) => Verify(f, 0.25, 1, "SoftUpdate(target, online, tau: 0.25)");
}
