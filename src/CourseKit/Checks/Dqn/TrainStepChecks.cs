using CourseKit.Buffers;

namespace CourseKit.Checks.Dqn;

/// <summary>
/// Visible checks of <c>dqn.train_step</c>:
/// <c>static float TrainStep(nn.Module&lt;Tensor, Tensor&gt; qNetwork, nn.Module&lt;Tensor, Tensor&gt; targetNetwork, optim.Optimizer optimizer, ReplayBatch batch, float gamma)</c>
/// returning the loss before the update. The student's step runs on one pair of networks and the
/// reference step on a twin pair; after every step the loss and every weight must agree.
/// </summary>
[ExerciseChecks("dqn.train_step")]
public static class TrainStepChecks
{
    /// <summary>The self-check cell: <c>TrainStepChecks.Run(TrainStep);</c></summary>
    public static SelfCheckReport Run(DqnTrainStepFn f) => SelfCheck.Run("dqn.train_step", f);

    /// <summary>A fixed batch of 4 CartPole-shaped transitions.</summary>
    public static ReplayBatch Batch(float[]? dones = null) => new(
        torch.tensor(new float[] { 0.1f, 0.2f, -0.1f, 0f, -0.3f, 0.1f, 0.2f, 0.5f, 0f, 0f, 0f, 0f, 1f, -1f, 0.5f, 0.2f }, [4, 4]),
        torch.tensor(new long[] { 0, 1, 1, 0 }),
        torch.tensor(new float[] { 1f, 1f, 0f, 1f }),
        torch.tensor(new float[] { 0.2f, 0.1f, 0f, 0.1f, -0.2f, 0.1f, 0.3f, 0.4f, 0.1f, 0f, 0f, 0f, 0.9f, -1f, 0.4f, 0.3f }, [4, 4]),
        torch.tensor(dones ?? [0f, 0f, 1f, 0f]));

    /// <summary>Which known mistake a loss computation makes (the reference makes none).</summary>
    [Flags]
    internal enum Mistake { None = 0, OnlineTarget = 1, NoDoneMask = 2, SquaredError = 4 }

    /// <summary>The TD loss of <paramref name="q"/> on the batch, as the exercise defines it or with one known mistake.</summary>
    internal static double Loss(nn.Module<Tensor, Tensor> q, nn.Module<Tensor, Tensor> target, ReplayBatch b, float gamma, Mistake mistake = Mistake.None)
    {
        using (no_grad()) return LossTensor(q, target, b, gamma, mistake).item<float>();
    }

    static Tensor LossTensor(nn.Module<Tensor, Tensor> q, nn.Module<Tensor, Tensor> target, ReplayBatch b, float gamma, Mistake mistake)
    {
        Tensor y;
        using (no_grad())
        {
            var bootstrapFrom = mistake.HasFlag(Mistake.OnlineTarget) ? q : target;
            var mask = mistake.HasFlag(Mistake.NoDoneMask) ? torch.ones_like(b.Dones) : 1 - b.Dones;
            y = b.Rewards + gamma * mask * bootstrapFrom.forward(b.NextObservations).max(1).values;
        }
        var qa = q.forward(b.Observations).gather(1, b.Actions.unsqueeze(-1)).squeeze(-1);
        return mistake.HasFlag(Mistake.SquaredError) ? nn.functional.mse_loss(qa, y) : nn.functional.smooth_l1_loss(qa, y);
    }

    /// <summary>Two networks (online, target) and an optimizer, the same every time for one seed.</summary>
    sealed record Twin(nn.Module<Tensor, Tensor> Q, nn.Module<Tensor, Tensor> Target, optim.Optimizer Optimizer)
    {
        public static Twin Make(int seed, bool adam) => Make(DqnFixtures.QNetwork(2, seed), DqnFixtures.QNetwork(2, seed + 1), adam);

        static Twin Make(nn.Module<Tensor, Tensor> q, nn.Module<Tensor, Tensor> target, bool adam) =>
            new(q, target, adam ? torch.optim.Adam(q.parameters(), lr: 0.05) : torch.optim.SGD(q.parameters(), learningRate: 0.1));

        /// <summary>The reference step; <paramref name="clearGradients"/> false is the forgotten zero_grad.</summary>
        public float Step(ReplayBatch b, float gamma, bool clearGradients = true)
        {
            var loss = LossTensor(Q, Target, b, gamma, Mistake.None);
            if (clearGradients) Optimizer.zero_grad();
            loss.backward();
            Optimizer.step();
            return loss.item<float>();
        }
    }

