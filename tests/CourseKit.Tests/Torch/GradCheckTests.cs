using CourseKit.Torch;
using static CourseKit.Torch.torch;
using static CourseKit.Torch.torch.nn;
using F = CourseKit.Torch.torch.nn.functional;

namespace CourseKit.Tests.Torch;

/// <summary>
/// Every differentiable op of the engine against central finite differences in float64, on shapes
/// that include broadcasting, scalars on either side and reductions over each dim.
/// Each case is its own test, so one broken op does not hide the others.
/// </summary>
public class GradCheckTests
{
    private static readonly Dictionary<string, Action> Cases = Build();

    public static TheoryData<string> Names()
    {
        var d = new TheoryData<string>();
        foreach (var k in Cases.Keys) d.Add(k);
        return d;
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Gradient(string name) => Cases[name]();

    [Fact]
    public void TheCaseListCoversEveryOpFamily()
    {
        // Guards against a refactor silently dropping whole families from the table.
        string[] families =
        [
            "add", "sub", "mul", "div", "pow", "maximum", "minimum", "neg", "exp", "log", "log1p", "expm1", "sqrt", "abs", "sin", "cos",
            "reciprocal", "clamp", "relu", "leaky_relu", "tanh", "sigmoid", "softplus", "selu", "matmul", "mm", "bmm", "addmm", "linear",
            "sum", "mean", "var", "std", "max", "min", "gather", "index_select", "where", "masked_fill", "cat", "stack", "narrow", "select",
            "indexer", "reshape", "view", "flatten", "unsqueeze", "squeeze", "transpose", "permute", "t()", "expand", "repeat", "conv2d",
            "log_softmax", "softmax", "mse_loss", "l1_loss", "smooth_l1_loss", "huber_loss", "cross_entropy", "nll_loss",
            "binary_cross_entropy_with_logits", "clone", "Normal.log_prob", "Normal.entropy", "Normal.rsample", "Categorical.log_prob",
            "Categorical.entropy",
        ];
        var missing = families.Where(f => !Cases.Keys.Any(k => k.StartsWith(f + " ", StringComparison.Ordinal) || k == f)).ToList();
        Assert.True(missing.Count == 0, "no grad-check case for: " + string.Join(", ", missing));
        Assert.True(Cases.Count > 250, $"only {Cases.Count} cases");
    }

    private static string S(long[] s) => GradCheck.Fmt(s);

    private static Dictionary<string, Action> Build()
    {
        var c = new Dictionary<string, Action>();
        void Add(string name, Action a) => c.Add(name, a);

        // ---- binary arithmetic with broadcasting -------------------------------------------------------
        (long[] a, long[] b)[] pairs =
        [
            ([3, 4], [3, 4]), ([3, 4], [4]), ([4], [3, 4]), ([3, 1], [1, 4]), ([2, 3, 4], [3, 1]), ([3, 1], [2, 3, 4]),
            ([4], [2, 3, 4]), ([], [2, 3]), ([2, 3], []), ([2, 1, 4], [3, 1]), ([1], [3]), ([5], [1]),
        ];
        var binary = new (string name, Func<Tensor, Tensor, Tensor> f, Func<Data, long[], Tensor> ga, Func<Data, long[], Tensor> gb)[]
        {
            ("add", (a, b) => a + b, (d, s) => d.Uniform(s), (d, s) => d.Uniform(s)),
            ("add", (a, b) => a.add(b, 2.5), (d, s) => d.Uniform(s), (d, s) => d.Uniform(s)),
            ("sub", (a, b) => a - b, (d, s) => d.Uniform(s), (d, s) => d.Uniform(s)),
            ("mul", (a, b) => a * b, (d, s) => d.Uniform(s), (d, s) => d.Uniform(s)),
            ("div", (a, b) => a / b, (d, s) => d.Uniform(s), (d, s) => d.AwayFromZero(s, 0.5, 2)),
            ("pow", (a, b) => a.pow(b), (d, s) => d.Uniform(s, 0.5, 2), (d, s) => d.Uniform(s, -2, 2)),
            ("maximum", (a, b) => a.maximum(b), (d, s) => d.Uniform(s), (d, s) => d.Uniform(s)),
            ("minimum", (a, b) => a.minimum(b), (d, s) => d.Uniform(s), (d, s) => d.Uniform(s)),
        };
        int variant = 0;
        foreach (var (name, f, ga, gb) in binary)
        {
            variant++;
            foreach (var (sa, sb) in pairs)
            {
                int seed = variant * 100 + c.Count;
                Add($"{name} {S(sa)} {S(sb)} v{variant}", () =>
                {
                    var d = new Data(seed);
                    GradCheck.Check(name, f, ga(d, sa), gb(d, sb));
                });
            }
        }
        Add("add same tensor twice", () => GradCheck.Check("add", x => x + x, new Data(1).Uniform([3, 2])));
        Add("mul same tensor twice (x*x)", () => GradCheck.Check("mul", x => x * x, new Data(2).Uniform([3, 2])));
        Add("sub diamond (x*y - x/y)", () => GradCheck.Check("sub", (x, y) => x * y - x / y, new Data(3).Uniform([3, 2]), new Data(4).AwayFromZero([2])));

        // ---- scalar on either side -------------------------------------------------------------------
        var scalarForms = new (string name, Func<Tensor, Tensor> f, bool awayFromZero, bool positive)[]
        {
            ("add t+2", x => x + 2, false, false),
            ("add 2+t", x => 2 + x, false, false),
            ("add t+0.5f", x => x + 0.5f, false, false),
            ("sub t-2.5", x => x - 2.5, false, false),
            ("sub 2.5-t", x => 2.5 - x, false, false),
            ("sub 1-t (int)", x => 1 - x, false, false),
            ("mul t*2", x => x * 2, false, false),
            ("mul 2*t", x => 2 * x, false, false),
            ("mul t*-0.75", x => x * -0.75, false, false),
            ("div t/3", x => x / 3, false, false),
            ("div 1/t", x => 1 / x, true, false),
            ("div 2.5/t", x => 2.5 / x, true, false),
            ("neg -t", x => -x, false, false),
            ("pow t^2", x => x.pow(2), false, false),
            ("pow t^3", x => x.pow(3), false, false),
            ("pow t^1", x => x.pow(1), false, false),
            ("pow t^0", x => x.pow(0), true, false),
            ("pow t^-1", x => x.pow(-1), true, false),
            ("pow t^0.5", x => x.pow(0.5), false, true),
            ("pow t^-1.5", x => x.pow(-1.5), false, true),
            ("pow t^2.5", x => x.pow(2.5), false, true),
            ("pow torch.pow(t, 3.0)", x => torch.pow(x, 3.0), false, false),
            ("pow square", x => x.square(), false, false),
        };
        foreach (var (name, f, away, positive) in scalarForms)
            foreach (var shape in new long[][] { [], [5], [3, 4], [2, 3, 2] })
            {
                int seed = c.Count;
                Add($"{name} {S(shape)}", () =>
                {
                    var d = new Data(seed);
                    var x = positive ? d.Uniform(shape, 0.3, 2) : away ? d.AwayFromZero(shape, 0.3, 2) : d.Uniform(shape);
                    GradCheck.Check(name, f, x);
                });
            }

        // ---- unary element-wise ----------------------------------------------------------------------
        var unary = new (string name, Func<Tensor, Tensor> f, Func<Data, long[], Tensor> gen)[]
        {
            ("neg", x => x.neg(), (d, s) => d.Uniform(s)),
            ("exp", x => x.exp(), (d, s) => d.Uniform(s)),
            ("exp torch.exp", x => torch.exp(x), (d, s) => d.Uniform(s)),
            ("log", x => x.log(), (d, s) => d.Uniform(s, 0.2, 3)),
            ("log1p", x => x.log1p(), (d, s) => d.Uniform(s, -0.8, 3)),
            ("expm1", x => x.expm1(), (d, s) => d.Uniform(s)),
            ("sqrt", x => x.sqrt(), (d, s) => d.Uniform(s, 0.2, 3)),
            ("abs", x => x.abs(), (d, s) => d.AwayFromZero(s)),
            ("sin", x => x.sin(), (d, s) => d.Uniform(s, -4, 4)),
            ("cos", x => x.cos(), (d, s) => d.Uniform(s, -4, 4)),
            ("reciprocal", x => x.reciprocal(), (d, s) => d.AwayFromZero(s, 0.3, 2)),
            ("clamp min", x => x.clamp(min: -0.5), (d, s) => d.Uniform(s)),
            ("clamp max", x => x.clamp(max: 0.7), (d, s) => d.Uniform(s)),
            ("clamp both", x => x.clamp(-0.5, 0.7), (d, s) => d.Uniform(s)),
            ("clamp torch.clamp", x => torch.clamp(x, -1, 1), (d, s) => d.Uniform(s)),
            ("relu", x => x.relu(), (d, s) => d.AwayFromZero(s)),
            ("relu functional", x => F.relu(x), (d, s) => d.AwayFromZero(s)),
            ("relu module", x => ReLU().forward(x), (d, s) => d.AwayFromZero(s)),
            ("leaky_relu default", x => F.leaky_relu(x), (d, s) => d.AwayFromZero(s)),
            ("leaky_relu 0.2", x => F.leaky_relu(x, 0.2), (d, s) => d.AwayFromZero(s)),
            ("leaky_relu module", x => LeakyReLU(0.3).forward(x), (d, s) => d.AwayFromZero(s)),
            ("tanh", x => x.tanh(), (d, s) => d.Uniform(s, -3, 3)),
            ("sigmoid", x => x.sigmoid(), (d, s) => d.Uniform(s, -5, 5)),
            ("softplus", x => F.softplus(x), (d, s) => d.AwayFromZero(s, 0.1, 5)),
            ("softplus beta 2", x => F.softplus(x, beta: 2), (d, s) => d.AwayFromZero(s, 0.1, 3)),
            ("softplus above threshold", x => F.softplus(x), (d, s) => d.Uniform(s, 20.5, 25)),
            ("softplus across threshold 20", x => F.softplus(x), (d, s) => d.Uniform(s, 17, 23)),
            ("softplus beta 2 threshold 3 across", x => F.softplus(x, beta: 2, threshold: 3), (d, s) => d.Uniform(s, -3, 3)),
            ("softplus module", x => Softplus(0.5, 5).forward(x), (d, s) => d.AwayFromZero(s, 0.1, 12)),
            ("selu", x => F.selu(x), (d, s) => d.AwayFromZero(s)),
            ("selu module", x => SELU().forward(x), (d, s) => d.AwayFromZero(s)),
            ("tanh module", x => Tanh().forward(x), (d, s) => d.Uniform(s)),
            ("sigmoid module", x => Sigmoid().forward(x), (d, s) => d.Uniform(s)),
            ("clone", x => x.clone() * x, (d, s) => d.Uniform(s)),
        };
        foreach (var (name, f, gen) in unary)
        {
            var rs = new Data(c.Count);
            var shapes = new List<(string label, long[] shape)> { ("", []), ("", [7]), ("", [3, 4]), ("", [2, 3, 2]), ("random ", rs.Shape(rs.Next(1, 5))) };
            foreach (var (label, shape) in shapes)
            {
                int seed = c.Count;
                Add($"{name} {label}{S(shape)}", () => GradCheck.Check(name, f, gen(new Data(seed), shape)));
            }
        }
        // Shared-storage vectors longer than a SIMD register, so the vector loops and their tails both run.
        Add("relu [37]", () => GradCheck.Check("relu", x => x.relu(), new Data(5).AwayFromZero([37])));
        Add("tanh [37]", () => GradCheck.Check("tanh", x => x.tanh(), new Data(6).Uniform([37])));
        Add("sigmoid [37]", () => GradCheck.Check("sigmoid", x => x.sigmoid(), new Data(7).Uniform([37])));

        // ---- matrix products ------------------------------------------------------------------------
        var mats = new (string name, Func<Tensor, Tensor, Tensor> f, long[] a, long[] b)[]
        {
            ("mm", (a, b) => a.mm(b), [3, 4], [4, 5]),
            ("mm torch.mm", (a, b) => torch.mm(a, b), [1, 3], [3, 1]),
            ("matmul 2Dx2D", (a, b) => a.matmul(b), [3, 4], [4, 2]),
            ("matmul 1Dx1D", (a, b) => a.matmul(b), [4], [4]),
            ("matmul 1Dx2D", (a, b) => a.matmul(b), [4], [4, 3]),
            ("matmul 2Dx1D", (a, b) => a.matmul(b), [3, 4], [4]),
            ("matmul 3Dx2D", (a, b) => a.matmul(b), [2, 3, 4], [4, 5]),
            ("matmul 3Dx1D", (a, b) => a.matmul(b), [2, 3, 4], [4]),
            ("matmul 3Dx3D", (a, b) => a.matmul(b), [2, 3, 4], [2, 4, 5]),
            ("matmul 4Dx2D", (a, b) => torch.matmul(a, b), [2, 2, 3, 4], [4, 2]),
            ("bmm", (a, b) => a.bmm(b), [3, 2, 4], [3, 4, 2]),
            ("bmm torch.bmm", (a, b) => torch.bmm(a, b), [1, 3, 3], [1, 3, 1]),
        };
        foreach (var (name, f, sa, sb) in mats)
        {
            int seed = c.Count;
            Add($"{name} {S(sa)} {S(sb)}", () => { var d = new Data(seed); GradCheck.Check(name, f, d.Uniform(sa), d.Uniform(sb)); });
        }
        foreach (var (inShape, beta, alpha) in new (long[], double, double)[] { ([5], 1, 1), ([3, 5], 0.5, 2), ([3, 1], -1, 0.25), ([], 2, 1) })
        {
            int seed = c.Count;
            Add($"addmm input {S(inShape)} beta {beta} alpha {alpha}", () =>
            {
                var d = new Data(seed);
                GradCheck.Check("addmm", xs => addmm(xs[0], xs[1], xs[2], beta, alpha), [d.Uniform(inShape), d.Uniform([3, 4]), d.Uniform([4, 5])]);
            });
        }
        foreach (var xShape in new long[][] { [3, 4], [4], [2, 3, 4], [1, 4] })
        {
            int seed = c.Count;
            Add($"linear with bias x {S(xShape)}", () =>
            {
                var d = new Data(seed);
                GradCheck.Check("linear", xs => F.linear(xs[0], xs[1], xs[2]), [d.Uniform(xShape), d.Uniform([5, 4]), d.Uniform([5])]);
            });
            Add($"linear without bias x {S(xShape)}", () =>
            {
                var d = new Data(seed + 1);
                GradCheck.Check("linear", xs => F.linear(xs[0], xs[1]), [d.Uniform(xShape), d.Uniform([5, 4])]);
            });
        }

        // ---- reductions -----------------------------------------------------------------------------
        long[] r3 = [2, 3, 4];
        void Red(string name, Func<Tensor, Tensor> f, long[]? shape = null)
        {
            int seed = c.Count;
            var s = shape ?? r3;
            Add($"{name} {S(s)}", () => GradCheck.Check(name, f, new Data(seed).Uniform(s)));
        }
        Red("sum all", x => x.sum());
        Red("sum all 0-dim", x => x.sum(), []);
        Red("mean all", x => x.mean());
        Red("mean all 0-dim", x => x.mean(), []);
        Red("sum torch.sum", x => torch.sum(x));
        Red("mean torch.mean", x => torch.mean(x, [1]));
        foreach (long dim in new long[] { 0, 1, 2, -1, -3 })
            foreach (bool keep in new[] { false, true })
            {
                long d0 = dim; bool k0 = keep;
                Red($"sum dim {dim} keepdim {keep}", x => x.sum(d0, k0));
                Red($"mean dim {dim} keepdim {keep}", x => x.mean([d0], k0));
                Red($"var dim {dim} keepdim {keep}", x => x.var(d0, keepdim: k0));
                Red($"std dim {dim} keepdim {keep}", x => x.std(d0, keepdim: k0));
                Red($"max dim {dim} keepdim {keep}", x => x.max(d0, k0).values);
                Red($"min dim {dim} keepdim {keep}", x => x.min(d0, k0).values);
            }
        Red("sum dim 0 of 1-D", x => x.sum(0), [6]);
        Red("max dim 0 of 1-D", x => x.max(0).values, [6]);
        Red("sum dims [0,2]", x => x.sum([0L, 2L]));
        Red("sum dims [-1,0] keepdim", x => x.sum([-1L, 0L], keepdim: true));
        Red("mean dims [1,2]", x => x.mean([1L, 2L]));
        Red("mean dims [0,1] keepdim", x => x.mean([0L, 1L], keepdim: true));
        Red("var all unbiased", x => x.var());
        Red("var all biased", x => x.var(false));
        Red("var dim 1 biased", x => x.var(1, unbiased: false));
        Red("std all", x => x.std());
        Red("std all biased", x => x.std(false));
        Red("max all", x => x.max());
        Red("min all", x => x.min());
        Red("max torch.max dim 1", x => torch.max(x, 1).values);
        Red("min torch.min dim 0 keepdim", x => torch.min(x, 0, true).values);

        // ---- indexing -------------------------------------------------------------------------------
        Add("gather dim 0", () =>
        {
            var d = new Data(31);
            var idx = tensor(new long[] { 0, 2, 2, 1, 1, 1, 0, 0 }, [2, 4]);
            GradCheck.Check("gather", x => x.gather(0, idx), d.Uniform([3, 4]));
        });
        Add("gather dim 1 (repeated indices accumulate)", () =>
        {
            var d = new Data(32);
            var idx = tensor(new long[] { 0, 0, 3, 1, 2, 2, 2, 2, 3, 3, 0, 1 }, [3, 4]);
            GradCheck.Check("gather", x => x.gather(1, idx), d.Uniform([3, 4]));
        });
        Add("gather dim 1 narrower index (DQN idiom)", () =>
        {
            var d = new Data(33);
            var actions = tensor(new long[] { 1, 0, 1, 1, 0 }, [5]);
            GradCheck.Check("gather", q => q.gather(1, actions.unsqueeze(-1)).squeeze(-1), d.Uniform([5, 2]));
        });
        Add("gather dim -1 of 3-D", () =>
        {
            var d = new Data(34);
            var idx = d.Indices([2, 3, 5], 4);
            GradCheck.Check("gather", x => torch.gather(x, -1, idx), d.Uniform([2, 3, 4]));
        });
        Add("index_select dim 0", () =>
        {
            var idx = tensor(new long[] { 2, 0, 2 });
            GradCheck.Check("index_select", x => x.index_select(0, idx), new Data(35).Uniform([3, 4]));
        });
        Add("index_select dim 1", () =>
        {
            var idx = tensor(new long[] { 3, 3, 1, 0, 3 });
            GradCheck.Check("index_select", x => torch.index_select(x, 1, idx), new Data(36).Uniform([2, 4, 3]));
        });
        Add("where same shapes", () =>
        {
            var d = new Data(37);
            var cond = d.Uniform([3, 4]) > 0;
            GradCheck.Check("where", (x, y) => where(cond, x, y), d.Uniform([3, 4]), d.Uniform([3, 4]));
        });
        Add("where broadcast [3,1] [1,4] []", () =>
        {
            var d = new Data(38);
            var cond = d.Uniform([3, 1]) > 0;
            GradCheck.Check("where", (x, y) => where(cond, x, y), d.Uniform([1, 4]), d.Uniform([]));
        });
        Add("where broadcast cond [4] x [3,4] y [4]", () =>
        {
            var d = new Data(39);
            var cond = tensor(new[] { true, false, true, false });
            GradCheck.Check("where", (x, y) => where(cond, x, y), d.Uniform([3, 4]), d.Uniform([4]));
        });
        Add("masked_fill same shape", () =>
        {
            var d = new Data(40);
            var mask = d.Uniform([3, 4]) > 0.5;
            GradCheck.Check("masked_fill", x => x.masked_fill(mask, -3.5), d.Uniform([3, 4]));
        });
        Add("masked_fill broadcast mask [4]", () =>
        {
            var mask = tensor(new[] { false, true, true, false });
            GradCheck.Check("masked_fill", x => x.masked_fill(mask, 0), new Data(41).Uniform([3, 4]));
        });
        Add("cat dim 0 three inputs", () =>
        {
            var d = new Data(42);
            GradCheck.Check("cat", xs => cat(xs, 0), [d.Uniform([2, 3]), d.Uniform([1, 3]), d.Uniform([3, 3])]);
        });
        Add("cat dim 1", () =>
        {
            var d = new Data(43);
            GradCheck.Check("cat", xs => cat(xs, 1), [d.Uniform([2, 1, 2]), d.Uniform([2, 3, 2])]);
        });
        Add("cat dim -1 with a constant", () =>
        {
            var d = new Data(44);
            var k = d.Uniform([2, 2]);
            GradCheck.Check("cat", (a, b) => cat(new[] { a, k, b }, -1), d.Uniform([2, 3]), d.Uniform([2, 1]));
        });
        foreach (long dim in new long[] { 0, 1, 2, -1 })
        {
            long d0 = dim;
            Add($"stack dim {dim}", () =>
            {
                var d = new Data(45 + (int)d0);
                GradCheck.Check("stack", xs => stack(xs, d0), [d.Uniform([2, 3]), d.Uniform([2, 3]), d.Uniform([2, 3])]);
            });
        }
        Add("narrow dim 0 (shared storage)", () => GradCheck.Check("narrow", x => x.narrow(0, 1, 2) * 2, new Data(50).Uniform([4, 3])));
        Add("narrow dim 1 (copy)", () => GradCheck.Check("narrow", x => x.narrow(1, 1, 2), new Data(51).Uniform([3, 4])));
        Add("narrow negative start", () => GradCheck.Check("narrow", x => x.narrow(-1, -3, 2), new Data(52).Uniform([2, 2, 4])));
        Add("narrow then narrow", () => GradCheck.Check("narrow", x => x.narrow(0, 1, 3).narrow(0, 1, 1).exp(), new Data(53).Uniform([5, 2])));
        Add("select dim 0", () => GradCheck.Check("select", x => x.select(0, 1), new Data(54).Uniform([3, 4])));
        Add("select dim 1 negative", () => GradCheck.Check("select", x => x.select(1, -1), new Data(55).Uniform([3, 4, 2])));
        Add("select of 1-D (0-dim result)", () => GradCheck.Check("select", x => x.select(0, 2) * x, new Data(56).Uniform([4])));
        Add("indexer t[i]", () => GradCheck.Check("indexer", x => x[1], new Data(57).Uniform([3, 4])));
        Add("indexer t[-1]", () => GradCheck.Check("indexer", x => x[-1] * x[0], new Data(58).Uniform([3, 4])));
        Add("indexer t[i,j]", () => GradCheck.Check("indexer", x => x[1, 2], new Data(59).Uniform([2, 3, 4])));
        Add("indexer t[i,j,k]", () => GradCheck.Check("indexer", x => x[1, 0, 3], new Data(60).Uniform([2, 3, 4])));

        // ---- shape ops ------------------------------------------------------------------------------
        var shapeOps = new (string name, Func<Tensor, Tensor> f, long[] shape)[]
        {
            ("reshape", x => x.reshape(4, 3), [3, 4]),
            ("reshape -1", x => x.reshape(-1), [2, 3, 2]),
            ("reshape torch.reshape", x => torch.reshape(x, 2, -1, 3), [3, 4]),
            ("view", x => x.view(2, -1), [3, 4]),
            ("view_as", x => x.view_as(tensor(new double[12], [6, 2])), [3, 4]),
            ("flatten", x => x.flatten(), [2, 3, 4]),
            ("flatten 1", x => x.flatten(1), [2, 3, 4]),
            ("flatten 0 1", x => x.flatten(0, 1), [2, 3, 4]),
            ("flatten module", x => Flatten().forward(x), [2, 3, 4]),
            ("unsqueeze 0", x => x.unsqueeze(0), [3, 4]),
            ("unsqueeze -1", x => x.unsqueeze(-1), [3, 4]),
            ("unsqueeze 1", x => x.unsqueeze(1) * x.unsqueeze(0), [3]),
            ("squeeze all", x => x.squeeze(), [1, 3, 1, 2]),
            ("squeeze 0", x => x.squeeze(0), [1, 3, 1, 2]),
            ("squeeze 2", x => x.squeeze(2), [1, 3, 1, 2]),
            ("squeeze non-1 dim", x => x.squeeze(1), [1, 3, 1, 2]),
            ("transpose 0 1", x => x.transpose(0, 1), [3, 4]),
            ("transpose 0 2", x => x.transpose(0, 2), [2, 3, 4]),
            ("transpose -1 -2", x => x.transpose(-1, -2), [2, 3, 4]),
            ("permute 2 0 1", x => x.permute(2, 0, 1), [2, 3, 4]),
            ("permute 1 0 2 3", x => x.permute(1, 0, 3, 2), [2, 3, 2, 2]),
            ("t()", x => x.t(), [3, 4]),
            ("t() T property", x => x.T * 2, [2, 5]),
            ("expand [4] to [3,4]", x => x.expand(3, 4), [4]),
            ("expand [3,1] to [2,3,4]", x => x.expand(2, 3, 4), [3, 1]),
            ("expand -1", x => x.expand(-1, 5), [3, 1]),
            ("expand 0-dim", x => x.expand(2, 3), []),
            ("expand_as", x => x.expand_as(tensor(new double[6], [2, 3])), [1, 3]),
            ("repeat 2 3", x => x.repeat(2, 3), [2, 3]),
            ("repeat with new dim", x => x.repeat(2, 1, 2), [3, 2]),
            ("repeat 1-D", x => x.repeat(3), [4]),
        };
        foreach (var (name, f, shape) in shapeOps)
        {
            int seed = c.Count;
            Add($"{name} {S(shape)}", () => GradCheck.Check(name, f, new Data(seed).Uniform(shape)));
        }

        // ---- conv2d ---------------------------------------------------------------------------------
        var convs = new (long[] x, long[] w, long stride, long padding, bool bias)[]
        {
            ([2, 3, 5, 6], [4, 3, 3, 3], 1, 0, true),
            ([2, 3, 5, 6], [4, 3, 3, 3], 1, 0, false),
            ([1, 2, 7, 7], [3, 2, 3, 3], 2, 1, true),
            ([2, 1, 6, 5], [2, 1, 2, 2], 3, 2, true),
            ([1, 2, 5, 5], [2, 2, 5, 5], 1, 0, true),
            ([1, 2, 4, 6], [3, 2, 2, 3], 2, 0, false),
            ([2, 2, 4, 4], [1, 2, 1, 1], 1, 1, true),
            // Unpadded with channels in whole 8-wide double tiles: on AVX2 the direct kernels (forward, weight and,
            // with 8 input channels, input gradient); elsewhere the GEMM paths.
            ([2, 8, 6, 6], [8, 8, 3, 3], 1, 0, true),
            ([2, 8, 7, 7], [16, 8, 3, 3], 2, 0, false),
        };
        // conv2d alone, and with its relu fused (what Sequential runs for Conv2d, ReLU).
        void AddConv(string op, long[] xs, long[] ws, long stride, long pad, bool bias)
        {
            int seed = c.Count;
            Add($"{op} x {S(xs)} w {S(ws)} stride {stride} padding {pad} bias {bias}", () =>
            {
                var d = new Data(seed);
                var inputs = new List<Tensor> { d.Uniform(xs), d.Uniform(ws) };
                if (bias) inputs.Add(d.Uniform([ws[0]]));
                GradCheck.Check(op, t => op == "conv2d"
                    ? F.conv2d(t[0], t[1], bias ? t[2] : null, [stride, stride], [pad, pad])
                    : Conv2dForward(t[0], t[1], bias ? t[2] : null, [stride, stride], [pad, pad], relu: true), inputs.ToArray());
            });
        }
        foreach (var (xs, ws, stride, pad, bias) in convs) AddConv("conv2d", xs, ws, stride, pad, bias);
        Add("conv2d rectangular stride (1,2) padding (0,1)", () =>
        {
            var d = new Data(70);
            GradCheck.Check("conv2d", t => Conv2dForward(t[0], t[1], t[2], [1, 2], [0, 1]), [d.Uniform([1, 2, 4, 5]), d.Uniform([2, 2, 3, 2]), d.Uniform([2])]);
        });
        Add("conv2d input from a narrowed batch", () =>
        {
            var d = new Data(71);
            var w = d.Uniform([2, 1, 2, 2]);
            GradCheck.Check("conv2d", x => F.conv2d(x.narrow(0, 1, 1), w), d.Uniform([3, 1, 3, 3]));
        });

        var fused = new (long[] x, long[] w, long stride, long padding, bool bias)[]
        {
            ([2, 4, 8, 8], [3, 4, 4, 4], 2, 0, true),   // the pixel notebook's first layer, shrunk
            ([2, 4, 8, 8], [8, 4, 4, 4], 2, 0, true),   // the same with 8 output channels: the direct kernels on AVX2
            ([3, 2, 5, 5], [4, 2, 3, 3], 1, 1, true),
            ([1, 2, 6, 7], [2, 2, 3, 2], 2, 1, false),
        };
        foreach (var (xs, ws, stride, pad, bias) in fused) AddConv("conv2d+relu", xs, ws, stride, pad, bias);

        // ---- softmax --------------------------------------------------------------------------------
        foreach (long dim in new long[] { 0, 1, 2, -1, -2 })
        {
            long d0 = dim;
            Red($"log_softmax dim {dim}", x => x.log_softmax(d0));
            Red($"softmax dim {dim}", x => x.softmax(d0));
        }
        Red("log_softmax 1-D", x => F.log_softmax(x, 0), [5]);
        Red("softmax 1-D", x => torch.softmax(x, -1), [5]);
        Red("softmax module", x => Softmax(1).forward(x), [3, 4]);
        Red("log_softmax module", x => LogSoftmax(-1).forward(x), [3, 4]);
        Red("log_softmax large logits", x => (x * 200).log_softmax(-1), [3, 4]);

        // ---- losses ---------------------------------------------------------------------------------
        foreach (var red in new[] { Reduction.Mean, Reduction.Sum, Reduction.None })
        {
            var r = red;
            int seed = c.Count;
            Add($"mse_loss {red}", () => { var d = new Data(seed); GradCheck.Check("mse_loss", (x, y) => F.mse_loss(x, y, r), d.Uniform([4, 3]), d.Uniform([4, 3])); });
            Add($"l1_loss {red}", () =>
            {
                var d = new Data(seed + 1);
                var y = d.Uniform([4, 3]);
                GradCheck.Check("l1_loss", (a, b) => F.l1_loss(a, b, r), y + d.AwayFromZero([4, 3], 0.1, 2), y);
            });
            foreach (double beta in new[] { 1.0, 0.5, 2.0 })
            {
                double b0 = beta;
                Add($"smooth_l1_loss {red} beta {beta}", () =>
                {
                    var d = new Data(seed + 2 + (int)(beta * 10));
                    GradCheck.Check("smooth_l1_loss", (a, b) => F.smooth_l1_loss(a, b, r, b0), d.Uniform([5, 4], -3, 3), d.Uniform([5, 4], -3, 3));
                });
            }
            foreach (double delta in new[] { 1.0, 0.5, 2.5 })
            {
                double d0 = delta;
                Add($"huber_loss {red} delta {delta}", () =>
                {
                    var d = new Data(seed + 40 + (int)(delta * 10));
                    GradCheck.Check("huber_loss", (a, b) => F.huber_loss(a, b, d0, r), d.Uniform([5, 4], -4, 4), d.Uniform([5, 4], -4, 4));
                });
            }
            Add($"cross_entropy {red}", () =>
            {
                var d = new Data(seed + 3);
                var target = tensor(new long[] { 0, 4, 2, 2 });
                GradCheck.Check("cross_entropy", x => F.cross_entropy(x, target, reduction: r), d.Uniform([4, 5], -3, 3));
            });
            Add($"cross_entropy soft labels {red}", () =>
            {
                var d = new Data(seed + 4);
                GradCheck.Check("cross_entropy", (x, p) => F.cross_entropy(x, p, reduction: r), d.Uniform([3, 4]), d.Uniform([3, 4], 0, 1).softmax(-1));
            });
            Add($"nll_loss {red}", () =>
            {
                var d = new Data(seed + 5);
                var target = tensor(new long[] { 1, 1, 0, 3 });
                GradCheck.Check("nll_loss", x => F.nll_loss(x, target, reduction: r), d.Uniform([4, 4]));
            });
            Add($"binary_cross_entropy_with_logits {red}", () =>
            {
                var d = new Data(seed + 6);
                GradCheck.Check("binary_cross_entropy_with_logits", (x, y) => F.binary_cross_entropy_with_logits(x, y, r), d.AwayFromZero([3, 4], 0.05, 4), d.Uniform([3, 4], 0, 1));
            });
        }
        Add("mse_loss module", () => { var d = new Data(90); GradCheck.Check("mse_loss", (x, y) => MSELoss().forward(x, y), d.Uniform([6]), d.Uniform([6])); });
        Add("smooth_l1_loss module beta 0.3", () => { var d = new Data(91); GradCheck.Check("smooth_l1_loss", (x, y) => SmoothL1Loss(beta: 0.3).forward(x, y), d.Uniform([6]), d.Uniform([6])); });
        Add("huber_loss module delta 1.5", () => { var d = new Data(92); GradCheck.Check("huber_loss", (x, y) => HuberLoss(delta: 1.5).forward(x, y), d.Uniform([6], -3, 3), d.Uniform([6], -3, 3)); });
        Add("cross_entropy module", () =>
        {
            var t = tensor(new long[] { 2, 0 });
            GradCheck.Check("cross_entropy", x => CrossEntropyLoss().forward(x, t), new Data(93).Uniform([2, 3]));
        });
        Add("nll_loss module", () =>
        {
            var t = tensor(new long[] { 2, 0 });
            GradCheck.Check("nll_loss", x => NLLLoss().forward(x.log_softmax(1), t), new Data(94).Uniform([2, 3]));
        });
        Add("smooth_l1_loss DQN target (float32 target into float64 input)", () =>
        {
            var target = tensor(new float[] { 0.5f, -1.25f, 3f });
            GradCheck.Check("smooth_l1_loss", x => F.smooth_l1_loss(x, target), new Data(95).Uniform([3], -3, 3));
        });

        // ---- distributions --------------------------------------------------------------------------
        Add("Normal.log_prob loc scale value", () =>
        {
            var d = new Data(100);
            GradCheck.Check("Normal.log_prob", t => distributions.Normal(t[0], t[1]).log_prob(t[2]), [d.Uniform([3, 2]), d.Uniform([3, 2], 0.3, 2), d.Uniform([3, 2])]);
        });
        Add("Normal.log_prob broadcast scale [2]", () =>
        {
            var d = new Data(101);
            GradCheck.Check("Normal.log_prob", t => distributions.Normal(t[0], t[1]).log_prob(t[2]), [d.Uniform([3, 2]), d.Uniform([2], 0.3, 2), d.Uniform([3, 2])]);
        });
        Add("Normal.log_prob with exp(log_std) (the issue's NLL)", () =>
        {
            var d = new Data(102);
            var a = d.Uniform([5, 2]);
            GradCheck.Check("Normal.log_prob", (mean, logstd) => -distributions.Normal(mean, logstd.exp()).log_prob(a).sum(-1).mean(), d.Uniform([5, 2]), d.Uniform([2], -1, 1));
        });
        Add("Normal.entropy", () =>
        {
            var d = new Data(103);
            GradCheck.Check("Normal.entropy", (loc, scale) => distributions.Normal(loc, scale).entropy() * 1.0, d.Uniform([4]), d.Uniform([4], 0.3, 2));
        });
        Add("Normal.rsample loc scale", () =>
        {
            var d = new Data(104);
            GradCheck.Check("Normal.rsample", (loc, scale) => distributions.Normal(loc, scale, new Generator(7)).rsample(3), d.Uniform([2, 2]), d.Uniform([2, 2], 0.3, 2));
        });
        Add("Normal.rsample broadcast loc [3] scale []", () =>
        {
            var d = new Data(105);
            GradCheck.Check("Normal.rsample", (loc, scale) => distributions.Normal(loc, scale, new Generator(8)).rsample(), d.Uniform([3]), d.Uniform([], 0.3, 2));
        });
        Add("Categorical.log_prob logits", () =>
        {
            var value = tensor(new long[] { 0, 3, 3 });
            GradCheck.Check("Categorical.log_prob", x => distributions.Categorical(logits: x).log_prob(value), new Data(106).Uniform([3, 4]));
        });
        Add("Categorical.log_prob logits broadcast value", () =>
        {
            var value = tensor(new long[] { 2, 0, 1, 2, 2, 0 }, [2, 3]);
            GradCheck.Check("Categorical.log_prob", x => distributions.Categorical(logits: x).log_prob(value), new Data(107).Uniform([3, 3]));
        });
        Add("Categorical.entropy logits", () =>
            GradCheck.Check("Categorical.entropy", x => distributions.Categorical(logits: x).entropy(), new Data(108).Uniform([3, 4])));
        Add("Categorical.log_prob probs", () =>
        {
            var value = tensor(new long[] { 1, 2 });
            GradCheck.Check("Categorical.log_prob", p => distributions.Categorical(probs: p).log_prob(value), new Data(109).Uniform([2, 3], 0.2, 1));
        });
        Add("Categorical.entropy probs", () =>
            GradCheck.Check("Categorical.entropy", p => distributions.Categorical(probs: p).entropy(), new Data(110).Uniform([2, 3], 0.2, 1)));

        // ---- composites: a whole forward pass ---------------------------------------------------------
        Add("linear MLP with tanh, log_softmax and nll_loss", () =>
        {
            var d = new Data(120);
            var target = tensor(new long[] { 2, 0, 1, 2 });
            GradCheck.Check("linear", t => F.nll_loss(F.linear(F.linear(t[0], t[1], t[2]).tanh(), t[3], t[4]).log_softmax(1), target),
                [d.Uniform([4, 3]), d.Uniform([5, 3]), d.Uniform([5]), d.Uniform([3, 5]), d.Uniform([3])]);
        });
        Add("conv2d CNN with relu, flatten and linear", () =>
        {
            var d = new Data(121);
            GradCheck.Check("conv2d", t => F.linear(F.conv2d(t[0], t[1], t[2], [2, 2], [1, 1]).tanh().flatten(1), t[3]).sum(1),
                [d.Uniform([2, 2, 5, 5]), d.Uniform([3, 2, 3, 3]), d.Uniform([3]), d.Uniform([2, 27])]);
        });
        Add("DQN TD loss (gather, max, smooth_l1)", () =>
        {
            var d = new Data(122);
            var actions = tensor(new long[] { 1, 0, 2, 1 });
            var rewards = d.Uniform([4]);
            var done = tensor(new double[] { 0, 1, 0, 0 });
            var nextQ = d.Uniform([4, 3]);
            GradCheck.Check("smooth_l1_loss", q =>
            {
                var qa = q.gather(1, actions.unsqueeze(-1)).squeeze(-1);
                var target = rewards + 0.99 * (1 - done) * nextQ.max(1).values;
                return F.smooth_l1_loss(qa, target);
            }, d.Uniform([4, 3], -3, 3));
        });

        // ---- inputs that are views with a storage offset ------------------------------------------------
        // Every input below is row 1.. of a bigger tensor (narrow on dim 0 shares storage at an offset), so a
        // kernel that reads a bare array from index 0 instead of the view's offset gets caught.
        var viewCases = new (string name, Func<Tensor[], Tensor> f, long[][] shapes)[]
        {
            ("add", t => t[0] + t[1], [[3, 4], [4]]),
            ("mul", t => t[0] * t[1], [[2, 3, 4], [3, 1]]),
            ("div", t => t[0] / (t[1].abs() + 1), [[3, 4], [3, 4]]),
            ("maximum", t => t[0].maximum(t[1]), [[3, 4], [1, 4]]),
            ("exp", t => t[0].exp(), [[2, 5]]),
            ("tanh", t => t[0].tanh(), [[2, 20]]),
            ("sum", t => t[0].sum(1), [[3, 4]]),
            ("mean", t => t[0].mean([0], true), [[3, 4]]),
            ("max", t => t[0].max(1).values, [[3, 4]]),
            ("mm", t => t[0].mm(t[1]), [[3, 4], [4, 2]]),
            ("matmul", t => t[0].matmul(t[1]), [[2, 3, 4], [4, 2]]),
            ("bmm", t => t[0].bmm(t[1]), [[2, 3, 4], [2, 4, 2]]),
            ("linear", t => F.linear(t[0], t[1], t[2]), [[3, 4], [2, 4], [2]]),
            ("conv2d", t => F.conv2d(t[0], t[1], t[2], [1, 1], [1, 1]), [[2, 2, 3, 3], [3, 2, 2, 2], [3]]),
            ("softmax", t => t[0].softmax(0), [[3, 4]]),
            ("log_softmax", t => t[0].log_softmax(1), [[3, 4]]),
            ("gather", t => t[0].gather(1, tensor(new long[] { 0, 3, 1, 1, 2, 0 }, [3, 2])), [[3, 4]]),
            ("index_select", t => t[0].index_select(1, tensor(new long[] { 3, 0 })), [[3, 4]]),
            ("where", t => where(tensor(new[] { true, false, false, true }), t[0], t[1]), [[3, 4], [4]]),
            ("cat", t => cat(new[] { t[0], t[1] }, 1), [[2, 3], [2, 1]]),
            ("permute", t => t[0].permute(2, 0, 1), [[2, 3, 4]]),
            ("transpose", t => t[0].t(), [[3, 4]]),
            ("expand", t => t[0].expand(2, 3, 4), [[3, 1]]),
            ("clone", t => t[0].clone(), [[3, 2]]),
            ("smooth_l1_loss", t => F.smooth_l1_loss(t[0], t[1], Reduction.None), [[3, 4], [3, 4]]),
            ("cross_entropy", t => F.cross_entropy(t[0], tensor(new long[] { 1, 0, 3 })), [[3, 4]]),
            ("Normal.log_prob", t => distributions.Normal(t[0], t[1].exp()).log_prob(t[2]), [[2, 3], [2, 3], [2, 3]]),
            ("Categorical.log_prob", t => distributions.Categorical(logits: t[0]).log_prob(tensor(new long[] { 2, 0 })), [[2, 3]]),
        };
        foreach (var (name, f, shapes) in viewCases)
        {
            int seed = c.Count;
            Add($"{name} on views at an offset", () =>
            {
                var d = new Data(seed);
                var bigs = shapes.Select(s => d.Uniform([s[0] + 2, .. s[1..]])).ToArray();
                GradCheck.Check(name, big => f(big.Select((b, i) => b.narrow(0, 1, shapes[i][0])).ToArray()), bigs);
            });
        }

        return c;
    }
}
