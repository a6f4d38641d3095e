namespace CourseKit.Benchmarks;

/// <summary>
/// The tensor backend's figures, with the same names on CourseKit's engine and on TorchSharp: GEMM throughput, one
/// complete DQN update (forward, target-network max, smooth-L1 loss, backward, Adam) for the 4-128-128-2 MLP and for
/// the Nature CNN, one greedy action, the managed bytes an MLP update allocates, and the library's overhead over a
/// hand-written update (<see cref="LibraryOverhead"/>). Written on TorchSharp's names through the global usings.
/// </summary>
public sealed class EngineBenchmarks : IBenchmarkSuite
{
    public string Name => "engine";
    public string Description => "GEMM GFLOP/s, DQN update time for the 4-128-128-2 MLP and the Nature CNN, bytes allocated per update, library over hand-written update";

    public void Run()
    {
        HarnessBackend.GemmFigures();
        HarnessBackend.WithSuiteThreads(() => { NetworkFigures(); return 0; });
        LibraryOverhead.Run();
    }

    static void NetworkFigures()
    {
        var mlp32 = new DqnUpdate(MakeMlp, obsShape: [4], nActions: 2, batch: 32);
        Measure.Report("mlp_update_b32_us", Measure.SecondsPerCall(mlp32.Step, callsPerRound: 2000) * 1e6, "us");
        var mlp128 = new DqnUpdate(MakeMlp, obsShape: [4], nActions: 2, batch: 128);
        Measure.Report("mlp_update_b128_us", Measure.SecondsPerCall(mlp128.Step, callsPerRound: 1000) * 1e6, "us");

        torch.manual_seed(0);
        var actNet = MakeMlp(2);
        var actObs = new float[] { 0.01f, -0.02f, 0.03f, 0.04f };
        Measure.Report("mlp_act_b1_us", Measure.SecondsPerCall(() => CourseKit.Rl.EpsilonGreedy.Act(actNet, actObs, 0.0), callsPerRound: 20000) * 1e6, "us");

        var cnn = new DqnUpdate(MakeNatureCnn, obsShape: [4, 84, 84], nActions: 6, batch: 32);
        Measure.Report("nature_cnn_update_b32_ms", Measure.SecondsPerCall(cnn.Step, callsPerRound: 5, rounds: 5) * 1e3, "ms");

        for (int i = 0; i < 200; i++) mlp32.Step();
        const int n = 1000;
        // Managed bytes only: on TorchSharp the tensors' storage is LibTorch's native memory, which this does not see.
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < n; i++) mlp32.Step();
        long after = GC.GetAllocatedBytesForCurrentThread();
        Measure.Report("alloc_bytes_per_mlp_update", (after - before) / (double)n, "B");

        // What the allocations cost: the share of wall-clock spent in GC pauses over a long run of updates.
        var pause0 = GC.GetTotalPauseDuration();
        long t0 = System.Diagnostics.Stopwatch.GetTimestamp();
        for (int i = 0; i < 20 * n; i++) mlp32.Step();
        double wall = System.Diagnostics.Stopwatch.GetElapsedTime(t0).TotalSeconds;
        Measure.Report("gc_pause_percent_mlp_updates", 100 * (GC.GetTotalPauseDuration() - pause0).TotalSeconds / wall, "%");
    }

    private static nn.Module<Tensor, Tensor> MakeMlp(int nActions) =>
        nn.Sequential(nn.Linear(4, 128), nn.ReLU(), nn.Linear(128, 128), nn.ReLU(), nn.Linear(128, nActions));

    internal static nn.Module<Tensor, Tensor> MakeNatureCnn(int nActions) =>
        nn.Sequential(nn.Conv2d(4, 32, 8, stride: 4), nn.ReLU(), nn.Conv2d(32, 64, 4, stride: 2), nn.ReLU(), nn.Conv2d(64, 64, 3, stride: 1), nn.ReLU(),
                      nn.Flatten(), nn.Linear(3136, 512), nn.ReLU(), nn.Linear(512, nActions));

    /// <summary>One DQN update on a fixed random batch, written the way the course's notebooks write it.</summary>
    internal sealed class DqnUpdate
    {
        private readonly nn.Module<Tensor, Tensor> _q, _target;
        private readonly optim.Optimizer _opt;
        private readonly Tensor _obs, _nextObs, _actions, _rewards, _terminated;

        public DqnUpdate(Func<int, nn.Module<Tensor, Tensor>> make, long[] obsShape, int nActions, int batch)
        {
            torch.manual_seed(0);
            _q = make(nActions);
            _target = make(nActions);
            _target.load_state_dict(_q.state_dict());
            _opt = torch.optim.Adam(_q.parameters(), lr: 1e-4);
            long[] shape = [batch, .. obsShape];
            _obs = torch.rand(shape);
            _nextObs = torch.rand(shape);
            _actions = torch.randint(nActions, new long[] { batch });
            _rewards = torch.ones(batch);
            _terminated = torch.zeros(batch);
        }

        public void Step()
        {
            // The TorchSharp idiom: a dispose scope per step recycles every intermediate buffer.
            using var scope = torch.NewDisposeScope();
            var qa = _q.forward(_obs).gather(1, _actions.unsqueeze(-1)).squeeze(-1);
            Tensor nextMax;
            using (torch.no_grad()) nextMax = _target.forward(_nextObs).max(1).values;
            var y = _rewards + 0.99f * (1 - _terminated) * nextMax;
            var loss = nn.functional.smooth_l1_loss(qa, y);
            _opt.zero_grad();
            loss.backward();
            _opt.step();
        }
    }
}
