using CourseKit.Checks;
using CourseKit.Checks.Ddqn;
using CourseKit.Torch;
using static CourseKit.Torch.torch;

namespace Course.HiddenChecks;

// Hidden checks of notebooks/03_double_dqn.ipynb: run by the grader and `dotnet test`, never by the
// notebook's self-check cells.

[ExerciseChecks("ddqn.target")]
public static class DoubleDqnTargetHidden
{
    [Check(Description = "larger batches, more actions and gamma 0")]
    public static void Shapes(Func<Tensor, Tensor, Tensor, Tensor, float, Tensor> f)
    {
        var rng = new Random(5);
        float[] r = Enumerable.Range(0, 6).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
        var online = new float[6, 4];
        var target = new float[6, 4];
        for (int i = 0; i < 6; i++)
            for (int a = 0; a < 4; a++)
            {
                online[i, a] = (float)(rng.NextDouble() * 4 - 2);
                // The target network prefers another action than the online one in every row: reversed order plus noise.
                target[i, 3 - a] = online[i, a] + (float)(rng.NextDouble() * 0.1);
            }
        float[] term = [0, 1, 0, 0, 1, 0];
        DoubleDqnTargetChecks.Verify(f, r, online, target, term, 0.97f, "DoubleDqnTarget(6 transitions, 4 actions, Q-values with requires_grad, gamma 0.97)", gradients: true);
        DoubleDqnTargetChecks.Verify(f, r, online, target, term, 0f, "DoubleDqnTarget(6 transitions, 4 actions, gamma 0)");
    }

    [Check(Description = "a batch of one transition")]
    public static void BatchOfOne(Func<Tensor, Tensor, Tensor, Tensor, float, Tensor> f) =>
        DoubleDqnTargetChecks.Verify(f, [0.5f], new float[,] { { 0f, 2f, 1f } }, new float[,] { { 9f, -3f, 4f } }, [0f], 0.5f,
            "DoubleDqnTarget(r=[0.5], nextQOnline=[[0, 2, 1]], nextQTarget=[[9, -3, 4]], terminated=[0], gamma=0.5)");
}
