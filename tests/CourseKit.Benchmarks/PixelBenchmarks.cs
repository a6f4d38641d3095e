using CourseKit.Buffers;
using CourseKit.Envs;
using CourseKit.Rl;
using CourseKit.Torch;
using CourseKit.Torch.Modules;
using static CourseKit.Torch.torch;

namespace CourseKit.Benchmarks;

/// <summary>
/// The pixel notebook's costs (notebooks/04_dqn_pixels.ipynb): one DQN update of its small CNN at batch 32,
/// one greedy action at batch 1, and one agent step of its training loop (a gradient step every fourth agent step,
/// so the figure is the loop's mean cost per agent step).
/// </summary>
/// <remarks>
/// The network, the preprocessing and the loop below are frozen copies of the notebook's (its solved
/// exercises and its TrainPixelDqn, PixelDqnConfig defaults), so editing the notebook does not move these
/// figures; change them here only on purpose, and say so next to the figures in the README.
/// </remarks>
public sealed class PixelBenchmarks : IBenchmarkSuite
{
    public string Name => "pixels";
    public string Description => "the pixel notebook's CNN: DQN update at batch 32, greedy act at batch 1, one agent step of its training loop";

    const int Frames = 4, Downscale = 2, FrameSkip = 2, BufferSize = 20_000, BatchSize = 32, TrainEvery = 4, TargetSyncEvery = 500, Actions = 3;
    const float Gamma = 0.99f;
    const double LearningRate = 1e-3, Epsilon = 0.05;
    static int FrameHeight => PixelCatchEnv.Height / Downscale;
    static int FrameWidth => PixelCatchEnv.Width / Downscale;

    public void Run()
    {
        var agent = new Agent(seed: 0);
        agent.Fill(steps: 2_000);
        var batch = agent.Buffer.Sample(BatchSize);
        Measure.Report("pixel_cnn_update_b32_ms", Measure.SecondsPerCall(() => agent.Update(batch), callsPerRound: 200) * 1e3, "ms");
        var state = agent.Buffer.RecentObservation();
        Measure.Report("pixel_cnn_act_b1_us", Measure.SecondsPerCall(() => Greedy(agent.Q, state), callsPerRound: 2_000) * 1e6, "us");
        // Per agent step as the loop runs: a gradient step on one step in TrainEvery, so a round is a whole number of cycles.
        Measure.Report("pixel_dqn_agent_step_ms", Measure.SecondsPerCall(agent.Step, callsPerRound: 50 * TrainEvery) * 1e3, "ms");
        // The same two on one thread, in the thread's CPU time: what a busy shared machine distorts least.
        Measure.Report("pixel_cnn_update_b32_1t_cpu_ms", Measure.OnOneThread(() => Measure.BestCpuSecondsPerCall(() => agent.Update(batch), callsPerRound: 100)) * 1e3, "ms");
        Measure.Report("pixel_dqn_agent_step_1t_cpu_ms", Measure.OnOneThread(() => Measure.BestCpuSecondsPerCall(agent.Step, callsPerRound: 25 * TrainEvery)) * 1e3, "ms");
    }

    /// <summary>The notebook's pixels.q_network solution.</summary>
    internal static nn.Module<Tensor, Tensor> BuildQNetwork(int frames, int height, int width, int nActions)
    {
        long h = ConvOut(ConvOut(height, 4, 2), 3, 1), w = ConvOut(ConvOut(width, 4, 2), 3, 1);
        return nn.Sequential(
            nn.Conv2d(frames, 16, 4, stride: 2), nn.ReLU(),
            nn.Conv2d(16, 32, 3, stride: 1), nn.ReLU(),
            nn.Flatten(),
            nn.Linear(32 * h * w, 128), nn.ReLU(),
            nn.Linear(128, nActions));
    }

    static long ConvOut(long size, long kernel, long stride) => (size - kernel) / stride + 1;

