using CourseKit.Buffers;

namespace CourseKit.Benchmarks;

/// <summary>
/// Whether the library adds overhead of its own to a DQN update: the CartPole update at batch 32 (4-64-64-2 ReLU, Adam,
/// smooth L1, target max under no_grad, loss read back as the course's TrainStep returns it, one dispose scope per
/// step) once through the course's own code path (the network from <see cref="Nets.Mlp.Build"/>, the batch from
/// <see cref="ReplayBuffer.Sample"/>) and once hand-written on the tensor API alone (nn.Sequential, the batch drawn
/// from plain arrays and made into tensors with torch.tensor). Both sample from the same 10,000 stored transitions
/// and run the same update code, on one thread; each round times 1,000 updates each way, interleaved in blocks of 50, so
/// a busy machine slows both alike, and each figure is its fastest round of five.
/// </summary>
internal sealed class LibraryOverhead : IBenchmarkSuite
{
    public string Name => "overhead";
    public string Description => "the DQN update at batch 32 through the library vs hand-written, one thread (also part of the engine suite)";
    void IBenchmarkSuite.Run() => Run();

    const int Stored = 10_000, Batch = 32, Hidden = 64, ObsSize = 4, ActionCount = 2, CallsPerRound = 1000, Block = 50, Rounds = 5;
    const float Gamma = 0.99f;

    public static void Run()
    {
        var (hand, library) = HarnessBackend.OnOneThread(() =>
        {
            var data = Transitions.Random(seed: 1);
            var handWritten = new Learner(MakeHandWrittenNet, data.HandWrittenSampler(seed: 2));
            var throughLibrary = new Learner(MakeLibraryNet, data.LibrarySampler(seed: 2));
            for (int i = 0; i < CallsPerRound; i++) { handWritten.Step(); throughLibrary.Step(); }
            double bestHand = double.MaxValue, bestLibrary = double.MaxValue;
            for (int r = 0; r < Rounds; r++)
            {
                // A round is 1,000 updates each way, interleaved in blocks of 50 (which goes first alternating), so a
                // burst of load on a shared machine falls on both sides of the round alike.
                double hand = 0, library = 0;
                for (int block = 0; block < CallsPerRound / Block; block++)
                {
                    if (block % 2 == 0) { hand += Time(handWritten); library += Time(throughLibrary); }
                    else { library += Time(throughLibrary); hand += Time(handWritten); }
                }
                bestHand = Math.Min(bestHand, hand / CallsPerRound);
                bestLibrary = Math.Min(bestLibrary, library / CallsPerRound);
            }
            return (bestHand, bestLibrary);
        });
        Measure.Report("mlp_update_b32_handwritten_us", hand * 1e6, "us");
        Measure.Report("mlp_update_b32_library_us", library * 1e6, "us");
        Measure.Report("mlp_update_b32_library_over_handwritten", library / hand, "x");

        // Where a difference would come from: the batch alone, each way (the networks differ only by the Identity that
        // Mlp.Build puts after the last layer).
        var (handSample, librarySample) = HarnessBackend.OnOneThread(() =>
        {
            var data = Transitions.Random(seed: 1);
            Func<ReplayBatch> handWritten = data.HandWrittenSampler(seed: 2), throughLibrary = data.LibrarySampler(seed: 2);
            void Draw(Func<ReplayBatch> sample) { using (torch.NewDisposeScope()) sample(); }
            return (Measure.SecondsPerCall(() => Draw(handWritten), callsPerRound: 5000, rounds: Rounds),
                    Measure.SecondsPerCall(() => Draw(throughLibrary), callsPerRound: 5000, rounds: Rounds));
        });
        Measure.Report("replay_sample_b32_handwritten_us", handSample * 1e6, "us");
        Measure.Report("replay_sample_b32_library_us", librarySample * 1e6, "us");
    }

    /// <summary>Seconds for one block of updates.</summary>
    static double Time(Learner learner)
    {
        long t0 = System.Diagnostics.Stopwatch.GetTimestamp();
        for (int i = 0; i < Block; i++) learner.Step();
        return System.Diagnostics.Stopwatch.GetElapsedTime(t0).TotalSeconds;
    }

    static nn.Module<Tensor, Tensor> MakeHandWrittenNet() =>
        nn.Sequential(nn.Linear(ObsSize, Hidden), nn.ReLU(), nn.Linear(Hidden, Hidden), nn.ReLU(), nn.Linear(Hidden, ActionCount));

