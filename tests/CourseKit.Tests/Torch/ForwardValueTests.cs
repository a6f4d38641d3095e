using CourseKit.Torch;
using static CourseKit.Torch.torch;
using F = CourseKit.Torch.torch.nn.functional;

namespace CourseKit.Tests.Torch;

/// <summary>
/// Forward results against PyTorch semantics: values worked out by hand or from identities, and
/// PyTorch 1.13's output where noted (checked once with Debian's python3-torch).
/// </summary>
public class ForwardValueTests
{
    private static void Close(double[] expected, Tensor actual, double tol = 1e-6)
    {
        var a = actual.ToArray<double>();
        Assert.Equal(expected.Length, a.Length);
        for (int i = 0; i < a.Length; i++)
            Assert.True(Math.Abs(expected[i] - a[i]) <= tol * (1 + Math.Abs(expected[i])), $"element {i}: expected {expected[i]:R}, got {a[i]:R}");
    }

    // ---- arithmetic and broadcasting ------------------------------------------------------------------

    [Fact]
    public void BroadcastingAddLinesUpTrailingDims()
    {
        var r = tensor(new float[] { 1, 2, 3 }) + tensor(new float[] { 10, 20 }, [2, 1]);
        Assert.Equal(new long[] { 2, 3 }, r.shape);
        Assert.Equal(new float[] { 11, 12, 13, 21, 22, 23 }, r.ToArray<float>());
    }

    [Fact]
    public void GeneralBroadcastOfThreeDimsMatchesAnExplicitLoop()
    {
        var d = new Data(1);
        var a = d.Uniform([2, 1, 4]); var b = d.Uniform([3, 1]);
        var r = (a * b - b).ToArray<double>();
        var av = a.ToArray<double>(); var bv = b.ToArray<double>();
        for (int i = 0; i < 2; i++) for (int j = 0; j < 3; j++) for (int k = 0; k < 4; k++)
            Assert.Equal(av[i * 4 + k] * bv[j] - bv[j], r[(i * 3 + j) * 4 + k], 12);
    }

    [Fact]
    public void ScalarsOnEitherSide()
    {
        var t = tensor(new float[] { 1, 2, 4 });
        Assert.Equal(new float[] { -1, 0, 2 }, (t - 2).ToArray<float>());
        Assert.Equal(new float[] { 1, 0, -2 }, (2 - t).ToArray<float>());
        Assert.Equal(new float[] { 1, 0.5f, 0.25f }, (1 / t).ToArray<float>());
        Assert.Equal(new float[] { 0.5f, 1, 2 }, (t / 2).ToArray<float>());
        Assert.Equal(new float[] { 3, 6, 12 }, (3 * t).ToArray<float>());
        Assert.Equal(new float[] { 1, 4, 16 }, t.pow(2).ToArray<float>());
        Assert.Equal(new float[] { 1, 8, 64 }, t.pow(3).ToArray<float>());
        Assert.Equal(new float[] { 1, (float)Math.Sqrt(2), 2 }, t.pow(0.5).ToArray<float>());
        Assert.Equal(new float[] { 1, 0.5f, 0.25f }, t.pow(-1).ToArray<float>());
        Assert.Equal(new float[] { 1, 8, 256 }, t.pow(tensor(new float[] { 1, 3, 4 })).ToArray<float>());
    }

