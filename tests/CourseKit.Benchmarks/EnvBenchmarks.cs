using System.Diagnostics;
using CourseKit.Envs;

namespace CourseKit.Benchmarks;

/// <summary>Environment throughput: CartPole single and vectorised, tabular Q-learning on FrozenLake 8x8.</summary>
public sealed class EnvBenchmarks : IBenchmarkSuite
{
    public string Name => "envs";
    public string Description => "CartPole steps/s (single env and 8-env vector), FrozenLake 8x8 Q-learning updates/s";

    const int Rounds = 5;

    public void Run()
    {
        Measure.Report("cartpole_steps_per_s", Median(CartPoleSteps, 4_000_000), "steps/s");
        Measure.Report("cartpole_bytes_per_step", CartPoleBytesPerStep(), "B/step");
        // The two paths the vector env is compared on run in alternating rounds, so a busy machine slows both alike.
        var (inPlace, vector8, ratio) = MedianInterleaved(CartPoleStepsInPlace, CartPoleVectorSteps, 4_000_000);
        Measure.Report("cartpole_inplace_steps_per_s", inPlace, "steps/s");
        Measure.Report("cartpole_vector8_steps_per_s", vector8, "steps/s");
        Measure.Report("cartpole_vector8_over_inplace", ratio, "x");
        Measure.Report("frozenlake8x8_q_updates_per_s", Median(FrozenLakeQUpdates, 4_000_000), "updates/s");
    }

    static double Median(Func<int, double> secondsFor, int steps)
    {
        secondsFor(steps / 4); // warm-up: tiered JIT, caches
        var rates = new double[Rounds];
        for (int r = 0; r < Rounds; r++) rates[r] = steps / secondsFor(steps);
        Array.Sort(rates);
        return rates[Rounds / 2];
    }

    /// <summary>Median rates of two loops timed in alternating rounds, and the median of their round-by-round ratio b/a.</summary>
    static (double a, double b, double ratio) MedianInterleaved(Func<int, double> a, Func<int, double> b, int steps)
    {
        a(steps / 4);
        b(steps / 4);
        var ra = new double[Rounds];
        var rb = new double[Rounds];
        var ratio = new double[Rounds];
        for (int r = 0; r < Rounds; r++)
        {
            ra[r] = steps / a(steps);
            rb[r] = steps / b(steps);
            ratio[r] = rb[r] / ra[r];
        }
        Array.Sort(ra);
        Array.Sort(rb);
        Array.Sort(ratio);
        return (ra[Rounds / 2], rb[Rounds / 2], ratio[Rounds / 2]);
    }

    // A cheap xorshift picks actions so the policy costs next to nothing next to the env.
    static uint NextRandom(ref uint state)
    {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        return state;
    }

    // Gym.Make's env (TimeLimit over CartPoleEnv), the public Step API, random actions, resets included.
    static double CartPoleSteps(int steps)
    {
        var env = Gym.Make("CartPole-v1");
        env.Reset(seed: 0);
        uint random = 12345;
        long start = Stopwatch.GetTimestamp();
        for (int t = 0; t < steps; t++)
        {
            var s = env.Step((int)(NextRandom(ref random) & 1));
            if (s.Terminated || s.Truncated) env.Reset();
        }
        return Stopwatch.GetElapsedTime(start).TotalSeconds;
    }

    // The allocation-free path the vector env uses (internal): the same env without the new float[] per step.
    static double CartPoleStepsInPlace(int steps)
    {
        var env = Gym.Make("CartPole-v1");
        Span<float> obs = stackalloc float[4];
        env.ResetInto(0, obs);
        uint random = 12345;
        long start = Stopwatch.GetTimestamp();
        for (int t = 0; t < steps; t++)
        {
            var o = env.StepInto((int)(NextRandom(ref random) & 1), obs);
            if (o.Terminated || o.Truncated) env.ResetInto(null, obs);
        }
        return Stopwatch.GetElapsedTime(start).TotalSeconds;
    }

    static double CartPoleBytesPerStep()
    {
        var env = Gym.Make("CartPole-v1");
        env.Reset(seed: 0);
        uint random = 1;
        const int steps = 100_000;
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int t = 0; t < steps; t++)
            if (env.Step((int)(NextRandom(ref random) & 1)).Done) env.Reset();
        return (GC.GetAllocatedBytesForCurrentThread() - before) / (double)steps;
    }

    static double CartPoleVectorSteps(int steps)
    {
        using var envs = Gym.MakeVector("CartPole-v1", 8);
        envs.Reset(seed: 0);
        var actions = new int[8];
        uint random = 777;
        long start = Stopwatch.GetTimestamp();
        for (int t = 0; t < steps / 8; t++)
        {
            uint bits = NextRandom(ref random);
            for (int i = 0; i < 8; i++) actions[i] = (int)((bits >> i) & 1);
            envs.Step(actions);
        }
        return Stopwatch.GetElapsedTime(start).TotalSeconds;
    }

    // Tabular Q-learning with epsilon-greedy: one Q update per env step.
    static double FrozenLakeQUpdates(int steps)
    {
        var env = Gym.Make<int, int>("FrozenLake8x8-v1");
        const double alpha = 0.1, gamma = 0.99, epsilon = 0.1;
        var q = new double[64 * 4];
        var (state, _) = env.Reset(seed: 0);
        uint random = 99;
        long start = Stopwatch.GetTimestamp();
        for (int t = 0; t < steps; t++)
        {
            int action;
            if ((NextRandom(ref random) & 0xFFFF) < epsilon * 65536) action = (int)(NextRandom(ref random) & 3);
            else
            {
                action = 0;
                for (int a = 1; a < 4; a++) if (q[state * 4 + a] > q[state * 4 + action]) action = a;
            }
            var s = env.Step(action);
            int next = s.Observation;
            double best = Math.Max(Math.Max(q[next * 4], q[next * 4 + 1]), Math.Max(q[next * 4 + 2], q[next * 4 + 3]));
            double target = s.Reward + (s.Terminated ? 0 : gamma * best);
            ref double entry = ref q[state * 4 + action];
            entry = (1 - alpha) * entry + alpha * target;
            state = s.Terminated || s.Truncated ? env.Reset().obs : next;
        }
        return Stopwatch.GetElapsedTime(start).TotalSeconds;
    }
}
