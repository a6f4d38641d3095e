namespace CourseKit.Checks.Dagger;

/// <summary>
/// Visible checks of <c>dagger.mixed_action</c>:
/// <c>static float[] MixedAction(float[] observation, Func&lt;float[], float[]&gt; expert, Func&lt;float[], float[]&gt; learner, double beta, Random rng)</c>.
/// </summary>
[ExerciseChecks("dagger.mixed_action")]
public static class MixedActionChecks
{
    /// <summary>The self-check cell: <c>MixedActionChecks.Run(MixedAction);</c></summary>
    public static SelfCheckReport Run(Func<float[], Func<float[], float[]>, Func<float[], float[]>, double, Random, float[]> mixedAction) => SelfCheck.Run("dagger.mixed_action", mixedAction);

    /// <summary>Calls the student's function <paramref name="n"/> times and counts who answered and who was asked.</summary>
    public static (int expertAnswers, int expertCalls, int learnerCalls) Count(Func<float[], Func<float[], float[]>, Func<float[], float[]>, double, Random, float[]> f, double beta, int n, Random rng)
    {
        int expertCalls = 0, learnerCalls = 0, expertAnswers = 0;
        var obs = new float[] { 0.5f, -0.5f };
        for (int i = 0; i < n; i++)
        {
            var a = f(obs, o => { expertCalls++; return [1f]; }, o => { learnerCalls++; return [-1f]; }, beta, rng);
            Expect.True(a is { Length: 1 } && (a[0] == 1f || a[0] == -1f), $"MixedAction(..., beta: {beta}) returned {(a is null ? "null" : "[" + string.Join(", ", a) + "]")}: return the action of the expert or of the learner, unchanged.");
            if (a![0] == 1f) expertAnswers++;
        }
        return (expertAnswers, expertCalls, learnerCalls);
    }

    /// <summary>beta 1 and 0 are the pure policies.</summary>
    [Check(Description = "beta 1 always asks the expert, beta 0 always the learner")]
    public static void Extremes(Func<float[], Func<float[], float[]>, Func<float[], float[]>, double, Random, float[]> f)
    {
        var (answers, expertCalls, learnerCalls) = Count(f, 1.0, 50, new Random(1));
        Expect.True(answers == 50 && learnerCalls == 0, $"MixedAction(..., beta: 1) 50 times: the expert acted {answers} times and the learner was called {learnerCalls} times; beta 1 is the expert alone.");
        (answers, expertCalls, learnerCalls) = Count(f, 0.0, 50, new Random(2));
        Expect.True(answers == 0 && expertCalls == 0, $"MixedAction(..., beta: 0) 50 times: the expert acted {answers} times and was called {expertCalls} times; beta 0 is the learner alone.");
    }

    /// <summary>In between, the expert acts a beta share of the time, and only the acting policy is called.</summary>
    [Check(Description = "beta 0.3: the expert acts about 30% of the time; only the acting policy is called")]
    public static void Mixture(Func<float[], Func<float[], float[]>, Func<float[], float[]>, double, Random, float[]> f)
    {
        var (answers, expertCalls, learnerCalls) = Count(f, 0.3, 2000, new Random(3));
        Expect.True(answers > 520 && answers < 680, $"MixedAction(..., beta: 0.3) 2000 times: the expert acted {answers} times; expected about 600.");
        Expect.True(expertCalls + learnerCalls == 2000, $"MixedAction called the policies {expertCalls + learnerCalls} times in 2000 calls: call only the policy that acts.");
    }
}