    [Fact]
    public void TypePromotionFollowsPyTorch()
    {
        var i64 = tensor(new long[] { 7, -7 });
        var f32 = tensor(new float[] { 1.5f, 2f });
        var f64 = tensor(new double[] { 1, 2 });
        var b = tensor(new[] { true, false });
        Assert.Equal(ScalarType.Float32, (i64 + f32).dtype);
        Assert.Equal(ScalarType.Float32, (f32 + i64).dtype);
        Assert.Equal(ScalarType.Float64, (f32 + f64).dtype);
        Assert.Equal(ScalarType.Float64, (i64 * f64).dtype);
        Assert.Equal(ScalarType.Int64, (i64 + 2).dtype);
        Assert.Equal(ScalarType.Float32, (i64 * 2.5).dtype);
        Assert.Equal(ScalarType.Float32, (f32 * 2.5).dtype);    // a double scalar does not widen a float32 tensor
        Assert.Equal(ScalarType.Float64, (f64 * 2.5f).dtype);
        Assert.Equal(ScalarType.Float32, (b * 2.5).dtype);
        Assert.Equal(ScalarType.Int64, (b + 1).dtype);
        Assert.Equal(ScalarType.Int64, (b + i64).dtype);
        Assert.Equal(ScalarType.Float32, (b + f32).dtype);
        Assert.Equal(new long[] { 8, -7 }, (i64 + b).ToArray<long>());
        // int64 / int64 is true division into float32, as torch.div.
        var q = i64 / tensor(new long[] { 2, 2 });
        Assert.Equal(ScalarType.Float32, q.dtype);
        Assert.Equal(new float[] { 3.5f, -3.5f }, q.ToArray<float>());
        Assert.Equal(new float[] { 3.5f, -3.5f }, (i64 / 2).ToArray<float>());
        // Reductions of bool count the true values as int64.
        Assert.Equal(ScalarType.Int64, b.sum().dtype);
        Assert.Equal(1L, tensor(new[] { true, false, false }).sum().item<long>());
    }

    [Fact]
    public void ComparisonsAndLogicalOpsGiveBoolMasks()
    {
        var t = tensor(new float[] { -1, 0, 2 });
        var gt = t > 0;
        Assert.Equal(ScalarType.Bool, gt.dtype);
        Assert.Equal(new[] { false, false, true }, gt.ToArray<bool>());
        Assert.Equal(new[] { true, true, false }, (!gt).ToArray<bool>());
        Assert.Equal(new[] { true, false, true }, (t.lt(0) | t.gt(1)).ToArray<bool>());
        Assert.Equal(new[] { false, true, false }, (t.ge(0) & t.le(0)).ToArray<bool>());
        Assert.Equal(new[] { true, false, true, false, false, true }, tensor(new float[] { 1, 2 }, [2, 1]).lt(tensor(new float[] { 2, 1, 3 })).ToArray<bool>());
    }

    [Fact]
    public void WhereAndMaskedFill()
    {
        var x = tensor(new float[] { 1, 2, 3, 4 }, [2, 2]);
        var m = tensor(new[] { true, false });
        Assert.Equal(new float[] { 9, 2, 9, 4 }, x.masked_fill(m, 9).ToArray<float>());
        Assert.Equal(new float[] { 1, 0, 3, 0 }, where(m, x, zeros(1)).ToArray<float>());
    }

    // ---- unary ----------------------------------------------------------------------------------------

    [Fact]
    public void UnaryFunctionsAtKnownPoints()
    {
        Close([1, Math.E, 1 / Math.E], tensor(new double[] { 0, 1, -1 }).exp());
        Close([0, 1, Math.Log(2)], tensor(new double[] { 1, Math.E, 2 }).log());
        Close([1e-10, Math.Log(2)], tensor(new double[] { 1e-10, 1 }).log1p(), 1e-12);
        Close([1e-10, Math.E - 1], tensor(new double[] { 1e-10, 1 }).expm1(), 1e-12);
        Close([0, 0.5, 0.7615941559557649], tensor(new double[] { 0, Math.Log(3) / 2, 1 }).tanh(), 1e-12);
        Close([0.5, 0.7310585786300049, 0.2689414213699951], tensor(new double[] { 0, 1, -1 }).sigmoid(), 1e-12);
        Close([0, 0, 2], tensor(new double[] { -3, 0, 2 }).relu());
        Close([-0.03, 0, 2], F.leaky_relu(tensor(new double[] { -3, 0, 2 })));
        Close([Math.Log(2), 1.3132616875182228, 30], F.softplus(tensor(new double[] { 0, 1, 30 })), 1e-12);
        Close([1.0507009873554805 * 1.6732632423543772 * (Math.Exp(-1) - 1), 0, 1.0507009873554805 * 2], F.selu(tensor(new double[] { -1, 0, 2 })), 1e-12);
        Close([-0.5, 0.25, 0.7], tensor(new double[] { -3, 0.25, 2 }).clamp(-0.5, 0.7));
        Close([2, 3], tensor(new double[] { -2, 3 }).abs());
        Close([0.5, -4], tensor(new double[] { 2, -0.25 }).reciprocal());
        Close([0, 1], tensor(new double[] { 0, Math.PI / 2 }).sin(), 1e-12);
        Close([1, 0], tensor(new double[] { 0, Math.PI / 2 }).cos(), 1e-12);
        // A long vector, so the SIMD paths of TensorPrimitives agree with the scalar math.
        var xs = Enumerable.Range(0, 41).Select(i => -4 + 0.2 * i).ToArray();
        Close(xs.Select(Math.Tanh).ToArray(), tensor(xs).tanh(), 1e-12);
        Close(xs.Select(v => 1 / (1 + Math.Exp(-v))).ToArray(), tensor(xs).sigmoid(), 1e-12);
        Close(xs.Select(v => Math.Max(v, 0)).ToArray(), tensor(xs.Select(v => (float)v).ToArray()).relu(), 1e-6);
    }

