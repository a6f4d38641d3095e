using CourseKit.Backend;
using CourseKit.Rl;

namespace CourseKit.Tests.Torch;

/// <summary>
/// The engine's generator and <see cref="SeededRandom"/> (which every backend uses) share one xoshiro256** stream,
/// so replay sampling and exploration draw the same numbers for a seed on either backend.
/// </summary>
public class SharedBitStreamTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(7)]
    [InlineData(-3)]
    public void TheEngineGeneratorAndSeededRandomDrawTheSameStream(long seed)
    {
        var engine = new CourseKit.Torch.torch.Generator(seed);
        var shared = new SeededRandom(seed);
        Assert.Equal(engine.get_state(), shared.GetState());
        for (int i = 0; i < 1000; i++) Assert.Equal(engine.NextInt64(1000 + i), shared.NextInt64(1000 + i));
        Assert.Equal(engine.get_state(), shared.GetState());
    }

    [Fact]
    public void SeedingRunsSplitMix64()
    {
        // SplitMix64's first output from state 0 is the published 0xE220A8397B1DCDAF.
        Assert.Equal(0xE220A8397B1DCDAFUL, new Xoshiro256(0).State.Item1);
    }

    [Fact]
    public void AStateRestoredIntoSeededRandomContinuesTheStream()
    {
        var a = new SeededRandom(3);
        for (int i = 0; i < 10; i++) a.Next();
        var b = new SeededRandom(99);
        b.SetState(a.GetState());
        Assert.Equal(Enumerable.Range(0, 50).Select(_ => a.NextDouble()), Enumerable.Range(0, 50).Select(_ => b.NextDouble()));
        Assert.Contains("6-element", Assert.Throws<ArgumentException>(() => b.SetState([1, 2, 3])).Message);
    }
}
