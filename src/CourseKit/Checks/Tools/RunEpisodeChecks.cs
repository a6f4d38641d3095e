using CourseKit.Envs;

namespace CourseKit.Checks.Tools;

/// <summary>
/// Visible checks of <c>tools.run_episode</c>:
/// <c>static double RunEpisode(Env&lt;float[], int&gt; env, Func&lt;float[], int&gt; policy, int seed)</c>,
/// one episode from <c>Reset(seed)</c> until terminated or truncated, returning the sum of rewards.
/// </summary>
[ExerciseChecks("tools.run_episode")]
public static class RunEpisodeChecks
{
    /// <summary>The self-check cell under the exercise: <c>RunEpisodeChecks.Run(RunEpisode);</c></summary>
    public static SelfCheckReport Run(Func<Env<float[], int>, Func<float[], int>, int, double> runEpisode) => SelfCheck.Run("tools.run_episode", runEpisode);

    /// <summary>Always pushing left topples the pole in a few steps; the return is the number of steps.</summary>
    [Check(Description = "return of the always-left policy on CartPole, seed 0")]
    public static void AlwaysLeft(Func<Env<float[], int>, Func<float[], int>, int, double> runEpisode)
    {
        double expected = Reference(Gym.Make("CartPole-v1"), _ => 0, 0);
        double got = Guarded(runEpisode, Gym.Make("CartPole-v1"), _ => 0, 0, out _);
        Expect.Close(expected, got, 1e-6,
            "RunEpisode(CartPole-v1, policy: always 0 (push left), seed: 0) (reset with env.Reset(seed), add up every step.Reward, stop at Terminated or Truncated)");
    }

    /// <summary>The policy is asked once per step, first with the observation that <c>Reset(seed)</c> returned.</summary>
    [Check(Description = "the policy sees Reset's observation first and acts once per step")]
    public static void PolicySeesEveryObservation(Func<Env<float[], int>, Func<float[], int>, int, double> runEpisode)
    {
        var (first, _) = Gym.Make("CartPole-v1").Reset(3);
        Func<float[], int> lean = o => o[2] > 0 ? 1 : 0;
        double expected = Reference(Gym.Make("CartPole-v1"), lean, 3);
        double got = Guarded(runEpisode, Gym.Make("CartPole-v1"), lean, 3, out var seen);
        const string call = "RunEpisode(CartPole-v1, policy: push towards the pole's lean, seed: 3)";
        Expect.True(seen.Count > 0, $"{call} never called the policy: choose every action with policy(observation).");
        Expect.True(seen[0].SequenceEqual(first),
            $"{call}: the policy's first observation was [{string.Join(", ", seen[0])}], expected env.Reset(seed: 3)'s [{string.Join(", ", first)}]. Reset with the seed, then act on what Reset returned.");
        Expect.Equal((int)expected, seen.Count, $"{call}: number of policy calls (CartPole pays 1 per step, so one call per step)");
        Expect.Close(expected, got, 1e-6, call);
    }

    /// <summary>The episode the reference solution plays: Reset(seed), step until terminated or truncated.</summary>
    internal static double Reference(Env<float[], int> env, Func<float[], int> policy, int seed)
    {
        var (obs, _) = env.Reset(seed);
        double total = 0;
        while (true)
        {
            var step = env.Step(policy(obs));
            total += step.Reward;
            obs = step.Observation;
            if (step.Terminated || step.Truncated) return total;
        }
    }

    /// <summary>
    /// Calls the student's RunEpisode with a policy that records what it sees and refuses to act far past
    /// the end of the episode (so a loop that ignores Terminated/Truncated fails instead of running forever).
    /// </summary>
    public static double Guarded(Func<Env<float[], int>, Func<float[], int>, int, double> runEpisode, Env<float[], int> env,
                                   Func<float[], int> policy, int seed, out List<float[]> seen, int maxCalls = 2_000)
    {
        var observations = new List<float[]>();
        seen = observations;
        return runEpisode(env, o =>
        {
            observations.Add((float[])o.Clone());
            if (observations.Count > maxCalls)
                throw new CheckFailedException(
                    $"RunEpisode called the policy more than {maxCalls} times: stop when step.Terminated or step.Truncated is true (step.Done is either).");
            return policy(o);
        }, seed);
    }

    /// <summary>MountainCar pays −1 per step and always pushing right never reaches the flag: only the time limit ends the episode.</summary>
    [Check(Description = "sums the rewards and stops when the time limit truncates the episode", Weight = 2)]
    public static void StopsAtTruncation(Func<Env<float[], int>, Func<float[], int>, int, double> f)
    {
        double got = Guarded(f, Gym.Make("MountainCar-v0", maxEpisodeSteps: 30), _ => 2, 0, out var seen, maxCalls: 200);
        Expect.CloseNamingRule(-30, got, 1e-6,
            "RunEpisode(MountainCar-v0 with a 30-step limit, policy: always 2 (push right), seed: 0): 30 steps of reward -1 until the time limit truncates the episode",
            "Return the sum of step.Reward over the episode, and stop at step.Terminated or step.Truncated.",
            (30, "That is the number of steps: the return is the sum of step.Reward (MountainCar pays -1 per step)."));
        Expect.Equal(30, seen.Count, "number of policy calls in a 30-step episode (stop on step.Truncated too)");
    }
}
