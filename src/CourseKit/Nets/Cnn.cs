using CourseKit.Backend;

namespace CourseKit.Nets;

/// <summary>
/// The DQN Nature network (Mnih et al. 2015): conv 32@8×8/4 → conv 64@4×4/2 → conv 64@3×3/1 → 512 → actions,
/// ReLU between. The flattened size is computed from the input shape (3136 for 4×84×84), not hard-coded.
/// </summary>
public sealed class NatureCnn : nn.Module<Tensor, Tensor>
{
    private readonly Sequential convs;
    private readonly Sequential head;

    /// <summary>Features entering the fully connected head (64·7·7 = 3136 for 84×84 input).</summary>
    public long ConvOutputSize { get; }

    /// <summary>Creates the network for observations shaped [channels, height, width].</summary>
    public NatureCnn(int[] inputShape, int nActions) : base("NatureCnn")
    {
        if (inputShape is not { Length: 3 } || inputShape.Any(d => d < 1))
            throw new ArgumentException($"NatureCnn: inputShape must be [channels, height, width], got [{string.Join(", ", inputShape ?? [])}].");
        if (nActions < 1) throw new ArgumentException($"NatureCnn: nActions must be positive, got {nActions}.");
        var c1 = nn.Conv2d(inputShape[0], 32, 8, stride: 4);
        var c2 = nn.Conv2d(32, 64, 4, stride: 2);
        var c3 = nn.Conv2d(64, 64, 3, stride: 1);
        ConvOutputSize = ConvSize.Flattened(64, inputShape[1], inputShape[2], c1, c2, c3);
        convs = nn.Sequential(c1, nn.ReLU(), c2, nn.ReLU(), c3, nn.ReLU(), nn.Flatten());
        head = nn.Sequential(nn.Linear(ConvOutputSize, 512), nn.ReLU(), nn.Linear(512, nActions));
        RegisterComponents();
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor input) => head.forward(convs.forward(input));
}

/// <summary>
/// A small CNN for MinAtar-sized grids (e.g. 10×10 with a few channels): conv 16@3×3 → 128 → actions.
/// </summary>
public sealed class SmallCnn : nn.Module<Tensor, Tensor>
{
    private readonly Sequential convs;
    private readonly Sequential head;

    /// <summary>Features entering the fully connected head.</summary>
    public long ConvOutputSize { get; }

    /// <summary>Creates the network for observations shaped [channels, height, width].</summary>
    public SmallCnn(int[] inputShape, int nActions, int channels = 16, int hidden = 128) : base("SmallCnn")
    {
        if (inputShape is not { Length: 3 } || inputShape.Any(d => d < 1))
            throw new ArgumentException($"SmallCnn: inputShape must be [channels, height, width], got [{string.Join(", ", inputShape ?? [])}].");
        var c1 = nn.Conv2d(inputShape[0], channels, 3, stride: 1);
        ConvOutputSize = ConvSize.Flattened(channels, inputShape[1], inputShape[2], c1);
        convs = nn.Sequential(c1, nn.ReLU(), nn.Flatten());
        head = nn.Sequential(nn.Linear(ConvOutputSize, hidden), nn.ReLU(), nn.Linear(hidden, nActions));
        RegisterComponents();
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor input) => head.forward(convs.forward(input));
}

/// <summary>The conv-output-size arithmetic: ⌊(n + 2p − k)/s⌋ + 1 per layer, per side.</summary>
public static class ConvSize
{
    /// <summary>Output length of one conv along one side.</summary>
    public static long Output(long input, long kernel, long stride = 1, long padding = 0)
    {
        long o = (input + 2 * padding - kernel) / stride + 1;
        if (o < 1) throw new ArgumentException($"ConvSize: a {kernel}-wide kernel with stride {stride} and padding {padding} does not fit an input of {input}.");
        return o;
    }

    /// <summary>Channels × height × width after applying the convs in order.</summary>
    public static long Flattened(long channels, long height, long width, params Conv2d[] convs)
    {
        foreach (var c in convs) (height, width) = TensorData.ConvOutput(c, height, width);
        if (height < 1 || width < 1) throw new ArgumentException("ConvSize: the input is too small for these convolutions.");
        return channels * height * width;
    }
}