    [Fact]
    public void IntegerUnaryOpsStayInt64AndFloatOnesPromote()
    {
        var t = tensor(new long[] { -2, 3 });
        Assert.Equal(ScalarType.Int64, t.abs().dtype);
        Assert.Equal(new long[] { 2, 3 }, t.abs().ToArray<long>());
        Assert.Equal(new long[] { 0, 3 }, t.relu().ToArray<long>());
        Assert.Equal(ScalarType.Float32, t.exp().dtype);
    }

    // ---- softmax --------------------------------------------------------------------------------------

    [Fact]
    public void SoftmaxRowsSumToOneAlongEveryDim()
    {
        var x = new Data(3).Uniform([3, 4, 5], -5, 5).to_type(ScalarType.Float32);
        foreach (long dim in new long[] { 0, 1, 2, -1 })
        {
            var s = x.softmax(dim).sum(dim);
            foreach (var v in s.ToArray<float>()) Assert.Equal(1.0, v, 5);
            Assert.True(x.softmax(dim).ge(0).all().item<bool>());
        }
    }

    [Fact]
    public void SoftmaxIsStableForLargeInputs()
    {
        // PyTorch 1.13: softmax([1000, 1001]) = [0.2689414322, 0.7310585976], log_softmax = [-1.3132616282, -0.3132616580] (float32).
        var x = tensor(new float[] { 1000, 1001 });
        Close([0.2689414213699951, 0.7310585786300049], x.softmax(0), 1e-6);
        Close([-1.3132616875182228, -0.3132616875182228], x.log_softmax(0), 1e-6);
        Close([-2000, 0], tensor(new float[] { -1000, 1000 }).log_softmax(0), 1e-6);
        Close([0, -1e4], tensor(new double[] { 1e4, 0 }).log_softmax(0), 1e-12);
        Close([0, 1], tensor(new float[] { float.NegativeInfinity, 0 }).softmax(0));
        Close([-2e30, 0], tensor(new float[] { -1e30f, 1e30f }).log_softmax(0), 1e-6);
    }

    [Fact]
    public void LogSoftmaxEqualsLogOfSoftmaxAndShiftInvariance()
    {
        var x = new Data(4).Uniform([4, 6]);
        Close(x.softmax(1).log().ToArray<double>(), x.log_softmax(1), 1e-12);
        Close(x.softmax(0).ToArray<double>(), (x + 123.0).softmax(0), 1e-12);
    }

    // ---- reductions -----------------------------------------------------------------------------------

    [Fact]
    public void SumAndMeanOverEachDim()
    {
        var x = arange(24).to_type(ScalarType.Float64).reshape(2, 3, 4);
        Assert.Equal(276.0, x.sum().item<double>());
        Assert.Equal(11.5, x.mean().item<double>());
        Close([12, 14, 16, 18, 20, 22, 24, 26, 28, 30, 32, 34], x.sum(0));
        Close([12, 15, 18, 21, 48, 51, 54, 57], x.sum(1));
        Close([6, 22, 38, 54, 70, 86], x.sum(-1));
        Assert.Equal(new long[] { 2, 1, 4 }, x.sum(1, keepdim: true).shape);
        Assert.Equal(new long[] { 2, 3, 1 }, x.mean([-1], keepdim: true).shape);
        Close([1.5, 5.5, 9.5, 13.5, 17.5, 21.5], x.mean([2]));
        Close([60, 66, 72, 78], x.sum([0L, 1L]));
        Assert.Equal(new long[] { 1, 1, 4 }, x.sum([0L, 1L], keepdim: true).shape);
        Close([5.5, 17.5], x.mean([1L, 2L]));
    }

