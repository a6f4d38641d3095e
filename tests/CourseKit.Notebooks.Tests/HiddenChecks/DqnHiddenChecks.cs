using CourseKit.Buffers;
using CourseKit.Checks;
using CourseKit.Checks.Dqn;
using CourseKit.Envs;
using CourseKit.Rl;
using CourseKit.Torch;
using static CourseKit.Torch.torch;

namespace Course.HiddenChecks;

// Hidden checks of notebooks/02_dqn_cartpole.ipynb: run by the grader and `dotnet test`, never by the
// notebook's self-check cells.

[ExerciseChecks("dqn.epsilon_greedy")]
public static class EpsilonGreedyHidden
{
    [Check(Description = "ties go to the lowest action")]
    public static void TiesLowestIndex(Func<nn.Module<Tensor, Tensor>, float[], int, double, Random, int> f)
    {
        var net = nn.Sequential(nn.Linear(4, 5));
        using (no_grad()) foreach (var p in net.parameters()) p.zero_();
        Expect.Equal(0, f(net, [1f, 2f, 3f, 4f], 5, 0.0, new Random(0)), "EpsilonGreedy(all-zero network with 5 actions, epsilon: 0)");
    }

    [Check(Description = "small epsilon explores about epsilon of the time")]
    public static void ExploresAtRateEpsilon(Func<nn.Module<Tensor, Tensor>, float[], int, double, Random, int> f)
    {
        var net = DqnFixtures.QNetwork(4, seed: 9);
        float[] s = [0.3f, -0.1f, 0.2f, 0.05f];
        int greedy, other = 0;
        using (no_grad()) greedy = (int)net.forward(torch.tensor(s, [1, 4])).argmax(1).item<long>();
        var rng = new Random(11);
        const int n = 4000;
        for (int i = 0; i < n; i++) if (f(net, s, 4, 0.2, rng) != greedy) other++;
        // Exploring picks a non-greedy action 3/4 of the time: expect 0.2 · 0.75 = 15% non-greedy actions.
        Expect.True(other > n * 0.12 && other < n * 0.18, $"with epsilon 0.2 and 4 actions about 15% of actions should differ from the greedy one; got {100.0 * other / n:F1}%.");
    }

    [Check(Description = "acting records no gradients (torch.no_grad())")]
    public static void ActsWithoutGradients(Func<nn.Module<Tensor, Tensor>, float[], int, double, Random, int> f)
    {
        var net = new GradModeProbe();
        f(net, [0.1f, 0.2f, 0.3f, 0.4f], 2, 0.0, new Random(0));
        Expect.True(net.Calls > 0, "EpsilonGreedy with epsilon 0 never ran the network: the greedy action comes from qNetwork.forward(...).");
        Expect.True(!net.GradEnabledSeen, "EpsilonGreedy ran the network with gradients recorded: wrap the forward pass in using (torch.no_grad()) { ... }.");
    }

    /// <summary>A tiny Q-network that remembers whether gradients were being recorded when it ran.</summary>
    sealed class GradModeProbe : nn.Module<Tensor, Tensor>
    {
        readonly nn.Module<Tensor, Tensor> _inner = nn.Sequential(nn.Linear(4, 2));
        public int Calls;
        public bool GradEnabledSeen;
        public GradModeProbe() : base("GradModeProbe") => RegisterComponents();
        public override Tensor forward(Tensor input)
        {
            Calls++;
            GradEnabledSeen |= torch.is_grad_enabled();
            return _inner.forward(input);
        }
    }
}

[ExerciseChecks("dqn.replay_buffer")]
public static class ReplayBufferHidden
{
    [Check(Description = "sampling more than stored throws InvalidOperationException")]
    public static void TooManyThrows(Type t)
    {
        var buf = ReplayBufferProbe.Create(t, 10);
        for (int i = 0; i < 3; i++) buf.Insert(i);
        try { ReplayBufferProbe.Invoke(() => t.GetMethod("Sample")!.Invoke(buf.Buffer, [4, new Random(0)])); }
        catch (InvalidOperationException) { return; }
        throw new CheckFailedException("Sample(4, rng) on a buffer holding 3 transitions must throw InvalidOperationException.");
    }

