
namespace CourseKit.Checks.Pixels;

/// <summary>
/// Visible checks of <c>pixels.q_network</c>:
/// <c>static nn.Module&lt;Tensor, Tensor&gt; BuildQNetwork(int frames, int height, int width, int nActions)</c>:
/// conv 16@4×4/2, ReLU, conv 32@3×3/1, ReLU, flatten, linear → 128, ReLU, linear → nActions.
/// </summary>
[ExerciseChecks("pixels.q_network")]
public static class QNetworkChecks
{
    /// <summary>The self-check cell: <c>QNetworkChecks.Run(BuildQNetwork);</c></summary>
    public static SelfCheckReport Run(Func<int, int, int, int, nn.Module<Tensor, Tensor>> build) => SelfCheck.Run("pixels.q_network", build);

    /// <summary>The parameter shapes the specified network has, in order.</summary>
    internal static List<long[]> ExpectedShapes(int frames, int height, int width, int nActions)
    {
        long h = (height - 4) / 2 + 1, w = (width - 4) / 2 + 1;
        h = h - 3 + 1; w = w - 3 + 1;
        long features = 32 * h * w;
        return [[16, frames, 4, 4], [16], [32, 16, 3, 3], [32], [128, features], [128], [nActions, 128], [nActions]];
    }

    static string Show(IEnumerable<long[]> shapes) => string.Join(", ", shapes.Select(s => "[" + string.Join(", ", s) + "]"));

    /// <summary>Builds the student's network, checks its parameters' shapes and the output shape of a batch.</summary>
    public static void Verify(Func<int, int, int, int, nn.Module<Tensor, Tensor>> f, int frames, int height, int width, int nActions, int batch)
    {
        string call = $"BuildQNetwork(frames: {frames}, height: {height}, width: {width}, nActions: {nActions})";
        torch.manual_seed(0);
        var net = f(frames, height, width, nActions);
        Expect.True(net is not null, $"{call} returned null.");
        var shapes = net!.parameters().Select(p => p.shape).ToList();
        var expected = ExpectedShapes(frames, height, width, nActions);
        Expect.True(shapes.Count == expected.Count && shapes.Zip(expected).All(z => z.First.SequenceEqual(z.Second)),
            $"{call}: parameter shapes are {Show(shapes)}; expected {Show(expected)} (two convs, then two linear layers; " +
            $"the first linear layer takes {expected[4][1]} = 32 x conv height x conv width features for {height}x{width} frames: compute the features from height and width, do not hard-code them; " +
            "a Conv2d's weight is [out, in, kernel, kernel], a Linear's is [out_features, in_features]).");
        Tensor q;
        try { using (torch.no_grad()) q = net.forward(torch.rand(new long[] { batch, frames, height, width })); }
        catch (ArgumentException e) { throw new CheckFailedException($"{call}.forward(a [{batch}, {frames}, {height}, {width}] batch) threw: {e.Message}"); }
        Expect.Equal($"[{batch}, {nActions}]", TensorExpectShape(q), $"{call}.forward(a [{batch}, {frames}, {height}, {width}] batch): shape of the Q-values");
    }

    static string TensorExpectShape(Tensor t) => "[" + string.Join(", ", t.shape) + "]";

    /// <summary>
    /// Loads the student's parameters (in order) into the specified network and compares the two networks'
    /// Q-values on the same batch: same weights, same layers and activations give the same numbers.
    /// </summary>
    public static void SameFunction(Func<int, int, int, int, nn.Module<Tensor, Tensor>> f, int frames, int height, int width, int nActions)
    {
        string call = $"BuildQNetwork(frames: {frames}, height: {height}, width: {width}, nActions: {nActions})";
        Verify(f, frames, height, width, nActions, batch: 2);
        torch.manual_seed(3);
        var student = f(frames, height, width, nActions);
        var features = ExpectedShapes(frames, height, width, nActions)[4][1];
        var reference = nn.Sequential(
            nn.Conv2d(frames, 16, 4, stride: 2), nn.ReLU(), nn.Conv2d(16, 32, 3, stride: 1), nn.ReLU(),
            nn.Flatten(), nn.Linear(features, 128), nn.ReLU(), nn.Linear(128, nActions));
        NetworkExpect.SameFunction(reference, student, torch.rand(new long[] { 5, frames, height, width }, generator: new Generator(11)).mul(2).sub(1), call,
            "the specified layers give Q-value",
            "The shapes are right, so check the activations: ReLU after each conv and after the hidden Linear, nothing after the last Linear (Q-values are returns: any sign, any size).");
    }

    /// <summary>The course's input: 4 frames of 20×20, 3 actions; the layers' shapes and, with the same weights, the same Q-values.</summary>
    [Check(Description = "4 stacked 20x20 frames -> 3 Q-values per state, the specified layers")]
    public static void CourseInput(Func<int, int, int, int, nn.Module<Tensor, Tensor>> f) => SameFunction(f, 4, 20, 20, 3);

    /// <summary>Same weights in the specified network give the same Q-values, on frames of another size.</summary>
    [Check(Description = "ReLU after each conv and the hidden layer, nothing after the output (3 frames of 24x32)")]
    public static void Activations(Func<int, int, int, int, nn.Module<Tensor, Tensor>> f) => SameFunction(f, 3, 24, 32, 4);

    /// <summary>Another size: the flattened size must be computed.</summary>
    [Check(Description = "the flattened size follows the frame size (2 frames of 36x28, 5 actions)")]
    public static void OtherSize(Func<int, int, int, int, nn.Module<Tensor, Tensor>> f) => Verify(f, 2, 36, 28, 5, batch: 3);
}