    [Fact]
    public void VarianceAndStdAreUnbiasedByDefault()
    {
        var x = tensor(new double[] { 1, 2, 3, 4 });
        Assert.Equal(5.0 / 3, x.var().item<double>(), 12);
        Assert.Equal(1.25, x.var(false).item<double>(), 12);
        Assert.Equal(Math.Sqrt(5.0 / 3), x.std().item<double>(), 12);
        var m = tensor(new double[] { 1, 3, 2, 6 }, [2, 2]);
        Close([0.5, 4.5], m.var(0));
        Close([2, 8], m.var(1));
        Close([1, 4], m.var(1, unbiased: false));
    }

    [Fact]
    public void MaxAlongADimReturnsValuesAndIndexes()
    {
        var x = tensor(new float[] { 1, 9, 3, 7, 2, 8 }, [2, 3]);
        var (values, indexes) = x.max(1);
        Assert.Equal(new float[] { 9, 8 }, values.ToArray<float>());
        Assert.Equal(new long[] { 1, 2 }, indexes.ToArray<long>());
        Assert.Equal(ScalarType.Int64, indexes.dtype);
        var (v0, i0) = x.max(0, keepdim: true);
        Assert.Equal(new long[] { 1, 3 }, v0.shape);
        Assert.Equal(new float[] { 7, 9, 8 }, v0.ToArray<float>());
        Assert.Equal(new long[] { 1, 0, 1 }, i0.ToArray<long>());
        var (mn, mi) = torch.min(x, 1);
        Assert.Equal(new float[] { 1, 2 }, mn.ToArray<float>());
        Assert.Equal(new long[] { 0, 1 }, mi.ToArray<long>());
        Assert.Equal(9f, x.max().item<float>());
        Assert.Equal(1f, x.min().item<float>());
        Assert.Empty(x.max().shape);
    }

    [Fact]
    public void ArgmaxTiesPickTheFirstIndex()
    {
        // PyTorch 1.13: argmax([1,3,3,2]) = 1; argmax(0) of [[1,5],[5,5],[5,1]] = [1,0]; argmax(1) of [[1,5,5],[2,2,1]] = [1,0].
        Assert.Equal(1L, tensor(new long[] { 1, 3, 3, 2 }).argmax().item<long>());
        Assert.Equal(new long[] { 1, 0 }, tensor(new float[] { 1, 5, 5, 5, 5, 1 }, [3, 2]).argmax(0).ToArray<long>());
        Assert.Equal(new long[] { 1, 0 }, tensor(new float[] { 1, 5, 5, 2, 2, 1 }, [2, 3]).argmax(1).ToArray<long>());
        Assert.Equal(new long[] { 0, 2 }, tensor(new float[] { 1, 5, 1, 2, 2, 1 }, [2, 3]).argmin(1).ToArray<long>());
        // A row longer than a SIMD register with the tie at the far end.
        var row = new float[40]; row[17] = 5; row[33] = 5;
        Assert.Equal(17L, tensor(row).argmax().item<long>());
        Assert.Equal(new long[] { 17 }, tensor(row, [1, 40]).argmax(1, keepdim: true).reshape(1).ToArray<long>());
        Assert.Equal(new long[] { 1, 1 }, tensor(row, [1, 40]).argmax(1, keepdim: true).shape);
    }

    // ---- indexing and shapes ---------------------------------------------------------------------------