    static nn.Module<Tensor, Tensor> MakeLibraryNet() => Nets.Mlp.Build(ObsSize, ActionCount, nLayers: 2, size: Hidden, activation: "relu");

    /// <summary>An online and a target network, Adam, and where batches come from; <see cref="Step"/> is one update.</summary>
    sealed class Learner
    {
        readonly nn.Module<Tensor, Tensor> _q, _target;
        readonly optim.Optimizer _opt;
        readonly Func<ReplayBatch> _sample;

        public Learner(Func<nn.Module<Tensor, Tensor>> make, Func<ReplayBatch> sample)
        {
            torch.manual_seed(0);
            _q = make();
            _target = make();
            _target.load_state_dict(_q.state_dict());
            _opt = torch.optim.Adam(_q.parameters(), lr: 1e-3);
            _sample = sample;
        }

        /// <summary>The course's TrainStep (solutions/dqn.train_step.cs) inside the notebook's dispose scope.</summary>
        public float Step()
        {
            using var scope = torch.NewDisposeScope();
            var b = _sample();
            Tensor y;
            using (torch.no_grad())
                y = b.Rewards + Gamma * (1 - b.Dones) * _target.forward(b.NextObservations).max(1).values;
            var qTaken = _q.forward(b.Observations).gather(1, b.Actions.unsqueeze(-1)).squeeze(-1);
            var loss = nn.functional.smooth_l1_loss(qTaken, y);
            _opt.zero_grad();
            loss.backward();
            _opt.step();
            return loss.item<float>();
        }
    }

    /// <summary>The same random CartPole-shaped transitions, held both as plain arrays and in the library's buffer.</summary>
    sealed record Transitions(float[] Obs, float[] NextObs, long[] Actions, float[] Rewards, float[] Dones)
    {
        public static Transitions Random(int seed)
        {
            var rng = new Random(seed);
            float Next() => (float)(rng.NextDouble() * 2 - 1);
            var t = new Transitions(new float[Stored * ObsSize], new float[Stored * ObsSize], new long[Stored], new float[Stored], new float[Stored]);
            for (int i = 0; i < Stored; i++)
            {
                for (int k = 0; k < ObsSize; k++) { t.Obs[i * ObsSize + k] = Next(); t.NextObs[i * ObsSize + k] = Next(); }
                t.Actions[i] = rng.Next(ActionCount);
                t.Rewards[i] = 1;
                t.Dones[i] = rng.Next(50) == 0 ? 1 : 0;
            }
            return t;
        }

        /// <summary>Batches from <see cref="ReplayBuffer.Sample"/>, the course's path.</summary>
        public Func<ReplayBatch> LibrarySampler(int seed)
        {
            var buffer = new ReplayBuffer(Stored, [ObsSize], new Rl.SeededRandom(seed));
            for (int i = 0; i < Stored; i++)
                buffer.Insert(Obs.AsSpan(i * ObsSize, ObsSize).ToArray(), (int)Actions[i], Rewards[i], NextObs.AsSpan(i * ObsSize, ObsSize).ToArray(), Dones[i] == 1);
            return () => buffer.Sample(Batch);
        }

        /// <summary>Batches drawn the way a hand-written loop draws them: distinct indices, fresh arrays, torch.tensor.</summary>
        public Func<ReplayBatch> HandWrittenSampler(int seed)
        {
            var rng = new Rl.SeededRandom(seed);
            var order = Enumerable.Range(0, Stored).ToArray();
            return () =>
            {
                var obs = new float[Batch * ObsSize];
                var next = new float[Batch * ObsSize];
                var actions = new long[Batch];
                var rewards = new float[Batch];
                var dones = new float[Batch];
                for (int b = 0; b < Batch; b++)
                {
                    int j = b + rng.Next(Stored - b);
                    (order[b], order[j]) = (order[j], order[b]);
                    int i = order[b];
                    Array.Copy(Obs, i * ObsSize, obs, b * ObsSize, ObsSize);
                    Array.Copy(NextObs, i * ObsSize, next, b * ObsSize, ObsSize);
                    actions[b] = Actions[i];
                    rewards[b] = Rewards[i];
                    dones[b] = Dones[i];
                }
                long[] shape = [Batch, ObsSize];
                return new ReplayBatch(torch.tensor(obs, shape), torch.tensor(actions), torch.tensor(rewards), torch.tensor(next, shape), torch.tensor(dones));
            };
        }
    }
}
