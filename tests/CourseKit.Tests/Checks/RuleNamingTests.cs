using CourseKit.Checks;
using CourseKit.Checks.Dqn;
using CourseKit.Checks.Tabular;

namespace CourseKit.Tests.Checks;

/// <summary>Failure messages name the rule a wrong answer breaks, with the student's value and the expected one.</summary>
public class RuleNamingTests
{
    [Fact]
    public void CloseNamingRule_names_the_rule_of_the_matching_known_mistake()
    {
        var e = Assert.Throws<CheckFailedException>(() =>
            Expect.CloseNamingRule(1.0, 2.0, 1e-9, "F(x)", "the general rule", (3.0, "rule three"), (2.0, "rule two")));
        Assert.Equal("F(x): got 2, expected 1. rule two", e.Message);
    }

    [Fact]
    public void CloseNamingRule_falls_back_to_the_general_rule_and_passes_within_tolerance()
    {
        var e = Assert.Throws<CheckFailedException>(() => Expect.CloseNamingRule(1.0, 5.0, 1e-9, "F(x)", "the general rule", (2.0, "rule two")));
        Assert.EndsWith("the general rule", e.Message);
        Expect.CloseNamingRule(1.0, 1.0 + 1e-12, 1e-9, "F(x)", "never shown");
    }

    [Fact]
    public void Counts_say_one_value_and_two_values()
    {
        Assert.Equal("1 value", Expect.Count(1, "value"));
        Assert.Equal("2 values", Expect.Count(2, "value"));
        var e = Assert.Throws<CheckFailedException>(() => Expect.SequenceClose([1.0, 2.0], [1.0], 0, "F()"));
        Assert.Contains("expected 2 values [1, 2], got 1: [1]", e.Message);
    }

    [Fact]
    public void A_td_target_without_terminal_mask_fails_the_visible_check_naming_the_terminal_rule()
    {
        Func<torch.Tensor, torch.Tensor, torch.Tensor, float, torch.Tensor> noMask = (r, q, term, gamma) => (r + gamma * q.max(1).values).detach();
        var e = Assert.Throws<CheckFailedException>(() => TdTargetChecks.TerminalMasks(noMask));
        Assert.Contains("a terminal transition (terminated = 1) has y = r alone", e.Message);
        Assert.Contains("element [0] is 20.8, expected 1", e.Message);
    }

    [Fact]
    public void A_q_learning_update_that_ignores_alpha_is_told_to_blend()
    {
        Action<double[,], int, int, double, int, bool, double, double> replace = (q, s, a, r, s2, term, alpha, gamma) =>
            q[s, a] = r + (term ? 0 : gamma * Math.Max(q[s2, 0], q[s2, 1]));
        var e = Assert.Throws<CheckFailedException>(() => QLearningUpdateChecks.Bootstraps(replace));
        Assert.Contains("q[0, 0] is 1.72, expected 1.11", e.Message);
        Assert.Contains("blend it, (1 − alpha)·q[s, a] + alpha·target", e.Message);
    }

    [Fact]
    public void The_tabular_reference_matches_the_recorded_optimal_values_when_terminal_transitions_lead_back_to_the_start()
    {
        // Nothing follows a termination, so pointing terminating transitions at the start must not change V^π.
        var plain = TabularReference.EvaluatePolicy(TabularFixtures.FrozenLake(CourseKit.Envs.FrozenLakeMaps.Map4x4, true), [.. PolicyEvaluationChecks.OptimalPolicy4x4Slippery], 0.99, 3000);
        var moved = TabularReference.EvaluatePolicy(TabularFixtures.FrozenLakeEndsAtStart(CourseKit.Envs.FrozenLakeMaps.Map4x4, true), [.. PolicyEvaluationChecks.OptimalPolicy4x4Slippery], 0.99, 3000);
        Assert.Equal(plain, moved);
        Assert.Equal(ValueIterationChecks.VStar4x4SlipperyGamma099[0], moved[0], 6);
        var bootstrapping = TabularReference.EvaluatePolicy(TabularFixtures.FrozenLakeEndsAtStart(CourseKit.Envs.FrozenLakeMaps.Map4x4, true), [.. PolicyEvaluationChecks.OptimalPolicy4x4Slippery], 0.99, 3000, bootstrapTerminal: true);
        Assert.True(bootstrapping[0] > moved[0] + 0.1, $"bootstrapping after termination gave V[0] = {bootstrapping[0]}, the right value is {moved[0]}");
    }
}