    [Fact]
    public void GatherIndexSelectNarrowSelect()
    {
        var q = tensor(new float[] { 1, 2, 3, 4, 5, 6 }, [3, 2]);
        var a = tensor(new long[] { 1, 0, 1 });
        Assert.Equal(new float[] { 2, 3, 6 }, q.gather(1, a.unsqueeze(-1)).squeeze(-1).ToArray<float>());
        Assert.Equal(new float[] { 5, 2 }, q.gather(0, tensor(new long[] { 2, 0 }, [1, 2])).ToArray<float>());
        Assert.Equal(new float[] { 5, 6, 1, 2, 5, 6 }, q.index_select(0, tensor(new long[] { 2, 0, 2 })).ToArray<float>());
        Assert.Equal(new float[] { 2, 4, 6 }, q.index_select(1, tensor(new long[] { 1 })).ToArray<float>());
        Assert.Equal(new float[] { 3, 4, 5, 6 }, q.narrow(0, 1, 2).ToArray<float>());
        Assert.Equal(new float[] { 2, 4, 6 }, q.narrow(1, 1, 1).ToArray<float>());
        Assert.Equal(new float[] { 3, 4 }, q[1].ToArray<float>());
        Assert.Equal(new float[] { 5, 6 }, q[-1].ToArray<float>());
        Assert.Equal(4f, q[1, 1].item<float>());
        Assert.Equal(new float[] { 2, 4, 6 }, q.select(1, 1).ToArray<float>());
        Assert.Equal(new float[] { 3, 4, 5, 6 }, q.slice(0, 1, 100, 1).ToArray<float>());
    }

    [Fact]
    public void CatStackAndShapeOps()
    {
        var a = tensor(new float[] { 1, 2, 3, 4 }, [2, 2]);
        var b = tensor(new float[] { 5, 6 }, [1, 2]);
        Assert.Equal(new float[] { 1, 2, 3, 4, 5, 6 }, cat(new[] { a, b }, 0).ToArray<float>());
        Assert.Equal(new float[] { 1, 2, 5, 3, 4, 6 }, cat(new[] { a, b.t() }, 1).ToArray<float>());
        var s = stack(new[] { a, a * 10 }, 1);
        Assert.Equal(new long[] { 2, 2, 2 }, s.shape);
        Assert.Equal(new float[] { 1, 2, 10, 20, 3, 4, 30, 40 }, s.ToArray<float>());
        Assert.Equal(new float[] { 1, 3, 2, 4 }, a.t().ToArray<float>());
        var x = arange(24).reshape(2, 3, 4);
        var p = x.permute(2, 0, 1);
        Assert.Equal(new long[] { 4, 2, 3 }, p.shape);
        Assert.Equal(x[1, 2, 3].item<long>(), p[3, 1, 2].item<long>());
        Assert.Equal(x[0, 1, 2].item<long>(), x.transpose(0, 2)[2, 1, 0].item<long>());
        Assert.Equal(new long[] { 6, 4 }, x.flatten(0, 1).shape);
        Assert.Equal(new long[] { 2, 12 }, x.flatten(1).shape);
        Assert.Equal(new long[] { 3 }, tensor(new float[] { 1, 2, 3 }, [1, 3, 1]).squeeze().shape);
        Assert.Equal(new long[] { 1, 3 }, tensor(new float[] { 1, 2, 3 }, [1, 3, 1]).squeeze(-1).shape);
        Assert.Equal(new float[] { 1, 2, 1, 2, 1, 2, 1, 2 }, tensor(new float[] { 1, 2 }).repeat(2, 2).ToArray<float>());
        Assert.Equal(new float[] { 1, 1, 1, 2, 2, 2 }, tensor(new float[] { 1, 2 }, [2, 1]).expand(2, 3).ToArray<float>());
    }

    [Fact]
    public void ReshapeAndViewShareStorageCloneDoesNot()
    {
        var x = tensor(new float[] { 1, 2, 3, 4 });
        var v = x.view(2, 2);
        var c = x.clone();
        using (no_grad()) v.fill_(7);
        Assert.Equal(new float[] { 7, 7, 7, 7 }, x.ToArray<float>());
        Assert.Equal(new float[] { 1, 2, 3, 4 }, c.ToArray<float>());
    }

