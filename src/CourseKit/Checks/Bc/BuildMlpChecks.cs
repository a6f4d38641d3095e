
namespace CourseKit.Checks.Bc;

/// <summary>
/// Visible checks of <c>bc.build_mlp</c>:
/// <c>static nn.Module&lt;Tensor, Tensor&gt; BuildMlp(int inputSize, int outputSize, int nLayers, int size)</c>:
/// nLayers × (Linear, Tanh), then a Linear output.
/// </summary>
[ExerciseChecks("bc.build_mlp")]
public static class BuildMlpChecks
{
    /// <summary>The self-check cell: <c>BuildMlpChecks.Run(BuildMlp);</c></summary>
    public static SelfCheckReport Run(Func<int, int, int, int, nn.Module<Tensor, Tensor>> buildMlp) => SelfCheck.Run("bc.build_mlp", buildMlp);

    static string Show(IEnumerable<long[]> shapes) => string.Join(", ", shapes.Select(s => "[" + string.Join(", ", s) + "]"));

    /// <summary>
    /// Builds the student's MLP, checks the parameter shapes, then loads its weights into the specified
    /// network and compares outputs: same weights and same activations give the same numbers.
    /// </summary>
    public static void Verify(Func<int, int, int, int, nn.Module<Tensor, Tensor>> f, int input, int output, int nLayers, int size)
    {
        string call = $"BuildMlp(inputSize: {input}, outputSize: {output}, nLayers: {nLayers}, size: {size})";
        torch.manual_seed(5);
        var net = f(input, output, nLayers, size);
        Expect.True(net is not null, $"{call} returned null.");
        var layers = new List<nn.Module<Tensor, Tensor>>();
        var expected = new List<long[]>();
        int width = input;
        for (int i = 0; i < nLayers; i++)
        {
            layers.Add(nn.Linear(width, size)); layers.Add(nn.Tanh());
            expected.Add([size, width]); expected.Add([size]);
            width = size;
        }
        layers.Add(nn.Linear(width, output));
        expected.Add([output, width]); expected.Add([output]);
        var shapes = net!.parameters().Select(p => p.shape).ToList();
        Expect.True(shapes.Count == expected.Count && shapes.Zip(expected).All(z => z.First.SequenceEqual(z.Second)),
            $"{call}: parameter shapes are {Show(shapes)}; expected {Show(expected)} ({nLayers} hidden Linear layer(s) of {size} units, then the output layer; a Linear's weight is [out_features, in_features]).");
        NetworkExpect.SameFunction(nn.Sequential(layers.ToArray()), net, torch.randn(new long[] { 6, input }, generator: new Generator(8)).mul(2), call,
            "Linear-Tanh-...-Linear gives", "The shapes are right, so check the activations: Tanh after every hidden Linear, nothing after the output layer.");
    }

    /// <summary>CS285's default: two hidden layers of 64.</summary>
    [Check(Description = "2 hidden layers of 64 with Tanh, then the output layer")]
    public static void TwoLayers(Func<int, int, int, int, nn.Module<Tensor, Tensor>> f) => Verify(f, 8, 1, 2, 64);

    /// <summary>Another depth and width.</summary>
    [Check(Description = "3 hidden layers of 5, 2 outputs")]
    public static void ThreeLayers(Func<int, int, int, int, nn.Module<Tensor, Tensor>> f) => Verify(f, 3, 2, 3, 5);
}
