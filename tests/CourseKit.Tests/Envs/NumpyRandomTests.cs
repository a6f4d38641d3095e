using System.Numerics;
using CourseKit.Envs;

namespace CourseKit.Tests.Envs;

public class NumpyRandomTests
{
    [Fact]
    public void Pcg64SeededThroughSeedSequenceGivesNumpysRawOutputs()
    {
        var resets = ReferenceData.Load("cartpole_v1_reset_seeds.json").GetProperty("resets");
        Assert.Equal(10, resets.GetArrayLength());
        foreach (var reset in resets.EnumerateArray())
        {
            int seed = reset.GetProperty("seed").GetInt32();
            var bits = new Pcg64(seed);
            var expected = reset.GetProperty("pcg64_raw_uint64").EnumerateArray().Select(x => ulong.Parse(x.GetString()!)).ToArray();
            Assert.Equal(expected, expected.Select(_ => bits.NextUInt64()).ToArray());

            var random = new NumpyRandom(seed);
            var u01 = reset.GetProperty("u01").Doubles();
            Assert.Equal(u01, u01.Select(_ => random.Random()).ToArray());
        }
    }

    [Theory]
    [InlineData("cartpole_v1_explicit_state.json", "fixed_random_4321", 4321, 2)]
    [InlineData("mountaincar_v0.json", "random_rng1234", 1234, 3)]
    [InlineData("acrobot_v1.json", "random_rng1234", 1234, 3)]
    public void IntegersMatchNumpysDefaultRng(string file, string property, int seed, int high)
    {
        var expected = ReferenceData.Load(file).GetProperty(property).EnumerateArray().Select(x => x.GetInt64()).ToArray();
        var random = new NumpyRandom(seed);
        var actual = expected.Select(_ => random.Integers(0, high)).ToArray();
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void UniformMatchesNumpysDefaultRng()
    {
        var expected = ReferenceData.Load("pendulum_v1.json").GetProperty("action_sequences").GetProperty("uniform_rng1234_f32").Doubles();
        var random = new NumpyRandom(1234);
        var actual = expected.Select(_ => (double)(float)random.Uniform(-2, 2)).ToArray();
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void SeedSequenceHandlesSeedsWiderThan32Bits()
    {
        // Different words must give different streams, and the same seed the same stream.
        var a = new NumpyRandom(new BigInteger(ulong.MaxValue) * 3 + 7);
        var b = new NumpyRandom(new BigInteger(ulong.MaxValue) * 3 + 7);
        var c = new NumpyRandom(7);
        Assert.Equal(a.NextUInt64(), b.NextUInt64());
        Assert.NotEqual(new NumpyRandom(new BigInteger(ulong.MaxValue) * 3 + 7).NextUInt64(), c.NextUInt64());
    }

    [Fact]
    public void IntegersStayInRangeForWideRanges()
    {
        var random = new NumpyRandom(5);
        for (int i = 0; i < 1000; i++)
        {
            long v = random.Integers(-5_000_000_000L, 5_000_000_000L);
            Assert.InRange(v, -5_000_000_000L, 4_999_999_999L);
        }
        Assert.Throws<ArgumentOutOfRangeException>(() => random.Integers(3, 3));
    }

    [Fact]
    public void ChoiceFollowsTheProbabilities()
    {
        var random = new NumpyRandom(11);
        int[] counts = new int[3];
        for (int i = 0; i < 30_000; i++) counts[random.Choice([0.2, 0.5, 0.3])]++;
        Assert.InRange(counts[0], 5_400, 6_600);
        Assert.InRange(counts[1], 14_300, 15_700);
        Assert.InRange(counts[2], 8_400, 9_600);
    }
}

public class NumpyRandomMixedDrawTests
{
    [Fact]
    public void ScalarIntegersShareHalvesOfOneOutputAsNumpyDoes()
    {
        // Recorded with NumPy 1.24.2: rng = default_rng(3); [rng.integers(4) for _ in range(7)], rng.random(),
        // rng.integers(4), rng.integers(10**12), rng.integers(-5, 2**33).
        var random = new NumpyRandom(3);
        Assert.Equal(new long[] { 3, 0, 0, 0, 0, 3, 3 }, Enumerable.Range(0, 7).Select(_ => random.Integers(4)).ToArray());
        Assert.Equal(0.09412864224039919, random.Random());
        Assert.Equal(2, random.Integers(4));
        Assert.Equal(433126940236, random.Integers(1_000_000_000_000));
        Assert.Equal(4115019314, random.Integers(-5, 1L << 33));
    }
}