    [Fact]
    public void MatmulRules()
    {
        var a = tensor(new double[] { 1, 2, 3, 4, 5, 6 }, [2, 3]);
        var b = tensor(new double[] { 1, 0, 0, 1, 1, 1 }, [3, 2]);
        Close([4, 5, 10, 11], a.matmul(b));
        Close([14], tensor(new double[] { 1, 2, 3 }).matmul(tensor(new double[] { 1, 2, 3 })));
        Assert.Empty(tensor(new double[] { 1, 2, 3 }).matmul(tensor(new double[] { 1, 2, 3 })).shape);
        Close([9, 12, 15], tensor(new double[] { 1, 2 }).matmul(a));
        Close([14, 32], a.matmul(tensor(new double[] { 1, 2, 3 })));
        var batch = stack(new[] { a, a * 2 });
        var r = batch.matmul(b);
        Assert.Equal(new long[] { 2, 2, 2 }, r.shape);
        Close([4, 5, 10, 11, 8, 10, 20, 22], r);
        Close([5, 6, 11, 12], addmm(ones(2, 2, ScalarType.Float64), a, b, 1, 1));
        Close([8.5, 10.5, 20.5, 22.5], addmm(ones(2, 2, ScalarType.Float64), a, b, beta: 0.5, alpha: 2));
    }

    [Fact]
    public void LinearAndConv2dForwardByHand()
    {
        var x = tensor(new double[] { 1, 2 }, [1, 2]);
        var w = tensor(new double[] { 1, 1, 2, -1, 0, 3 }, [3, 2]);
        Close([3.5, 0.5, 5.5], F.linear(x, w, tensor(new double[] { 0.5, 0.5, -0.5 })));
        Close([3, 0, 6], F.linear(x, w));
        // 1x1x3x3 image, 2x2 kernel of ones: each output is the sum of a 2x2 window.
        var img = arange(9).to_type(ScalarType.Float64).reshape(1, 1, 3, 3);
        var k = ones([1, 1, 2, 2], ScalarType.Float64);
        Close([8, 12, 20, 24], F.conv2d(img, k));
        var strided = F.conv2d(img, k, tensor(new double[] { 2 }), strides: [2, 2], padding: [0, 0]);   // floor((3 - 2) / 2) + 1 = 1 output per side
        Assert.Equal(new long[] { 1, 1, 1, 1 }, strided.shape);
        Close([10], strided);
        // padding 1, stride 2: windows at (-1,-1), (-1,1), (1,-1), (1,1).
        Close([0, 3, 9, 24], F.conv2d(img, k, strides: [2, 2], padding: [1, 1]));
    }

    // ---- losses ---------------------------------------------------------------------------------------

    [Fact]
    public void SmoothL1AndHuberValuesMatchPyTorch()
    {
        var x = tensor(new float[] { 0, 0.5f, 2, -3 });
        var z = zeros(4);
        // PyTorch 1.13 reduction='none': beta 1 -> [0, 0.125, 1.5, 2.5]; beta 0.5 -> [0, 0.25, 1.75, 2.75]; huber delta 2 -> [0, 0.125, 2, 4].
        Close([0, 0.125, 1.5, 2.5], F.smooth_l1_loss(x, z, nn.Reduction.None));
        Close([0, 0.25, 1.75, 2.75], F.smooth_l1_loss(x, z, nn.Reduction.None, beta: 0.5));
        Close([0, 0.125, 2, 4], F.huber_loss(x, z, 2, nn.Reduction.None));
        Assert.Equal(4.125 / 4, F.smooth_l1_loss(x, z).item<float>(), 6);
        Assert.Equal(4.125, F.smooth_l1_loss(x, z, nn.Reduction.Sum).item<float>(), 6);
        Close([0, 0.125, 1.5, 2.5], F.huber_loss(x, z, reduction: nn.Reduction.None));
        Close([0.0625], F.smooth_l1_loss(tensor(new float[] { 0.25f }), zeros(1), nn.Reduction.None, beta: 0.5));
    }

