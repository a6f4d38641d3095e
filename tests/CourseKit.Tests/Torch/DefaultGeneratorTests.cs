using CourseKit.Torch;
using static CourseKit.Torch.torch;

namespace CourseKit.Tests.Torch;

/// <summary>The default generator is one stream, whichever threads draw from it.</summary>
[Collection(DefaultGeneratorCollection.Name)]
public class DefaultGeneratorTests
{
    [Fact]
    public void ThreadsSharingTheDefaultGeneratorDrawTheSameNumbersAsOneThread()
    {
        manual_seed(5);
        var sequential = rand([200_000], ScalarType.Float64).ToArray<double>().Order().ToArray();
        manual_seed(5);
        var parts = new double[2][];
        Parallel.For(0, 2, i => parts[i] = rand([100_000], ScalarType.Float64).ToArray<double>());
        Assert.Equal(sequential, parts[0].Concat(parts[1]).Order().ToArray());
    }
}
