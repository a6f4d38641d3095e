namespace CourseKit.Benchmarks;

/// <summary>
/// Where the Nature-CNN DQN update's time goes: the online forward (<c>online_fwd</c>), the target network's forward
/// under no_grad with its max (<c>target_fwd</c>), zero_grad plus the online forward and the backward pass
/// (<c>fwd_bwd</c>) and Adam's step (<c>adam</c>), each on all threads (wall time, median) and on one thread (the
/// thread's CPU time, fastest round), so that the gap between the two shows which phase uses the second core badly.
/// Written on the tensor API alone, it builds on both backends.
/// <c>dotnet run -c Release --project tests/CourseKit.Benchmarks -- naturephases</c>.
/// </summary>
public sealed class NaturePhaseBenchmarks : IBenchmarkSuite
{
    public string Name => "naturephases";
    public string Description => "the Nature-CNN update at batch 32 by phase (online forward, target forward, backward, Adam), all threads and one";

    public void Run()
    {
        torch.manual_seed(0);
        const int batch = 32, nActions = 6;
        var q = EngineBenchmarks.MakeNatureCnn(nActions);
        var target = EngineBenchmarks.MakeNatureCnn(nActions);
        target.load_state_dict(q.state_dict());
        var opt = torch.optim.Adam(q.parameters(), lr: 1e-4);
        var obs = torch.rand(new long[] { batch, 4, 84, 84 });
        var nextObs = torch.rand(new long[] { batch, 4, 84, 84 });
        var actions = torch.randint(nActions, new long[] { batch });

        void Online()
        {
            using var scope = torch.NewDisposeScope();
            q.forward(obs);
        }
        void Target()
        {
            using var scope = torch.NewDisposeScope();
            using (torch.no_grad()) target.forward(nextObs).max(1);
        }
        void ForwardBackward()
        {
            using var scope = torch.NewDisposeScope();
            var loss = q.forward(obs).gather(1, actions.unsqueeze(-1)).square().mean();
            opt.zero_grad();
            loss.backward();
        }
        void Step() => opt.step();

        ForwardBackward();
        foreach (var (name, body) in new (string, Action)[] { ("online_fwd", Online), ("target_fwd", Target), ("fwd_bwd", ForwardBackward), ("adam", Step) })
        {
            Measure.Report($"nature_phase_{name}_ms", Measure.SecondsPerCall(body, callsPerRound: 5, rounds: 7) * 1e3, "ms");
            Measure.Report($"nature_phase_{name}_1t_cpu_ms", Measure.OnOneThread(() => Measure.BestCpuSecondsPerCall(body, callsPerRound: 3, rounds: 5)) * 1e3, "ms");
        }
    }
}