    [Fact]
    public void MseL1CrossEntropyNllBce()
    {
        var x = tensor(new double[] { 1, 2, 3 });
        var y = tensor(new double[] { 2, 2, 5 });
        Assert.Equal(5.0 / 3, F.mse_loss(x, y).item<double>(), 12);
        Assert.Equal(5.0, F.mse_loss(x, y, nn.Reduction.Sum).item<double>(), 12);
        Assert.Equal(1.0, F.l1_loss(x, y).item<double>(), 12);
        // Uniform logits: cross-entropy is ln(C).
        Assert.Equal(Math.Log(3), F.cross_entropy(zeros([2, 3], ScalarType.Float64), tensor(new long[] { 0, 2 })).item<double>(), 12);
        var logits = tensor(new double[] { 1, 2, 3, 1, 1, 1 }, [2, 3]);
        double ce0 = -(1 - Math.Log(Math.Exp(1) + Math.Exp(2) + Math.Exp(3)));
        Close([ce0, Math.Log(3)], F.cross_entropy(logits, tensor(new long[] { 0, 1 }), reduction: nn.Reduction.None), 1e-12);
        Close([-2, -6], F.nll_loss(tensor(new double[] { 1, 2, 3, 4, 5, 6 }, [2, 3]), tensor(new long[] { 1, 2 }), reduction: nn.Reduction.None));
        // BCE with logits: ln 2 at 0, and stable (finite, exact) for large logits.
        Close([Math.Log(2), 100, 100, 0], F.binary_cross_entropy_with_logits(tensor(new float[] { 0, 100, -100, 100 }), tensor(new float[] { 1, 0, 1, 1 }), nn.Reduction.None), 1e-6);
    }

    // ---- reading values -------------------------------------------------------------------------------

    [Fact]
    public void ItemConvertsLikePython()
    {
        Assert.Equal(3, tensor(3.7f).item<int>());                       // int(torch.tensor(3.7)) = 3
        Assert.Equal(-3L, tensor(-3.7).item<long>());                    // truncation toward zero
        Assert.Equal((double)3.7f, tensor(3.7f).item<double>());         // 3.700000047683716 in PyTorch
        Assert.Equal(3.7f, tensor(3.7).item<float>());
        Assert.Equal(5f, tensor(5L).item<float>());
        Assert.True(tensor(true).item<bool>());
        Assert.False(tensor(0.0).item<bool>());
        Assert.Equal(2f, tensor(new float[] { 2 }, [1, 1]).item<float>());
    }

    [Fact]
    public void DataAndToArray()
    {
        var t = tensor(new float[] { 1, 2, 3, 4 }, [2, 2]);
        var acc = t.data<float>();
        Assert.Equal(4, acc.Count);
        Assert.Equal(3f, acc[2]);
        Assert.Equal(new double[] { 1, 2, 3, 4 }, t.ToArray<double>());
        Assert.Equal(new float[] { 3, 4 }, t[1].data<float>().ToArray());   // a view with an offset
        Assert.Throws<InvalidOperationException>(() => t.data<double>());
    }

    [Fact]
    public void ToStringIsPyTorchLike()
    {
        Assert.Equal("tensor([1.0000, 2.5000])", tensor(new float[] { 1, 2.5f }).ToString());
        Assert.Equal("tensor([1, 2])", tensor(new long[] { 1, 2 }).ToString());
        Assert.Equal("tensor([True, False])", tensor(new[] { true, false }).ToString());
        Assert.Equal("tensor(3.0000)", tensor(3f).ToString());
        var d = tensor(new double[] { 1 }).ToString();
        Assert.Contains("dtype=float64", d);
        Assert.Equal(1, d.Split("dtype").Length - 1);
        var m = tensor(new float[] { 1, 2, 3, 4 }, [2, 2]).ToString();
        Assert.StartsWith("tensor([[1.0000, 2.0000],", m);
        Assert.Contains("\n", m);
        Assert.EndsWith("[3.0000, 4.0000]])", m);
        Assert.Contains("requires_grad=True", tensor(new float[] { 1 }, requires_grad: true).ToString());
        Assert.Contains("grad_fn=<mul>", (tensor(new float[] { 1 }, requires_grad: true) * 2).ToString());
        var big = zeros(5000).ToString();
        Assert.Contains("...", big);
        Assert.True(big.Length < 200, big);
        Assert.Contains("nan", tensor(new float[] { float.NaN }).ToString());
        Assert.Contains("inf", tensor(new float[] { float.PositiveInfinity }).ToString());
    }

