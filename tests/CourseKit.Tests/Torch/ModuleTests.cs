using CourseKit.Torch;
using CourseKit.Torch.Modules;
using static CourseKit.Torch.torch;
using static CourseKit.Torch.torch.nn;

namespace CourseKit.Tests.Torch;

/// <summary>nn.Module behaviour: initialisation, naming, state dicts, modes, gradient utilities, seeding.</summary>
[Collection(DefaultGeneratorCollection.Name)]
public class ModuleTests
{
    private sealed class Body : Module<Tensor, Tensor>
    {
        private readonly Sequential net;
        private readonly Tensor running;
        public Body() : base("Body")
        {
            net = Sequential(Linear(3, 4), ReLU(), Linear(4, 2));
            running = zeros(2);
            RegisterComponents();
        }
        public override Tensor forward(Tensor x) => net.forward(x) + running;
    }

    private sealed class Agent : Module<Tensor, Tensor>
    {
        public readonly Linear fc1;
        private readonly Body body;
        private readonly Parameter _scale;
        public Agent() : base("Agent")
        {
            fc1 = Linear(2, 3);
            body = new Body();
            _scale = Parameter(ones(2));
            RegisterComponents();
        }
        public override Tensor forward(Tensor x) => body.forward(fc1.forward(x)) * _scale;
    }

    [Fact]
    public void LinearDefaultInitIsUniformInPlusMinusOneOverSqrtIn()
    {
        manual_seed(1);
        var l = Linear(16, 64);
        double bound = 1 / Math.Sqrt(16);
        var w = l.weight.ToArray<float>();
        var b = l.bias!.ToArray<float>();
        Assert.All(w, v => Assert.InRange(Math.Abs(v), 0, bound));
        Assert.All(b, v => Assert.InRange(Math.Abs(v), 0, bound));
        // The whole range is used: not a narrower init (e.g. a missing gain would give bound/√3).
        Assert.True(w.Max() > 0.95 * bound && w.Min() < -0.95 * bound);
        double std = Math.Sqrt(w.Select(v => (double)v * v).Average());
        Assert.InRange(std, 0.9 * bound / Math.Sqrt(3), 1.1 * bound / Math.Sqrt(3));
        Assert.InRange(w.Average(), -0.02, 0.02);
        Assert.Equal(new long[] { 64, 16 }, l.weight.shape);
        Assert.True(l.weight.requires_grad && l.bias.requires_grad);
        Assert.Equal(ScalarType.Float32, l.weight.dtype);

        var one = Linear(1, 200);
        Assert.True(one.weight.abs().max().item<float>() is > 0.95f and <= 1f);
    }

    [Fact]
    public void Conv2dDefaultInitBoundIsOneOverSqrtFanIn()
    {
        manual_seed(2);
        var c = Conv2d(4, 8, 5);
        double bound = 1 / Math.Sqrt(4 * 25);
        Assert.InRange(c.weight.abs().max().item<float>(), 0.9 * bound, bound);
        Assert.InRange(c.bias!.abs().max().item<float>(), 0, bound);
        Assert.Equal(new long[] { 8, 4, 5, 5 }, c.weight.shape);
    }

    [Fact]
    public void ManualSeedMakesRandomnessReproducible()
    {
        manual_seed(42);
        var a = randn([100]).ToArray<float>();
        var la = Linear(5, 3).weight.ToArray<float>();
        var ca = distributions.Categorical(probs: tensor(new float[] { 0.2f, 0.3f, 0.5f })).sample(50).ToArray<long>();
        manual_seed(42);
        var b = randn([100]).ToArray<float>();
        var lb = Linear(5, 3).weight.ToArray<float>();
        var cb = distributions.Categorical(probs: tensor(new float[] { 0.2f, 0.3f, 0.5f })).sample(50).ToArray<long>();
        Assert.Equal(a, b);
        Assert.Equal(la, lb);
        Assert.Equal(ca, cb);
        Assert.Equal(42, initial_seed());
        manual_seed(43);
        Assert.NotEqual(a, randn([100]).ToArray<float>());
        // A private generator is independent of the default one.
        var g1 = new Generator(7); var g2 = new Generator(7);
        manual_seed(0);
        Assert.Equal(rand([10], generator: g1).ToArray<float>(), rand([10], generator: g2).ToArray<float>());
    }

    [Fact]
    public void SequentialNamesItsLayersByPosition()
    {
        var q = Sequential(Linear(4, 8), ReLU(), Linear(8, 2));
        Assert.Equal(new[] { "0.weight", "0.bias", "2.weight", "2.bias" }, q.named_parameters().Select(p => p.name));
        Assert.Equal(4, q.parameters().Count());
        Assert.Equal(new[] { "0.weight", "0.bias", "2.weight", "2.bias" }, q.state_dict().Keys);
        var named = Sequential(("enc", (Module<Tensor, Tensor>)Linear(2, 2)), ("act", Tanh()));
        Assert.Equal(new[] { "enc.weight", "enc.bias" }, named.named_parameters().Select(p => p.name));
        Assert.Equal(3, q.Count);
        Assert.IsType<Linear>(q[2]);
    }

