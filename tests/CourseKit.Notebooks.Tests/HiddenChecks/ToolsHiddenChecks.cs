using CourseKit.Checks;
using CourseKit.Checks.Tools;
using CourseKit.Envs;
using CourseKit.Torch;
using static CourseKit.Torch.torch;

namespace CourseKit.HiddenChecks.Tools;

// Hidden checks of notebooks/00_tools.ipynb: run by the grader and `dotnet test`, never by the
// notebook's self-check cells. Each probes what the visible checks leave open: other shapes and
// dtypes, edge cases of the batch size, the time limit, rewards other than CartPole's.

[ExerciseChecks("tools.mse")]
public static class MseHidden
{
    [Check(Description = "a [4, 3] batch averages over every element")]
    public static void MatrixBatch(Func<Tensor, Tensor, Tensor> mse)
    {
        var gen = new Generator(21);
        var p = randn([4, 3], generator: gen);
        var t = randn([4, 3], generator: gen);
        TensorExpect.Close(nn.functional.mse_loss(p, t), mse(p, t), 1e-5, "Mse(float32 [4, 3], float32 [4, 3])",
            "The mean runs over all 12 elements, not over one dimension.");
    }

    [Check(Description = "float64 inputs give a float64 loss")]
    public static void Float64(Func<Tensor, Tensor, Tensor> mse)
    {
        var p = tensor(new double[] { 0.1, 0.2, 0.3, 1e-3, -7.5 });
        var t = tensor(new double[] { 0.3, 0.2, -0.1, 2e-3, -7.0 });
        var loss = mse(p, t);
        TensorExpect.DType(ScalarType.Float64, loss, "Mse(float64 [5], float64 [5])", "Keep the inputs' dtype: no .to_type(float32) or float arrays.");
        TensorExpect.Close(nn.functional.mse_loss(p, t), loss, 1e-12, "Mse(float64 [5], float64 [5])");
    }

    [Check(Description = "the gradient also reaches the target")]
    public static void GradientToTarget(Func<Tensor, Tensor, Tensor> mse)
    {
        var gen = new Generator(5);
        var p = randn([6], generator: gen);
        var t1 = randn([6], generator: gen).requires_grad_();
        var t2 = t1.detach().clone().requires_grad_();
        var mine = TensorExpect.NotNull(mse(p, t1), "Mse(prediction [6], target [6] with requires_grad)");
        Expect.True(mine.requires_grad, "Mse(prediction [6], target [6] with requires_grad) returned a tensor without gradient: do not detach the target.");
        mine.backward();
        nn.functional.mse_loss(p, t2).backward();
        Expect.True(t1.grad is not null, "After Mse(prediction, target).backward() target.grad is null: the loss must depend on target through tensor ops.");
        TensorExpect.Close(t2.grad!, t1.grad, 1e-5, "the gradient of your Mse with respect to target");
    }

    [Check(Description = "the inputs are left unchanged")]
    public static void InputsUnchanged(Func<Tensor, Tensor, Tensor> mse)
    {
        var p = tensor(new float[] { 1, -2, 3 });
        var t = tensor(new float[] { 0, 0, 1 });
        mse(p, t);
        TensorExpect.Close(tensor(new float[] { 1, -2, 3 }), p, 0, "prediction after Mse(prediction, target)", "Do not modify the inputs in place (sub_, pow_, ...).");
        TensorExpect.Close(tensor(new float[] { 0, 0, 1 }), t, 0, "target after Mse(prediction, target)", "Do not modify the inputs in place.");
    }
}

[ExerciseChecks("tools.select_q_values")]
public static class SelectQValuesHidden
{

