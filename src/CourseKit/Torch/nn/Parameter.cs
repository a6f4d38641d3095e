using static CourseKit.Torch.torch;

namespace CourseKit.Torch.Modules;

/// <summary>
/// A tensor that a module learns: it requires grad by default and is listed by <c>parameters()</c>.
/// </summary>
public class Parameter : Tensor
{
    /// <summary>Wraps <paramref name="data"/>'s storage (no copy) as a leaf parameter.</summary>
    public Parameter(Tensor data, bool requires_grad = true) : base(data)
    {
        if (requires_grad) this.requires_grad = true;
    }
}
