using CourseKit.Checks;
using CourseKit.Checks.Bc;
using CourseKit.Checks.Tools;
using CourseKit.Torch;
using static CourseKit.Torch.torch;

namespace CourseKit.HiddenChecks.Bc;

// Hidden checks of notebooks/06_behavioral_cloning.ipynb: run by the grader and `dotnet test`, never by
// the notebook's self-check cells. They probe what the visible checks leave open: no hidden layer at all,
// wider nets, float64 and single-sample batches, three action dims, uniformity of the sampling, a batch
// as large as the data, and the training step under Adam.

[ExerciseChecks("bc.build_mlp")]
public static class BuildMlpHidden
{
    [Check(Description = "nLayers 0 is a single Linear layer")]
    public static void NoHiddenLayer(Func<int, int, int, int, nn.Module<Tensor, Tensor>> f) => BuildMlpChecks.Verify(f, 4, 3, 0, 16);

    [Check(Description = "one wide hidden layer")]
    public static void OneWideLayer(Func<int, int, int, int, nn.Module<Tensor, Tensor>> f) => BuildMlpChecks.Verify(f, 11, 6, 1, 128);
}

[ExerciseChecks("bc.gaussian_nll")]
public static class GaussianNllHidden
{
    [Check(Description = "three action dims and a batch of one, with gradients")]
    public static void ThreeDimsBatchOne(Func<Tensor, Tensor, Tensor, Tensor> f) => GaussianNllChecks.Verify(f, 1, 3, 7, gradients: true);

    [Check(Description = "float64 inputs give the float64 loss")]
    public static void Float64(Func<Tensor, Tensor, Tensor, Tensor> f)
    {
        var mean = tensor(new double[] { 0.5, -1.0, 2.0, 0.25 }, [2, 2]);
        var logStd = tensor(new double[] { -1.0, 0.3 });
        var actions = tensor(new double[] { 0.4, -0.7, 1.0, 0.0 }, [2, 2]);
        var got = GaussianNllChecks.VerifyOn(f, mean, logStd, actions, 1e-6, "GaussianNll(float64 mean [2, 2], logStd [2], actions [2, 2])");
        TensorExpect.DType(ScalarType.Float64, got, "GaussianNll(float64 mean [2, 2], logStd [2], actions [2, 2])", "Keep the inputs' dtype.");
    }

    [Check(Description = "a wide spread: small and large standard deviations")]
    public static void Spread(Func<Tensor, Tensor, Tensor, Tensor> f)
    {
        var mean = tensor(new float[] { 0f, 0f, 0f, 0f, 0f, 0f }, [3, 2]);
        var logStd = tensor(new float[] { -3f, 2f });
        var actions = tensor(new float[] { 0.01f, 5f, -0.02f, -4f, 0f, 0.5f }, [3, 2]);
        GaussianNllChecks.VerifyOn(f, mean, logStd, actions, 1e-4, "GaussianNll(mean 0 [3, 2], logStd [-3, 2], actions [3, 2])");
    }
}

[ExerciseChecks("bc.sample_indices")]
public static class SampleIndicesHidden
{
    [Check(Description = "every index is equally likely")]
    public static void Uniform(Func<int, int, Random, int[]> f)
    {
        var rng = new Random(7);
        var counts = new int[10];
        for (int r = 0; r < 3000; r++)
            foreach (var i in SampleIndicesChecks.Verify(f, 10, 3, rng)) counts[i]++;
        Expect.True(counts.All(c => c > 780 && c < 1020),
            $"drawing 3 of 10 indices 3000 times should pick each about 900 times; got {string.Join(", ", counts.Select((c, i) => $"{i}:{c}"))}.");
    }

    [Check(Description = "every pair of indices is equally likely: all subsets, not just every index")]
    public static void Pairs(Func<int, int, Random, int[]> f)
    {
        var rng = new Random(13);
        var pairs = new int[10, 10];
        for (int r = 0; r < 3000; r++)
        {
            var got = SampleIndicesChecks.Verify(f, 10, 3, rng);
            foreach (var a in got) foreach (var b in got) if (a < b) pairs[a, b]++;
        }
        var counts = new List<(int a, int b, int n)>();
        for (int a = 0; a < 10; a++) for (int b = a + 1; b < 10; b++) counts.Add((a, b, pairs[a, b]));
        var off = counts.Where(c => c.n < 140 || c.n > 260).ToList();
        Expect.True(off.Count == 0,
            $"drawing 3 of 10 indices 3000 times should put each of the 45 pairs together about 200 times; {string.Join(", ", off.Take(6).Select(c => $"{{{c.a}, {c.b}}}: {c.n}"))}. " +
            "Every subset must be equally likely, not only every index: a random start with a fixed pattern after it is not enough.");
    }

    [Check(Description = "a batch as large as the data is a permutation of it")]
    public static void Everything(Func<int, int, Random, int[]> f)
    {
        var got = SampleIndicesChecks.Verify(f, 7, 7, new Random(3));
        Expect.Equal("0, 1, 2, 3, 4, 5, 6", string.Join(", ", got.Order()), "SampleIndices(count: 7, batchSize: 7, rng) sorted");
    }
}

[ExerciseChecks("bc.train_step")]
public static class TrainStepHidden
{
    [Check(Description = "works with any optimizer: two Adam steps")]
    public static void Adam(Func<nn.Module<Tensor, Tensor>, Tensor, optim.Optimizer, Tensor, Tensor, float> f) =>
        TrainStepChecks.Verify(f, 5, 2, 7, 9, 2, sgd: false, "TrainStep twice on a 5 -> 8 -> 2 policy with Adam");

    [Check(Description = "a batch of one, three action dims")]
    public static void BatchOne(Func<nn.Module<Tensor, Tensor>, Tensor, optim.Optimizer, Tensor, Tensor, float> f) =>
        TrainStepChecks.Verify(f, 2, 3, 1, 4, 1, sgd: true, "TrainStep on one sample of a 2 -> 8 -> 3 policy with SGD");
}