    [Check(Description = "a random 32 x 4 batch matches a loop")]
    public static void RandomBatch(Func<Tensor, Tensor, Tensor> f)
    {
        var gen = new Generator(32);
        var q = randn([32, 4], generator: gen);
        var actions = randint(4, new long[] { 32 }, generator: gen);
        var qv = q.data<float>().ToArray();
        var av = actions.data<long>().ToArray();
        var expected = tensor(Enumerable.Range(0, 32).Select(i => qv[i * 4 + (int)av[i]]).ToArray());
        TensorExpect.Close(expected, f(q, actions), 0, "SelectQValues(q float32 [32, 4], actions int64 [32])", LoopHint);
    }

    [Check(Description = "float64 Q-values stay float64")]
    public static void Float64(Func<Tensor, Tensor, Tensor> f)
    {
        var q = tensor(new double[] { 1.25, -3.5, 0.125, 9.75, 2.0, 4.0 }, [2, 3]);
        var selected = f(q, tensor(new long[] { 2, 0 }));
        TensorExpect.DType(ScalarType.Float64, selected, "SelectQValues(q float64 [2, 3], actions [2, 0])");
        TensorExpect.Close(tensor(new double[] { 0.125, 9.75 }), selected, 0, "SelectQValues(q float64 [2, 3], actions [2, 0])");
        TensorExpect.Close(tensor(new double[] { -3.5 }), f(tensor(new double[] { 1.25, -3.5, 0.125 }, [1, 3]), tensor(new long[] { 1 })), 0,
            "SelectQValues(q float64 [1, 3], actions [1])", "A batch of one is still a batch: squeeze(-1), not squeeze().");
    }

    [Check(Description = "qValues and actions are left unchanged")]
    public static void InputsUnchanged(Func<Tensor, Tensor, Tensor> f)
    {
        var q = tensor(new float[] { 1, 2, 3, 4 }, [2, 2]);
        var actions = tensor(new long[] { 1, 0 });
        f(q, actions);
        TensorExpect.Close(tensor(new float[] { 1, 2, 3, 4 }, [2, 2]), q, 0, "qValues after SelectQValues(qValues, actions)");
        TensorExpect.Close(tensor(new long[] { 1, 0 }), actions, 0, "actions after SelectQValues(qValues, actions)",
            "Use actions.unsqueeze(-1), which returns a new view, not unsqueeze_ or other in-place ops.");
    }

    const string LoopHint = "gather(1, actions.unsqueeze(-1)).squeeze(-1) picks column actions[i] of row i.";
}

[ExerciseChecks("tools.run_episode")]
public static class RunEpisodeHidden
{

    [Check(Description = "the seed decides the episode (five seeds)")]
    public static void SeedsMatter(Func<Env<float[], int>, Func<float[], int>, int, double> f)
    {
        Func<float[], int> lean = o => o[2] > 0 ? 1 : 0;
        var env = Gym.Make("CartPole-v1");
        foreach (int seed in new[] { 1, 2, 10, 42, 1234 })
        {
            var reference = Gym.Make("CartPole-v1");
            var (obs, _) = reference.Reset(seed);
            double expected = 0;
            for (bool done = false; !done;)
            {
                var step = reference.Step(lean(obs));
                expected += step.Reward;
                obs = step.Observation;
                done = step.Terminated || step.Truncated;
            }
            Expect.Close(expected, RunEpisodeChecks.Guarded(f, env, lean, seed, out _, maxCalls: 2_000), 1e-6,
                $"RunEpisode(CartPole-v1, policy: push towards the pole's lean, seed: {seed}) with the same env reused for every seed (call env.Reset(seed))");
        }
    }

    [Check(Description = "sums the rewards (MountainCar pays -1 per step)")]
    public static void SumsRewards(Func<Env<float[], int>, Func<float[], int>, int, double> f)
    {
        var env = Gym.Make("MountainCar-v0", maxEpisodeSteps: 50);
        Expect.Close(-50, RunEpisodeChecks.Guarded(f, env, _ => 0, 4, out _, maxCalls: 200), 1e-6,
            "RunEpisode(MountainCar-v0 with a 50-step limit, policy: always 0, seed: 4): 50 steps of reward -1; return the sum of step.Reward, not the number of steps");
    }
}