    [Fact]
    public void RegisterComponentsNamesParametersAfterFieldsWithDottedNestedNames()
    {
        var m = new Agent();
        var names = m.named_parameters().Select(p => p.name).ToArray();
        Assert.Equal(new[] { "scale", "fc1.weight", "fc1.bias", "body.net.0.weight", "body.net.0.bias", "body.net.2.weight", "body.net.2.bias" }, names);
        Assert.Equal(new[] { "body.running" }, m.named_buffers().Select(b => b.name));
        Assert.Contains("body.running", m.state_dict().Keys);
        Assert.Equal(new[] { "", "fc1", "body", "body.net", "body.net.0", "body.net.1", "body.net.2" }, m.named_modules().Select(x => x.name));
        Assert.Equal(new[] { "fc1", "body" }, m.named_children().Select(x => x.name));
        var y = m.forward(ones(5, 2));
        Assert.Equal(new long[] { 5, 2 }, y.shape);
        y.sum().backward();
        Assert.All(m.parameters(), p => Assert.NotNull(p.grad));
        m.RegisterComponents();     // again: already-registered fields are skipped, nothing is duplicated
        Assert.Equal(7, m.parameters().Count());
    }

    [Fact]
    public void ASharedLayerIsListedOnceAsInPyTorch()
    {
        // PyTorch 1.13: parameters() of Sequential(l, Tanh(), l) yields 2 tensors, named 0.weight and 0.bias,
        // while state_dict() keeps all four keys. Listing them twice breaks optim.Adam(net.parameters()).
        var l = Linear(2, 2);
        var net = Sequential(l, Tanh(), l);
        Assert.Equal(new[] { "0.weight", "0.bias" }, net.named_parameters().Select(p => p.name));
        Assert.Equal(2, net.parameters().Count());
        Assert.Equal(new[] { "0.weight", "0.bias", "2.weight", "2.bias" }, net.state_dict().Keys);
        var opt = optim.Adam(net.parameters());
        net.forward(ones(1, 2)).sum().backward();
        opt.step();
    }

    [Fact]
    public void StateDictRoundTripCopiesValues()
    {
        manual_seed(5);
        var a = Sequential(Linear(3, 4), ReLU(), Linear(4, 2));
        var b = Sequential(Linear(3, 4), ReLU(), Linear(4, 2));
        var x = randn([6, 3]);
        Assert.False(a.forward(x).allclose(b.forward(x)));
        var (missing, unexpected) = b.load_state_dict(a.state_dict());
        Assert.Empty(missing);
        Assert.Empty(unexpected);
        Assert.True(a.forward(x).equal(b.forward(x)));
        // A copy, not an alias: training a afterwards leaves b alone.
        using (no_grad()) foreach (var p in a.parameters()) p.add_(1);
        Assert.False(a.forward(x).allclose(b.forward(x)));
        // state_dict tensors are the live parameters (as in PyTorch).
        var sd = a.state_dict();
        Assert.Same(a.parameters().First(), sd["0.weight"]);
    }

    [Fact]
    public void LoadStateDictStrictErrorsNameTheKeys()
    {
        var m = Sequential(Linear(2, 3), Linear(3, 1));
        var sd = new Dictionary<string, Tensor>(m.state_dict());
        sd.Remove("1.bias");
        sd["2.weight"] = zeros(1, 1);
        var ex = Assert.Throws<ArgumentException>(() => m.load_state_dict(sd));
        Assert.Contains("Missing keys: 1.bias", ex.Message);
        Assert.Contains("Unexpected keys: 2.weight", ex.Message);
        Assert.Contains("strict: false", ex.Message);

        var (missing, unexpected) = m.load_state_dict(sd, strict: false);
        Assert.Equal(new[] { "1.bias" }, missing);
        Assert.Equal(new[] { "2.weight" }, unexpected);

        var bad = new Dictionary<string, Tensor>(m.state_dict()) { ["0.weight"] = zeros(2, 2) };
        var ex2 = Assert.Throws<ArgumentException>(() => m.load_state_dict(bad, strict: false));
        Assert.Contains("'0.weight': expected [3, 2], got [2, 2]", ex2.Message);
    }

