using static CourseKit.Torch.torch;
using static CourseKit.Torch.torch.nn;

namespace CourseKit.Torch.Modules;

/// <summary>y = x·Wᵀ + b. Weight [out, in] and bias [out] start uniform in ±1/√in, as in PyTorch.</summary>
public sealed class Linear : Module<Tensor, Tensor>
{
    /// <summary>The weight, shape [out_features, in_features].</summary>
    public Parameter weight { get; private set; }
    /// <summary>The bias, shape [out_features], or null.</summary>
    public Parameter? bias { get; private set; }
    /// <summary>Input features.</summary>
    public long in_features { get; }
    /// <summary>Output features.</summary>
    public long out_features { get; }

    /// <summary>Creates the layer with PyTorch's default initialisation.</summary>
    public Linear(long inputSize, long outputSize, bool hasBias = true, ScalarType? dtype = null) : base("Linear")
    {
        if (inputSize < 1 || outputSize < 1) throw new ArgumentException($"Linear: sizes must be positive, got ({inputSize}, {outputSize}).");
        in_features = inputSize; out_features = outputSize;
        var dt = dtype ?? ScalarType.Float32;
        weight = new Parameter(empty([outputSize, inputSize], dt));
        init.kaiming_uniform_(weight, a: Math.Sqrt(5));
        register_parameter("weight", weight);
        if (hasBias)
        {
            double bound = 1 / Math.Sqrt(inputSize);
            bias = new Parameter(empty([outputSize], dt));
            using (no_grad()) bias.uniform_(-bound, bound);
        }
        register_parameter("bias", bias);
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor input) => LinearForward(input, weight, bias);

    /// <inheritdoc />
    protected override void OnParametersReplaced()
    {
        var d = state_dict();
        weight = (Parameter)d["weight"];
        bias = d.TryGetValue("bias", out var b) ? (Parameter)b : null;
    }

    /// <inheritdoc />
    protected override string ExtraRepr() => $"in_features={in_features}, out_features={out_features}, bias={bias is not null}";
}

/// <summary>2-D convolution over [N, C, H, W] input, with PyTorch's default initialisation.</summary>
public sealed class Conv2d : Module<Tensor, Tensor>
{
    /// <summary>The filters, shape [out_channels, in_channels, kH, kW].</summary>
    public Parameter weight { get; private set; }
    /// <summary>The bias, shape [out_channels], or null.</summary>
    public Parameter? bias { get; private set; }
    private readonly long[] _stride, _padding;
    private readonly long _in, _out, _kh, _kw;

    /// <summary>Creates the layer.</summary>
    public Conv2d(long in_channels, long out_channels, (long, long) kernelSize, (long, long) stride, (long, long) padding, bool bias = true, ScalarType? dtype = null)
        : base("Conv2d")
    {
        if (in_channels < 1 || out_channels < 1 || kernelSize.Item1 < 1 || kernelSize.Item2 < 1 || stride.Item1 < 1 || stride.Item2 < 1 || padding.Item1 < 0 || padding.Item2 < 0)
            throw new ArgumentException($"Conv2d: channels, kernel size and stride must be positive and padding non-negative (got in={in_channels}, out={out_channels}, kernel={kernelSize}, stride={stride}, padding={padding}).");
        (_in, _out, _kh, _kw) = (in_channels, out_channels, kernelSize.Item1, kernelSize.Item2);
        _stride = [stride.Item1, stride.Item2];
        _padding = [padding.Item1, padding.Item2];
        var dt = dtype ?? ScalarType.Float32;
        weight = new Parameter(empty([out_channels, in_channels, _kh, _kw], dt));
        init.kaiming_uniform_(weight, a: Math.Sqrt(5));
        register_parameter("weight", weight);
        if (bias)
        {
            double bound = 1 / Math.Sqrt(in_channels * _kh * _kw);
            this.bias = new Parameter(empty([out_channels], dt));
            using (no_grad()) this.bias.uniform_(-bound, bound);
        }
        register_parameter("bias", this.bias);
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor input) => Conv2dForward(input, weight, bias, _stride, _padding);

