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
        int greedy = DqnFixtures.Greedy(net, s), other = 0;
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
        for (int i = 0; i < 3; i++) ReplayBufferProbe.Insert(buf, i);
        try { ReplayBufferProbe.Sample(buf, 4, new Random(0)); }
        catch (InvalidOperationException) { return; }
        throw new CheckFailedException("Sample(4, rng) on a buffer holding 3 transitions must throw InvalidOperationException.");
    }

    [Check(Description = "stores copies of the arrays")]
    public static void StoresCopies(Type t)
    {
        var buf = ReplayBufferProbe.Create(t, 4);
        var obs = new float[] { 7, 7 };
        var next = new float[] { 8, 8 };
        var insert = t.GetMethod("Insert")!;
        ReplayBufferProbe.Invoke(() => insert.Invoke(buf, [obs, 1, 7.0, next, false]));
        obs[0] = -1; next[0] = -1;
        var got = ReplayBufferProbe.Sample(buf, 1, new Random(0));
        Expect.Equal(7, got[0].id, "observation stored by Insert after the caller changed its array (store a copy)");
    }

    [Check(Description = "uniform over what is stored")]
    public static void Uniform(Type t)
    {
        var buf = ReplayBufferProbe.Create(t, 8);
        for (int i = 0; i < 20; i++) ReplayBufferProbe.Insert(buf, i);
        var counts = new Dictionary<int, int>();
        var rng = new Random(4);
        for (int r = 0; r < 2000; r++)
            foreach (var id in ReplayBufferProbe.SampleIds(buf, 2, rng)) counts[id] = counts.GetValueOrDefault(id) + 1;
        Expect.Equal("12, 13, 14, 15, 16, 17, 18, 19", string.Join(", ", counts.Keys.Order()), "transitions ever sampled after inserting 0..19 into capacity 8");
        Expect.True(counts.Values.All(c => c > 400 && c < 600), $"each of 8 transitions should appear about 500 times in 2000 samples of 2; got {string.Join(", ", counts.OrderBy(k => k.Key).Select(k => $"{k.Key}:{k.Value}"))}.");
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
        TdTargetChecks.Verify(f, r, q, term, 0.97f, "TdTarget(6 transitions, 4 actions, gamma 0.97)");
        TdTargetChecks.Verify(f, r, q, term, 0f, "TdTarget(6 transitions, 4 actions, gamma 0)");
    }
}

[ExerciseChecks("dqn.loss")]
public static class LossHidden
{
    [Check(Description = "large errors are linear (Huber), not squared")]
    public static void HuberRegion(Func<Tensor, Tensor, Tensor, Tensor> f)
    {
        var q = new float[,] { { 10f, 0f, 0f }, { 0f, -4f, 1f } };
        long[] a = [0, 1];
        float[] y = [0f, 0f];
        var (loss, _) = LossChecks.Evaluate(f, q, a, y, "DqnLoss(q=[[10, 0, 0], [0, -4, 1]], actions=[0, 1], targets=[0, 0])");
        Expect.Close(LossChecks.Expected(q, a, y), loss, 1e-4, "DqnLoss with errors 10 and 4 (Huber: |d| - 0.5 beyond 1)");
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
    [Check(Description = "terminal transitions use the reward only, with gamma")]
    public static void TerminalAndGamma(Func<nn.Module<Tensor, Tensor>, nn.Module<Tensor, Tensor>, optim.Optimizer, ReplayBatch, float, float> f)
    {
        foreach (var (dones, gamma) in new[] { (new float[] { 1, 1, 1, 1 }, 0.9f), (new float[] { 0, 1, 0, 1 }, 0.5f) })
        {
            var q = DqnFixtures.QNetwork(2, seed: 7);
            var target = DqnFixtures.QNetwork(2, seed: 8);
            var b = TrainStepChecks.Batch(dones);
            double expected = TrainStepChecks.ExpectedLoss(q, target, b, gamma);
            float loss = f(q, target, torch.optim.SGD(q.parameters(), learningRate: 0.01), b, gamma);
            Expect.Close(expected, loss, 1e-5, $"TrainStep loss with dones [{string.Join(", ", dones)}] and gamma {gamma}");
        }
    }

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
