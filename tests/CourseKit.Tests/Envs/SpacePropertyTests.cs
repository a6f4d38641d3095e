using CourseKit.Envs;
using FsCheck;
using FsCheck.Fluent;

namespace CourseKit.Tests.Envs;

public class SpacePropertyTests
{
    [Fact]
    public void IntegersStayInTheirHalfOpenRange() =>
        Check.QuickThrowOnFailure(Prop.ForAll<long, long, int>((a, b, seed) =>
        {
            if (a == b) return true;
            long low = Math.Min(a, b), high = Math.Max(a, b);
            var random = new NumpyRandom(Math.Abs((long)seed));
            for (int i = 0; i < 20; i++)
            {
                long v = random.Integers(low, high);
                if (v < low || v >= high) return false;
            }
            return true;
        }));

    [Fact]
    public void BoxSamplesAreMembers() =>
        Check.QuickThrowOnFailure(Prop.ForAll<NormalFloat[], NormalFloat[], bool>((lows, highs, unboundedTop) =>
        {
            int n = Math.Min(lows.Length, highs.Length);
            if (n == 0) return true;
            var low = new float[n];
            var high = new float[n];
            for (int i = 0; i < n; i++)
            {
                float x = (float)Math.Clamp(lows[i].Get, -1e6, 1e6), y = (float)Math.Clamp(highs[i].Get, -1e6, 1e6);
                (low[i], high[i]) = (Math.Min(x, y), Math.Max(x, y));
                if (unboundedTop && i % 2 == 0) high[i] = float.PositiveInfinity;
            }
            var box = new Box(low, high);
            var random = new NumpyRandom(n);
            return Enumerable.Range(0, 10).All(_ => box.Contains(box.Sample(random)));
        }));
}