    /// <summary>The notebook's pixels.preprocess solution: grey (ITU-R 601 luma), then the mean of factor×factor blocks.</summary>
    internal static byte[] Preprocess(float[] rgb, int height, int width, int factor)
    {
        int outHeight = height / factor, outWidth = width / factor;
        var grey = new byte[outHeight * outWidth];
        for (int y = 0; y < outHeight; y++)
            for (int x = 0; x < outWidth; x++)
            {
                double sum = 0;
                for (int dy = 0; dy < factor; dy++)
                    for (int dx = 0; dx < factor; dx++)
                    {
                        int p = ((y * factor + dy) * width + x * factor + dx) * 3;
                        sum += 0.299 * rgb[p] + 0.587 * rgb[p + 1] + 0.114 * rgb[p + 2];
                    }
                grey[y * outWidth + x] = (byte)Math.Round(sum / (factor * factor));
            }
        return grey;
    }

    static byte[] See(float[] rgb) => Preprocess(rgb, PixelCatchEnv.Height, PixelCatchEnv.Width, Downscale);

    static int Greedy(nn.Module<Tensor, Tensor> q, Tensor state)
    {
        using var scope = torch.NewDisposeScope();
        using (torch.no_grad()) return (int)q.forward(state.unsqueeze(0)).argmax(1).item<long>();
    }

    /// <summary>The notebook's TrainPixelDqn loop, one iteration per <see cref="Step"/>, past its learning start.</summary>
    sealed class Agent
    {
        public readonly nn.Module<Tensor, Tensor> Q, Target;
        public readonly FrameStackReplayBuffer Buffer;
        readonly optim.Optimizer _optimizer;
        readonly Env<float[], int> _env;
        readonly Random _rng;
        long _step;

        public Agent(int seed)
        {
            Seed.Everything(seed);
            _rng = Seed.Shared;
            _env = new MaxAndSkip<int>(Gym.Make("PixelCatch-v0"), skip: FrameSkip);
            Q = BuildQNetwork(Frames, FrameHeight, FrameWidth, Actions);
            Target = BuildQNetwork(Frames, FrameHeight, FrameWidth, Actions);
            Target.load_state_dict(Q.state_dict());
            _optimizer = torch.optim.Adam(Q.parameters(), lr: LearningRate);
            Buffer = new FrameStackReplayBuffer(BufferSize, Frames, FrameHeight, FrameWidth);
            var (obs, _) = _env.Reset(seed);
            Buffer.OnReset(See(obs));
        }

        /// <summary>Acts at random (no learning) to fill the buffer, as the notebook's first steps do.</summary>
        public void Fill(int steps)
        {
            for (int i = 0; i < steps; i++) Act(_rng.Next(Actions));
        }

        void Act(int action)
        {
            var s = _env.Step(action);
            Buffer.Insert(action, s.Reward, See(s.Observation), done: s.Terminated);
            if (s.Terminated || s.Truncated)
            {
                if (!s.Terminated) Buffer.EndEpisode();
                Buffer.OnReset(See(_env.Reset().obs));
            }
            _step++;
        }

        public float Update(ReplayBatch batch)
        {
            using (torch.NewDisposeScope())
            {
                Tensor y;
                using (torch.no_grad()) y = batch.Rewards + Gamma * (1 - batch.Dones) * Target.forward(batch.NextObservations).max(1).values;
                var chosen = Q.forward(batch.Observations).gather(1, batch.Actions.unsqueeze(-1)).squeeze(-1);
                var l = nn.functional.smooth_l1_loss(chosen, y);
                _optimizer.zero_grad(); l.backward(); _optimizer.step();
                return l.item<float>();
            }
        }

        /// <summary>
        /// ε-greedy action at the notebook's final ε, game step with frame skip, preprocess, insert; on one step in
        /// <see cref="TrainEvery"/> (the notebook's schedule) sample a batch and make one update.
        /// </summary>
        public void Step()
        {
            int action = _rng.NextDouble() < Epsilon ? _rng.Next(Actions) : Greedy(Q, Buffer.RecentObservation());
            long step = _step;
            Act(action);
            if (step % TrainEvery == 0)
                using (torch.NewDisposeScope()) Update(Buffer.Sample(BatchSize));
            if (step % TargetSyncEvery == 0) Target.load_state_dict(Q.state_dict());
        }
    }
}
