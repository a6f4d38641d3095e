
namespace CourseKit.Checks.Pixels;

/// <summary>
/// Visible checks of <c>pixels.nature_cnn</c>:
/// <c>static (nn.Module&lt;Tensor, Tensor&gt; Features, nn.Module&lt;Tensor, Tensor&gt; Head) BuildNatureCnn(int frames, int nActions)</c>,
/// the Nature DQN's network for 84×84 frames in two parts: Features = conv 32@8×8/4, ReLU, conv 64@4×4/2, ReLU,
/// conv 64@3×3/1, ReLU, Flatten ([B, frames, 84, 84] → [B, 3136]); Head = Linear(3136 → 512), ReLU, Linear(512 → nActions).
/// </summary>
[ExerciseChecks("pixels.nature_cnn")]
public static class NatureCnnChecks
{
    /// <summary>Features an 84×84 frame stack leaves after the three convolutions: 64 × 7 × 7.</summary>
    public const long Features = 3136;

    /// <summary>The self-check cell: <c>NatureCnnChecks.Run(BuildNatureCnn);</c></summary>
    public static SelfCheckReport Run(NatureCnnBuildFn build) => SelfCheck.Run("pixels.nature_cnn", build);

    static string Shapes(IEnumerable<long[]> shapes) => string.Join(", ", shapes.Select(s => "[" + string.Join(", ", s) + "]"));

    static string Shape(Tensor t) => "[" + string.Join(", ", t.shape) + "]";

    /// <summary>Builds the student's two parts, failing clearly when either is missing.</summary>
    public static (nn.Module<Tensor, Tensor> Features, nn.Module<Tensor, Tensor> Head) Build(NatureCnnBuildFn f, int frames, int nActions, string call)
    {
        torch.manual_seed(0);
        var (features, head) = f(frames, nActions);
        Expect.True(features is not null && head is not null, $"{call} returned a null part: return (features, head), both built.");
        return (features!, head!);
    }

    /// <summary>Parameter shapes of one part against the specified ones.</summary>
    static void ShapesMatch(nn.Module<Tensor, Tensor> part, List<long[]> expected, string what, string hint)
    {
        var shapes = part.parameters().Select(p => p.shape).ToList();
        Expect.True(shapes.Count == expected.Count && shapes.Zip(expected).All(z => z.First.SequenceEqual(z.Second)),
            $"{what}: parameter shapes are {Shapes(shapes)}; expected {Shapes(expected)}. {hint}");
    }

    /// <summary>The feature part's convolutions and the [B, 3136] it gives on a batch of 84×84 stacks.</summary>
    public static void VerifyFeatures(NatureCnnBuildFn f, int frames, int nActions, int batch)
    {
        string call = $"BuildNatureCnn(frames: {frames}, nActions: {nActions})";
        var (features, _) = Build(f, frames, nActions, call);
        ShapesMatch(features, [[32, frames, 8, 8], [32], [64, 32, 4, 4], [64], [64, 64, 3, 3], [64]], $"{call}.Features",
            "Three convolutions: 32 filters of 8x8 with stride 4, 64 of 4x4 with stride 2, 64 of 3x3 with stride 1 (a Conv2d's weight is [out, in, kernel, kernel]).");
        Tensor x;
        try { using (torch.no_grad()) x = features.forward(torch.rand(new long[] { batch, frames, 84, 84 })); }
        catch (ArgumentException e) { throw new CheckFailedException($"{call}.Features.forward(a [{batch}, {frames}, 84, 84] batch) threw: {e.Message}"); }
        Expect.Equal($"[{batch}, {Features}]", Shape(x),
            $"{call}.Features.forward(a [{batch}, {frames}, 84, 84] batch): shape of the flattened features (84 -> 20 -> 9 -> 7 with strides 4, 2, 1, so 64 x 7 x 7 = 3136; end with Flatten)");
    }

    /// <summary>The head's two Linear layers and the Q-values it gives.</summary>
    public static void VerifyHead(NatureCnnBuildFn f, int frames, int nActions, int batch)
    {
        string call = $"BuildNatureCnn(frames: {frames}, nActions: {nActions})";
        var (_, head) = Build(f, frames, nActions, call);
        ShapesMatch(head, [[512, Features], [512], [nActions, 512], [nActions]], $"{call}.Head",
            "The head is Linear(3136 -> 512), ReLU, Linear(512 -> nActions): a Linear's weight is [out_features, in_features].");
        Tensor q;
        try { using (torch.no_grad()) q = head.forward(torch.rand(new long[] { batch, Features })); }
        catch (ArgumentException e) { throw new CheckFailedException($"{call}.Head.forward(a [{batch}, 3136] batch) threw: {e.Message}"); }
        Expect.Equal($"[{batch}, {nActions}]", Shape(q), $"{call}.Head.forward(a [{batch}, 3136] batch): shape of the Q-values");
    }

    /// <summary>With the student's own weights, the specified layers give the student's Q-values.</summary>
    public static void SameFunction(NatureCnnBuildFn f, int frames, int nActions)
    {
        string call = $"BuildNatureCnn(frames: {frames}, nActions: {nActions})";
        VerifyFeatures(f, frames, nActions, batch: 1);
        VerifyHead(f, frames, nActions, batch: 1);
        var (features, head) = Build(f, frames, nActions, call);
        var reference = nn.Sequential(
            nn.Conv2d(frames, 32, 8, stride: 4), nn.ReLU(), nn.Conv2d(32, 64, 4, stride: 2), nn.ReLU(), nn.Conv2d(64, 64, 3, stride: 1), nn.ReLU(),
            nn.Flatten(), nn.Linear(Features, 512), nn.ReLU(), nn.Linear(512, nActions));
        var input = torch.rand(new long[] { 2, frames, 84, 84 }, generator: new Generator(5)).mul(2).sub(1);
        NetworkExpect.SameFunction(reference, nn.Sequential(features, head), input, $"{call} (Features, then Head)",
            "the specified layers give Q-value",
            "The shapes are right, so check the activations: ReLU after each of the three convs and after the 512-unit Linear, nothing after the last Linear (Q-values may be negative).");
    }

    /// <summary>The Nature DQN's input, a stack of 4 frames of 84×84: 3136 features.</summary>
    [Check(Weight = 2, Description = "Features: three convs, [1, 4, 84, 84] -> [1, 3136]")]
    public static void FeaturesOf84x84(NatureCnnBuildFn f) => VerifyFeatures(f, 4, 6, batch: 1);

    /// <summary>The head on 3136 features.</summary>
    [Check(Description = "Head: Linear(3136 -> 512), ReLU, Linear(512 -> nActions)")]
    public static void HeadShapes(NatureCnnBuildFn f) => VerifyHead(f, 4, 6, batch: 3);

    /// <summary>Same weights in the specified network give the same Q-values.</summary>
    [Check(Weight = 2, Description = "ReLU after each conv and the 512 layer, nothing after the output")]
    public static void Activations(NatureCnnBuildFn f) => SameFunction(f, 4, 6);
}