    /// <summary>
    /// Runs <paramref name="steps"/> steps of the student's code and of the reference on twin networks and compares,
    /// after every step, the returned loss and every weight; the message names the rule a known mistake breaks.
    /// </summary>
    /// <param name="f">The student's TrainStep.</param>
    /// <param name="seed">Seed of the twin networks.</param>
    /// <param name="steps">How many steps in a row.</param>
    /// <param name="adam">Adam (else SGD).</param>
    /// <param name="dones">The batch's done flags (null: one terminal transition of four).</param>
    /// <param name="gamma">The discount.</param>
    /// <param name="what">The call, for messages.</param>
    public static void Verify(DqnTrainStepFn f, int seed, int steps, bool adam, float[]? dones, float gamma, string what)
    {
        var mine = Twin.Make(seed, adam);
        var theirs = Twin.Make(seed, adam);
        var stale = Twin.Make(seed, adam);   // the same steps without zero_grad: recognises that mistake
        var b = Batch(dones);
        var target0 = DqnFixtures.Values(theirs.Target);
        for (int k = 1; k <= steps; k++)
        {
            string at = steps == 1 ? what : $"{what}, step {k}";
            double[] candidates =
            [
                Loss(mine.Q, mine.Target, b, gamma, Mistake.OnlineTarget), Loss(mine.Q, mine.Target, b, gamma, Mistake.NoDoneMask),
                Loss(mine.Q, mine.Target, b, gamma, Mistake.SquaredError),
            ];
            float want = mine.Step(b, gamma);
            stale.Step(b, gamma, clearGradients: false);
            double after = Loss(mine.Q, mine.Target, b, gamma);
            float got = f(theirs.Q, theirs.Target, theirs.Optimizer, b, gamma);
            Expect.CloseNamingRule(want, got, 1e-5 * (1 + Math.Abs(want)), $"{at}: the returned loss",
                "Return the smooth-L1 loss between Q(s, a) of the taken actions and y = r + γ·(1 − done)·max_a' Q_target(s', a'), computed before optimizer.step().",
                (candidates[0], "That is the loss with the target computed by the online network: y must come from the target network (targetNetwork.forward(nextObservations))."),
                (candidates[1], "That is the loss without the terminal mask: a terminal transition (done = 1) must not bootstrap, multiply by (1 − done)."),
                (candidates[2], "That is the mean squared error: DQN's loss here is Huber (smooth_l1_loss)."),
                (after, "That is the loss after the update: return the loss as it was before the update, computed before optimizer.step()."));
            Expect.True(target0.SequenceEqual(DqnFixtures.Values(theirs.Target)),
                $"{at}: the target network's weights changed. Only the online network learns; its optimizer holds the online parameters only.");
            Expect.True(theirs.Target.parameters().All(p => p.grad is null || p.grad.abs().sum().item<float>() == 0),
                $"{at}: the target network received gradients, so y was computed with gradients recorded. The target is a label: compute it under torch.no_grad().");
            var wantAfter = DqnFixtures.Values(mine.Q);
            var gotAfter = DqnFixtures.Values(theirs.Q);
            int bad = Enumerable.Range(0, wantAfter.Length).FirstOrDefault(i => Math.Abs(wantAfter[i] - gotAfter[i]) > 1e-5 * (1 + Math.Abs(wantAfter[i])), -1);
            if (bad < 0) continue;
            bool unchanged = gotAfter.SequenceEqual(DqnFixtures.Values(Twin.Make(seed, adam).Q)) && k == 1;
            bool piledUp = Math.Abs(DqnFixtures.Values(stale.Q)[bad] - gotAfter[bad]) <= 1e-5 * (1 + Math.Abs(gotAfter[bad]));
            throw new CheckFailedException($"{at}: after the update, online weight {bad} is {gotAfter[bad]:0.######}, expected {wantAfter[bad]:0.######}. " +
                (unchanged ? "The online network did not change: call loss.backward() and optimizer.step()."
                 : piledUp ? "That is what gradients left over from the previous step give: call optimizer.zero_grad() before loss.backward() in every step."
                 : "Call optimizer.zero_grad(), loss.backward() and optimizer.step() once each, in that order."));
        }
    }

    /// <summary>One SGD step: the loss before the update, the online weights after it, the target untouched.</summary>
    [Check(Description = "one step: the TD loss before the update, and the online weights after it")]
    public static void OneStep(DqnTrainStepFn f) => Verify(f, seed: 3, steps: 1, adam: false, dones: null, gamma: 0.9f, "TrainStep(online, target, SGD, a batch of 4 with one terminal transition, gamma 0.9)");

    /// <summary>Three steps in a row: gradients left from a previous step would change the weights.</summary>
    [Check(Weight = 2, Description = "three steps in a row: gradients are cleared each step; the target network gets none")]
    public static void ThreeSteps(DqnTrainStepFn f) => Verify(f, seed: 5, steps: 3, adam: false, dones: null, gamma: 0.99f, "TrainStep three times (SGD, gamma 0.99)");
}