    [Check(Description = "stores copies of the arrays, even before the caller reuses them")]
    public static void StoresCopies(Type t)
    {
        var buf = ReplayBufferProbe.Create(t, 4);
        var obs = new float[] { 7, 7 };
        var next = new float[] { 8, 8 };
        var insert = t.GetMethod("Insert")!;
        ReplayBufferProbe.Invoke(() => insert.Invoke(buf.Buffer, [obs, 1, 7.0, next, false]));
        obs[0] = 99; next[0] = 99;
        var sample = (System.Collections.IEnumerable)ReplayBufferProbe.Invoke(() => t.GetMethod("Sample")!.Invoke(buf.Buffer, [1, new Random(0)]))!;
        var first = sample.Cast<object>().Single();
        var stored = (float[])first.GetType().GetField("Item1")!.GetValue(first)!;
        Expect.Equal(7f, stored[0], "obs[0] stored by Insert after the caller changed its array to 99 (Insert must store a copy: the caller's array is not yours)");
    }

    [Check(Description = "uniform over what is stored, while filling and after wrapping around")]
    public static void Uniform(Type t)
    {
        foreach (var (capacity, inserted) in new[] { (8, 20), (50, 8) })
        {
            var buf = ReplayBufferProbe.Create(t, capacity);
            for (int i = 0; i < inserted; i++) buf.Insert(i);
            var counts = new Dictionary<int, int>();
            var rng = new Random(4);
            for (int r = 0; r < 2000; r++)
                foreach (var id in buf.Sample(2, rng)) counts[id] = counts.GetValueOrDefault(id) + 1;
            Expect.True(counts.Count == 8 && counts.Values.All(c => c > 400 && c < 600),
                $"capacity {capacity}, {inserted} inserted: each of the 8 stored transitions should appear about 500 times in 2000 samples of 2; got {string.Join(", ", counts.OrderBy(k => k.Key).Select(k => $"{k.Key}:{k.Value}"))}.");
        }
    }
}

[ExerciseChecks("dqn.td_target")]
public static class TdTargetHidden
{

    [Check(Description = "larger batches, more actions and gamma 0")]
    public static void Shapes(Func<Tensor, Tensor, Tensor, float, Tensor> f)
    {
        var rng = new Random(2);
        float[] r = Enumerable.Range(0, 6).Select(_ => (float)rng.NextDouble()).ToArray();
        var q = new float[6, 4];
        for (int i = 0; i < 6; i++) for (int a = 0; a < 4; a++) q[i, a] = (float)(rng.NextDouble() * 4 - 2);
        float[] term = [0, 1, 0, 0, 1, 0];
        TdTargetChecks.Verify(f, r, q, term, 0.97f, "TdTarget(6 transitions, 4 actions, nextQ with requires_grad, gamma 0.97)", gradients: true);
        TdTargetChecks.Verify(f, r, q, term, 0f, "TdTarget(6 transitions, 4 actions, gamma 0)");
    }
}

[ExerciseChecks("dqn.loss")]
public static class LossHidden
{
    [Check(Description = "large errors are linear (Huber), not squared")]
    public static void HuberRegion(Func<Tensor, Tensor, Tensor, Tensor> f)
    {
        LossChecks.VerifyValue(f, new float[,] { { 10f, 0f, 0f }, { 0f, -4f, 1f } }, [0, 1], [0f, 0f],
            "DqnLoss(q=[[10, 0, 0], [0, -4, 1]], actions=[0, 1], targets=[0, 0]), errors 10 and 4");
    }

    [Check(Description = "returns a scalar even for one transition")]
    public static void SingleTransition(Func<Tensor, Tensor, Tensor, Tensor> f)
    {
        var (loss, g) = LossChecks.Evaluate(f, new float[,] { { 0.5f, 1.5f } }, [1], [1f], "DqnLoss(q=[[0.5, 1.5]], actions=[1], targets=[1])");
        Expect.Close(0.125, loss, 1e-6, "DqnLoss(q=[[0.5, 1.5]], actions=[1], targets=[1])");
        Expect.SequenceClose([0, 0.5], g.Select(v => (double)v).ToArray(), 1e-6, "its gradient");
    }
}

[ExerciseChecks("dqn.soft_update")]
public static class SoftUpdateHidden
{
    [Check(Description = "tau 0 leaves the target unchanged")]
    public static void TauZero(Action<nn.Module, nn.Module, double> f) => SoftUpdateChecks.Verify(f, 0.0, 2, "SoftUpdate(target, online, tau: 0)");