    [Fact]
    public void LoadStateDictConvertsDtypes()
    {
        var m = Linear(2, 1);
        var sd = new Dictionary<string, Tensor> { ["weight"] = tensor(new double[] { 0.5, -1 }, [1, 2]), ["bias"] = tensor(new double[] { 2 }) };
        m.load_state_dict(sd);
        Assert.Equal(ScalarType.Float32, m.weight.dtype);
        Assert.Equal(new float[] { 0.5f, -1f }, m.weight.ToArray<float>());
        Assert.Equal(2.5f, m.forward(tensor(new float[] { 1, 0 })).item<float>());
    }

    [Fact]
    public void TrainAndEvalSetTheFlagOnEveryDescendant()
    {
        var m = new Agent();
        Assert.All(m.modules(), x => Assert.True(x.training));
        m.eval();
        Assert.All(m.modules(), x => Assert.False(x.training));
        m.train();
        Assert.All(m.modules(), x => Assert.True(x.training));
        m.train(false);
        Assert.False(m.modules().Last().training);
    }

    [Fact]
    public void ModuleZeroGrad()
    {
        var m = Sequential(Linear(2, 2));
        m.forward(ones(1, 2)).sum().backward();
        Assert.All(m.parameters(), p => Assert.True(p.grad!.abs().sum().item<float>() > 0));
        m.zero_grad(set_to_none: false);
        Assert.All(m.parameters(), p => Assert.Equal(0f, p.grad!.abs().sum().item<float>()));
        m.zero_grad();   // TorchSharp's and PyTorch 2's default: drop the gradients
        Assert.All(m.parameters(), p => Assert.Null(p.grad));
    }

    [Fact]
    public void ClipGradNormReturnsTheNormAndScalesTheGradients()
    {
        var a = Parameter(zeros(2)); var b = Parameter(zeros(1)); var none = Parameter(zeros(3));
        a.grad = tensor(new float[] { 3, 4 }); b.grad = tensor(new float[] { 12 });
        double n = utils.clip_grad_norm_(new[] { a, b, none }, 100);
        Assert.Equal(13, n, 5);
        Assert.Equal(new float[] { 3, 4 }, a.grad.ToArray<float>());      // below the limit: untouched
        n = utils.clip_grad_norm_(new[] { a, b, none }, 6.5);
        Assert.Equal(13, n, 5);
        double k = 6.5 / (13 + 1e-6);
        Assert.Equal(3 * k, a.grad.ToArray<float>()[0], 5);
        Assert.Equal(12 * k, b.grad.item<float>(), 5);
        double after = Math.Sqrt(a.grad.pow(2).sum().item<float>() + b.grad.pow(2).sum().item<float>());
        Assert.Equal(6.5, after, 4);
        Assert.Null(none.grad);

        var c = Parameter(zeros(3, ScalarType.Float64));
        c.grad = tensor(new double[] { 1, -12, 5 });
        Assert.Equal(12, utils.clip_grad_norm_(new[] { c }, 6, double.PositiveInfinity), 12);
        Assert.Equal(new double[] { 0.5, -6, 2.5 }, c.grad.ToArray<double>().Select(v => Math.Round(v, 5)));
        c.grad = tensor(new double[] { 1, -2, 2 });
        Assert.Equal(5, utils.clip_grad_norm_(new[] { c }, 100, 1), 12);
    }

    [Fact]
    public void ModuleToFloat64ConvertsParametersAndForwardStillWorks()
    {
        var m = Sequential(Linear(3, 2), Tanh());
        m.to(ScalarType.Float64);
        Assert.All(m.parameters(), p => Assert.Equal(ScalarType.Float64, p.dtype));
        var lin = (Linear)m[0];
        Assert.Equal(ScalarType.Float64, lin.weight.dtype);
        Assert.Same(lin.weight, m.parameters().First());
        var y = m.forward(ones([2, 3], ScalarType.Float64));
        Assert.Equal(ScalarType.Float64, y.dtype);
        y.sum().backward();
        Assert.NotNull(lin.weight.grad);
    }

    [Fact]
    public void ModuleToStringShowsTheStructure()
    {
        var s = Sequential(Linear(4, 2), ReLU()).ToString();
        Assert.Contains("Sequential(", s);
        Assert.Contains("(0): Linear(in_features=4, out_features=2, bias=True)", s);
        Assert.Contains("(1): ReLU", s);
    }

    [Fact]
    public void ActivationModulesAndIdentity()
    {
        var x = tensor(new float[] { -1, 0.5f });
        Assert.Same(x, Identity().forward(x));
        Assert.Equal(new float[] { 0, 0.5f }, ReLU().forward(x).ToArray<float>());
        Assert.Equal(new float[] { -0.01f, 0.5f }, LeakyReLU().forward(x).ToArray<float>());
        Assert.Equal(x.tanh().ToArray<float>(), Tanh().call(x).ToArray<float>());
    }
}