    [Fact]
    public void FactoriesHaveTheRightDtypesAndValues()
    {
        Assert.Equal(ScalarType.Float32, zeros(2).dtype);
        Assert.Equal(ScalarType.Float32, ones(2, 3).dtype);
        Assert.Equal(ScalarType.Int64, arange(3).dtype);
        Assert.Equal(new long[] { 0, 1, 2 }, arange(3).ToArray<long>());
        Assert.Equal(new long[] { 5, 3, 1 }, arange(5, 0, -2).ToArray<long>());
        Assert.Equal(new float[] { 0, 0.25f, 0.5f, 0.75f, 1 }, linspace(0, 1, 5).ToArray<float>());
        Assert.Equal(new float[] { 1, 0, 0, 1 }, eye(2).ToArray<float>());
        Assert.Equal(ScalarType.Int64, tensor(new int[] { 1, 2 }).dtype);
        Assert.Equal(new float[] { 7, 7 }, full([2], 7).ToArray<float>());
        Assert.Equal(ScalarType.Float64, zeros_like(tensor(new double[] { 1 })).dtype);
        var r = rand([1000]);
        Assert.True(r.ge(0).all().item<bool>() && r.lt(1).all().item<bool>());
        var ri = randint(3, 7, [1000]);
        Assert.True(ri.ge(3).all().item<bool>() && ri.lt(7).all().item<bool>());
        Assert.Equal(4, ri.ToArray<long>().Distinct().Count());
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (long)i), randperm(10).ToArray<long>().Order());
    }

    [Fact]
    public void ExtremeInputsStayFiniteWhereTheMathIs()
    {
        var x = tensor(new float[] { -1000, -50, 0, 50, 1000 }, requires_grad: true);
        Assert.Equal(new float[] { 0, 0, 0.5f, 1, 1 }, x.sigmoid().ToArray<float>().Select(v => MathF.Round(v, 6)));
        Assert.Equal(new float[] { -1, -1, 0, 1, 1 }, x.tanh().ToArray<float>().Select(v => MathF.Round(v, 6)));   // tanh(0f): see KnownBugsTests
        var sp = F.softplus(x).ToArray<float>();
        Assert.Equal(0f, sp[0]);
        Assert.Equal(1000f, sp[4]);
        Assert.True(sp.All(float.IsFinite));
        (x.sigmoid() + x.tanh() + F.softplus(x)).sum().backward();
        Assert.True(x.grad!.isfinite().all().item<bool>(), x.grad.ToString());
        Assert.True(F.selu(tensor(new float[] { -1000, 1000 })).isfinite().all().item<bool>());
        Assert.True(F.log_softmax(tensor(new float[] { -1000, 0, 1000 }), 0).isfinite().all().item<bool>());
    }

    [Fact]
    public void OneHotCopyScatterAddAndClipGradValue()
    {
        var oh = F.one_hot(tensor(new long[] { 2, 0 }), 3);
        Assert.Equal(new long[] { 2, 3 }, oh.shape);
        Assert.Equal(new long[] { 0, 0, 1, 1, 0, 0 }, oh.ToArray<long>());
        Assert.Equal(new long[] { 2, 2 }, F.one_hot(tensor(new long[] { 1, 0 })).shape);

        var dst = zeros(2, 3);
        dst.copy_(tensor(new double[] { 1, 2, 3 }));                        // broadcast rows, convert dtype
        Assert.Equal(new float[] { 1, 2, 3, 1, 2, 3 }, dst.ToArray<float>());
        dst.copy_(tensor(7.0));
        Assert.Equal(Enumerable.Repeat(7f, 6), dst.ToArray<float>());

        var acc = zeros(3);
        acc.scatter_add_(0, tensor(new long[] { 0, 2, 0, 0 }), tensor(new float[] { 1, 2, 3, 4 }));
        Assert.Equal(new float[] { 8, 0, 2 }, acc.ToArray<float>());

        var p = nn.Parameter(zeros(3));
        p.grad = tensor(new float[] { -5, 0.5f, 9 });
        nn.utils.clip_grad_value_(new[] { p }, 1);
        Assert.Equal(new float[] { -1, 0.5f, 1 }, p.grad.ToArray<float>());
    }
}