    [Check(Description = "works layer by layer on a deeper network")]
    public static void Deeper(Action<nn.Module, nn.Module, double> f) => SoftUpdateChecks.Verify(f, 0.005, 2, "SoftUpdate(2-layer target, online, tau: 0.005)");
}

[ExerciseChecks("dqn.sample_trajectory")]
public static class SampleTrajectoryHidden
{

    [Check(Description = "maxLength 1 records exactly one step")]
    public static void OneStep(Func<Env<float[], int>, Func<float[], int>, int, int?, Trajectory<float[], int>> f) =>
        SampleTrajectoryChecks.Compare(f, () => Gym.Make("CartPole-v1"), _ => 0, 1, 4, "SampleTrajectory(CartPole-v1, always left, maxLength: 1, seed: 4)");
}

[ExerciseChecks("dqn.train_step")]
public static class TrainStepHidden
{
    [Check(Description = "all-terminal and mixed batches, other gammas")]
    public static void TerminalAndGamma(Func<nn.Module<Tensor, Tensor>, nn.Module<Tensor, Tensor>, optim.Optimizer, ReplayBatch, float, float> f)
    {
        TrainStepChecks.Verify(f, seed: 7, steps: 1, adam: false, dones: [1, 1, 1, 1], gamma: 0.9f, "TrainStep on a batch of 4 terminal transitions (gamma 0.9)");
        TrainStepChecks.Verify(f, seed: 7, steps: 1, adam: false, dones: [0, 1, 0, 1], gamma: 0.5f, "TrainStep on a batch with dones [0, 1, 0, 1] (gamma 0.5)");
    }

    [Check(Description = "four Adam steps in a row match the reference exactly")]
    public static void AdamSteps(Func<nn.Module<Tensor, Tensor>, nn.Module<Tensor, Tensor>, optim.Optimizer, ReplayBatch, float, float> f) =>
        TrainStepChecks.Verify(f, seed: 9, steps: 4, adam: true, dones: null, gamma: 0.99f, "TrainStep four times with Adam (gamma 0.99)");

    [Check(Description = "the target network gets no gradient")]
    public static void NoTargetGradient(Func<nn.Module<Tensor, Tensor>, nn.Module<Tensor, Tensor>, optim.Optimizer, ReplayBatch, float, float> f)
    {
        var q = DqnFixtures.QNetwork(2, seed: 1);
        var target = DqnFixtures.QNetwork(2, seed: 2);
        f(q, target, torch.optim.Adam(q.parameters()), TrainStepChecks.Batch(), 0.99f);
        Expect.True(target.parameters().All(p => p.grad is null || p.grad.abs().sum().item<float>() == 0),
            "after TrainStep the target network's parameters have gradients: compute the TD target under torch.no_grad().");
    }
}

[ExerciseChecks("dqn.train_loop")]
public static class TrainLoopHidden
{
    [Check(Description = "every episode cut after one step by a time limit")]
    public static void OneStepEpisodes(Action<DqnConfig, Env<float[], int>, ReplayBuffer, ISchedule, Func<float[], double, int>, Func<ReplayBatch, IReadOnlyDictionary<string, double>>, Action, Func<long, Func<float[], int>, double>, ExperimentLog, int> f) =>
        TrainLoopChecks.Verify(f, new DqnConfig(TotalSteps: 25, BatchSize: 2, LearningStarts: 5, TrainEvery: 2, TargetSyncEvery: 3, EvalEvery: 4),
            new PiecewiseSchedule([(0, 1.0), (12, 0.2)], outsideValue: 0.2), [(1, SpyEnd.Truncated)], seed: 11);

    [Check(Description = "periods that share no factor, an episode ending by both flags at once")]
    public static void OddPeriods(Action<DqnConfig, Env<float[], int>, ReplayBuffer, ISchedule, Func<float[], double, int>, Func<ReplayBatch, IReadOnlyDictionary<string, double>>, Action, Func<long, Func<float[], int>, double>, ExperimentLog, int> f) =>
        TrainLoopChecks.Verify(f, new DqnConfig(TotalSteps: 47, BatchSize: 6, LearningStarts: 13, TrainEvery: 5, TargetSyncEvery: 11, EvalEvery: 9),
            new PiecewiseSchedule([(0, 0.6), (40, 0.3)], outsideValue: 0.3), [(13, SpyEnd.Terminated), (2, SpyEnd.Both), (8, SpyEnd.Truncated)], seed: 2);
}
