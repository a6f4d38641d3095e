using CourseKit.Buffers;
using CourseKit.Torch;
using static CourseKit.Torch.torch;

namespace CourseKit.Checks.Dqn;

/// <summary>
/// Visible checks of <c>dqn.train_step</c>:
/// <c>static float TrainStep(nn.Module&lt;Tensor, Tensor&gt; qNetwork, nn.Module&lt;Tensor, Tensor&gt; targetNetwork, optim.Optimizer optimizer, ReplayBatch batch, float gamma)</c>
/// returning the loss before the update.
/// </summary>
[ExerciseChecks("dqn.train_step")]
public static class TrainStepChecks
{
    /// <summary>The self-check cell: <c>TrainStepChecks.Run(TrainStep);</c></summary>
    public static SelfCheckReport Run(Func<nn.Module<Tensor, Tensor>, nn.Module<Tensor, Tensor>, optim.Optimizer, ReplayBatch, float, float> f) => SelfCheck.Run("dqn.train_step", f);

    /// <summary>A fixed batch of 4 CartPole-shaped transitions.</summary>
    public static ReplayBatch Batch(float[]? dones = null) => new(
        torch.tensor(new float[] { 0.1f, 0.2f, -0.1f, 0f, -0.3f, 0.1f, 0.2f, 0.5f, 0f, 0f, 0f, 0f, 1f, -1f, 0.5f, 0.2f }, [4, 4]),
        torch.tensor(new long[] { 0, 1, 1, 0 }),
        torch.tensor(new float[] { 1f, 1f, 0f, 1f }),
        torch.tensor(new float[] { 0.2f, 0.1f, 0f, 0.1f, -0.2f, 0.1f, 0.3f, 0.4f, 0.1f, 0f, 0f, 0f, 0.9f, -1f, 0.4f, 0.3f }, [4, 4]),
        torch.tensor(dones ?? [0f, 0f, 1f, 0f]));

    /// <summary>The loss a correct step reports for these networks and batch (computed before the update).</summary>
    public static double ExpectedLoss(nn.Module<Tensor, Tensor> q, nn.Module<Tensor, Tensor> target, ReplayBatch b, float gamma)
    {
        using (no_grad())
        {
            var qa = q.forward(b.Observations).gather(1, b.Actions.unsqueeze(-1)).squeeze(-1);
            var y = b.Rewards + gamma * (1 - b.Dones) * target.forward(b.NextObservations).max(1).values;
            return nn.functional.smooth_l1_loss(qa, y).item<float>();
        }
    }

    /// <summary>Returns the pre-update loss and updates the online network only.</summary>
    [Check(Description = "returns the TD loss and updates only the online network")]
    public static void OneStep(Func<nn.Module<Tensor, Tensor>, nn.Module<Tensor, Tensor>, optim.Optimizer, ReplayBatch, float, float> f)
    {
        var q = DqnFixtures.QNetwork(2, seed: 3);
        var target = DqnFixtures.QNetwork(2, seed: 4);
        var opt = torch.optim.SGD(q.parameters(), learningRate: 0.1);
        var b = Batch();
        double expected = ExpectedLoss(q, target, b, 0.9f);
        var q0 = DqnFixtures.Values(q);
        var t0 = DqnFixtures.Values(target);
        float loss = f(q, target, opt, b, 0.9f);
        Expect.Close(expected, loss, 1e-5, "TrainStep(...) return value (the smooth-L1 TD loss before the update, gamma 0.9)");
        Expect.True(!q0.SequenceEqual(DqnFixtures.Values(q)), "TrainStep did not change the online network: call optimizer.zero_grad(), loss.backward() and optimizer.step().");
        Expect.True(t0.SequenceEqual(DqnFixtures.Values(target)), "TrainStep changed the target network: only the online network learns; compute the target under torch.no_grad().");
    }

    /// <summary>Repeated steps on one batch drive the loss down.</summary>
    [Check(Description = "repeated steps lower the loss")]
    public static void Learns(Func<nn.Module<Tensor, Tensor>, nn.Module<Tensor, Tensor>, optim.Optimizer, ReplayBatch, float, float> f)
    {
        var q = DqnFixtures.QNetwork(2, seed: 5);
        var target = DqnFixtures.QNetwork(2, seed: 6);
        var opt = torch.optim.Adam(q.parameters(), lr: 0.05);
        var b = Batch();
        float first = f(q, target, opt, b, 0.99f), last = first;
        for (int i = 0; i < 60; i++) last = f(q, target, opt, b, 0.99f);
        Expect.True(last < first * 0.5, $"After 60 TrainStep calls on one batch the loss went from {first:G4} to {last:G4}; it should at least halve. Check that gradients are zeroed before backward() each step.");
    }
}