    /// <summary>relu(forward(input)) as one op (what <see cref="Sequential"/> runs for a Conv2d followed by ReLU).</summary>
    internal Tensor ForwardRelu(Tensor input) => Conv2dForward(input, weight, bias, _stride, _padding, relu: true);

    /// <summary>The output [H, W] for an input of [h, w]: ⌊(h + 2p − k)/s⌋ + 1 per side.</summary>
    public (long h, long w) OutputSize(long h, long w) =>
        ((h + 2 * _padding[0] - _kh) / _stride[0] + 1, (w + 2 * _padding[1] - _kw) / _stride[1] + 1);

    /// <inheritdoc />
    protected override void OnParametersReplaced()
    {
        var d = state_dict();
        weight = (Parameter)d["weight"];
        bias = d.TryGetValue("bias", out var b) ? (Parameter)b : null;
    }

    /// <inheritdoc />
    protected override string ExtraRepr() => $"{_in}, {_out}, kernel_size=({_kh}, {_kw}), stride=({_stride[0]}, {_stride[1]}), padding=({_padding[0]}, {_padding[1]})";
}

/// <summary>Flattens dims start_dim..end_dim (by default everything but the batch dim).</summary>
public sealed class Flatten : Module<Tensor, Tensor>
{
    private readonly long _start, _end;
    /// <summary>Creates the layer.</summary>
    public Flatten(long start_dim = 1, long end_dim = -1) : base("Flatten") => (_start, _end) = (start_dim, end_dim);
    /// <inheritdoc />
    public override Tensor forward(Tensor input) => input.flatten(_start, _end);
    /// <inheritdoc />
    protected override string ExtraRepr() => $"start_dim={_start}, end_dim={_end}";
}

/// <summary>Applies modules in order; they are named "0", "1", ... as in PyTorch.</summary>
public sealed class Sequential : Module<Tensor, Tensor>
{
    private readonly List<Module<Tensor, Tensor>> _layers = new();

    /// <summary>Creates the container from modules named by position.</summary>
    public Sequential(params Module<Tensor, Tensor>[] modules) : base("Sequential")
    {
        foreach (var m in modules) append(m);
    }

    /// <summary>Creates the container from named modules.</summary>
    public Sequential(params (string name, Module<Tensor, Tensor> module)[] modules) : base("Sequential")
    {
        foreach (var (n, m) in modules) append(n, m);
    }

    /// <summary>Adds a module at the end, named by its position.</summary>
    public Sequential append(Module<Tensor, Tensor> module) => append(_layers.Count.ToString(), module);

    /// <summary>Adds a named module at the end.</summary>
    public Sequential append(string name, Module<Tensor, Tensor> module)
    {
        register_module(name, module ?? throw new ArgumentNullException(nameof(module)));
        _layers.Add(module);
        return this;
    }

    /// <summary>The number of modules.</summary>
    public int Count => _layers.Count;

    /// <summary>The module at a position.</summary>
    public Module<Tensor, Tensor> this[int index] => _layers[index];

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        var x = input;
        for (int i = 0; i < _layers.Count; i++)
        {
            // A Conv2d followed by ReLU runs as one op: the relu is applied as the conv writes its output,
            // which saves a pass over the activations each way and the relu's own output tensor.
            if (_layers[i] is Conv2d conv && i + 1 < _layers.Count && _layers[i + 1] is Activation { IsRelu: true })
            {
                x = conv.ForwardRelu(x);
                i++;
            }
            else x = _layers[i].forward(x);
        }
        return x;
    }
}

/// <summary>An element-wise activation as a module.</summary>
public sealed class Activation : Module<Tensor, Tensor>
{
    private readonly Func<Tensor, Tensor> _f;
    private readonly string _extra;
    internal Activation(string name, Func<Tensor, Tensor> f, string extra = "", bool isRelu = false) : base(name) => (_f, _extra, IsRelu) = (f, extra, isRelu);
    /// <summary>True for nn.ReLU(), which Sequential may fuse into the Conv2d before it.</summary>
    internal bool IsRelu { get; }
    /// <inheritdoc />
    public override Tensor forward(Tensor input) => _f(input);
    /// <inheritdoc />
    protected override string ExtraRepr() => _extra;
}
