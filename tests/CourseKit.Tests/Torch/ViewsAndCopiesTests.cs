using CourseKit.Torch;
using static CourseKit.Torch.torch;

namespace CourseKit.Tests.Torch;

/// <summary>
/// Which results share storage with their base. select/narrow along dim 0 is a real view, as in PyTorch;
/// select along another dim, t() and expand return copies where PyTorch returns views, so an in-place change
/// to one of them is refused: it would silently not reach the base that PyTorch code expects to change.
/// </summary>
public class ViewsAndCopiesTests
{
    [Fact]
    public void InPlaceChangesToCopiesThatPyTorchWouldViewAreRefused()
    {
        var x = zeros(2, 3);
        var column = x.select(1, 1);
        var ex = Assert.Throws<InvalidOperationException>(() => column.fill_(7));
        Assert.Contains("narrow/select along dim 1", ex.Message);
        Assert.Throws<InvalidOperationException>(() => x.t().add_(1));
        Assert.Throws<InvalidOperationException>(() => ones(3).expand(2, 3).mul_(2));
        x.select(0, 1).fill_(7);                                  // dim 0 is a real view
        Assert.Equal(new float[] { 0, 0, 0, 7, 7, 7 }, x.ToArray<float>());
        column.clone().fill_(7);                                  // an explicit copy may change
    }
}
