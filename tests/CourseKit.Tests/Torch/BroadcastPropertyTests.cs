using CourseKit.Torch;
using FsCheck;
using FsCheck.Fluent;
using static CourseKit.Torch.torch;

namespace CourseKit.Tests.Torch;

/// <summary>
/// FsCheck properties over random broadcastable shape pairs: values against an index-by-index reference,
/// gradients against finite differences, and shape ops that must round-trip.
/// </summary>
public class BroadcastPropertyTests
{
    /// <summary>Two shapes that broadcast: a common shape, each operand keeping a suffix of it with some sizes set to 1.</summary>
    private static readonly Gen<(long[] a, long[] b, int seed)> Pairs =
        from rank in Gen.Choose(1, 4)
        from sizes in Gen.ArrayOf(Gen.Choose(1, 4), rank)
        from maskA in Gen.ArrayOf(Gen.Elements(true, false), rank)
        from maskB in Gen.ArrayOf(Gen.Elements(true, false), rank)
        from dropA in Gen.Choose(0, rank)
        from dropB in Gen.Choose(0, rank)
        from seed in Gen.Choose(0, 1_000_000)
        select (Operand(sizes, maskA, dropA), Operand(sizes, maskB, dropB), seed);

    private static long[] Operand(int[] sizes, bool[] keep, int drop) =>
        sizes.Select((s, i) => keep[i] ? (long)s : 1L).Skip(drop).ToArray();

    private static long[] BroadcastShape(long[] a, long[] b)
    {
        int r = Math.Max(a.Length, b.Length);
        return Enumerable.Range(0, r).Select(i =>
        {
            long da = i < r - a.Length ? 1 : a[i - (r - a.Length)];
            long db = i < r - b.Length ? 1 : b[i - (r - b.Length)];
            return Math.Max(da, db);
        }).ToArray();
    }

    /// <summary>The flat index into an operand of shape <paramref name="s"/> read by output element <paramref name="flat"/>.</summary>
    private static int Source(long[] outShape, long[] s, int flat)
    {
        int off = outShape.Length - s.Length, src = 0, stride = 1;
        var idx = new long[outShape.Length];
        for (int d = outShape.Length - 1; d >= 0; d--) { idx[d] = flat % outShape[d]; flat /= (int)outShape[d]; }
        for (int d = s.Length - 1; d >= 0; d--)
        {
            src += (int)(s[d] == 1 ? 0 : idx[d + off]) * stride;
            stride *= (int)s[d];
        }
        return src;
    }

    [Fact]
    public void BroadcastArithmeticMatchesAnIndexByIndexReference()
    {
        Prop.ForAll(Pairs.ToArbitrary(), p =>
        {
            var d = new Data(p.seed);
            var a = d.Uniform(p.a); var b = d.AwayFromZero(p.b, 0.5, 2);
            var outShape = BroadcastShape(p.a, p.b);
            var av = a.ToArray<double>(); var bv = b.ToArray<double>();
            foreach (var (name, f, r) in new (string, Func<double, double, double>, Tensor)[]
                { ("add", (x, y) => x + y, a + b), ("sub", (x, y) => x - y, a - b), ("mul", (x, y) => x * y, a * b),
                  ("div", (x, y) => x / y, a / b), ("maximum", Math.Max, a.maximum(b)), ("rsub", (x, y) => y - x, b - a) })
            {
                Assert.Equal(outShape, r.shape);
                var rv = r.ToArray<double>();
                for (int i = 0; i < rv.Length; i++)
                    Assert.Equal(f(av[Source(outShape, p.a, i)], bv[Source(outShape, p.b, i)]), rv[i], 12);
            }
            var lt = a.lt(b).ToArray<bool>();
            for (int i = 0; i < lt.Length; i++) Assert.Equal(av[Source(outShape, p.a, i)] < bv[Source(outShape, p.b, i)], lt[i]);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void BroadcastGradientsMatchFiniteDifferences()
    {
        Prop.ForAll(Pairs.ToArbitrary(), p =>
        {
            var d = new Data(p.seed);
            GradCheck.Check($"mul/div {GradCheck.Fmt(p.a)} {GradCheck.Fmt(p.b)}", (x, y) => x * y - x / y, d.Uniform(p.a), d.AwayFromZero(p.b, 0.5, 2));
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(40));
    }

    [Fact]
    public void ShapeOpsRoundTrip()
    {
        var shapes = from rank in Gen.Choose(1, 4)
                     from sizes in Gen.ArrayOf(Gen.Choose(1, 4), rank)
                     from perm in Gen.Shuffle(Enumerable.Range(0, rank).ToArray())
                     from seed in Gen.Choose(0, 1_000_000)
                     select (sizes.Select(s => (long)s).ToArray(), perm.Select(v => (long)v).ToArray(), seed);
        Prop.ForAll(shapes.ToArbitrary(), t =>
        {
            var (shape, perm, seed) = t;
            var x = new Data(seed).Uniform(shape);
            var inverse = new long[perm.Length];
            for (int i = 0; i < perm.Length; i++) inverse[perm[i]] = i;
            var p = x.permute(perm);
            Assert.Equal(perm.Select(i => shape[i]), p.shape);
            Assert.True(p.permute(inverse).equal(x));
            Assert.True(x.flatten().reshape(shape).equal(x));
            Assert.Equal(x.sum().item<double>(), x.sum(Enumerable.Range(0, shape.Length).Select(i => (long)i).Reverse().ToArray()).item<double>(), 10);
            Assert.Equal(x.sum().item<double>(), p.sum().item<double>(), 10);
            var m = x.max().item<double>();
            Assert.Equal(m, x.ToArray<double>().Max());
            Assert.Equal(m, x.max(shape.Length - 1).values.max().item<double>());
        }).QuickCheckThrowOnFailure();
    }
}
