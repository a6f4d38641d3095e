using CourseKit.Torch.Kernels;

namespace CourseKit.Torch;

public static partial class torch
{
    public partial class Tensor
    {
        /// <summary>This tensor if its storage starts at element 0, else a copy that does (kernels take bare arrays).
        /// The copy is a recorded clone, so gradients still reach a view such as <c>batch.narrow(0, 1, 1)</c>.</summary>
        internal Tensor Dense() => _offset == 0 ? this : clone();
    }

    /// <summary>
    /// 2-D convolution over [N, C, H, W] input with an [O, C, kH, kW] weight, zero padding (conv2d's op);
    /// with <paramref name="relu"/>, relu(conv2d(...)) as one op: the bias and the max with 0 are applied while
    /// the output is written, and the backward masks the gradient by the saved output (Sequential fuses a
    /// Conv2d followed by ReLU this way).
    /// </summary>
    internal static Tensor Conv2dForward(Tensor input, Tensor weight, Tensor? bias, long[] stride, long[] padding, bool relu = false)
    {
        if (input._shape.Length != 4)
        {
            string hint = input._shape.Length == 3 ? " A single image needs a batch dim: input.unsqueeze(0)." : "";
            throw new ArgumentException($"conv2d: expects input of shape [N, C, H, W] (4 dims), got {Shape.Format(input._shape)}.{hint}");
        }
        if (weight._shape.Length != 4) throw new ArgumentException($"conv2d: weight must have shape [O, C, kH, kW], got {Shape.Format(weight._shape)}.");
        if (input._shape[1] != weight._shape[1])
            throw new ArgumentException($"conv2d: input has {input._shape[1]} channels (shape {Shape.Format(input._shape)}) but the layer expects {weight._shape[1]} (weight {Shape.Format(weight._shape)}). " +
                "Frames are [N, C, H, W]: check the channel dim and the number of stacked frames.");
        if (!input.is_floating_point()) input = input.to_type(weight._dtype);
        if (input._dtype != weight._dtype) input = input.to_type(weight._dtype);
        int n = (int)input._shape[0], c = (int)input._shape[1], h = (int)input._shape[2], w = (int)input._shape[3];
        int o = (int)weight._shape[0], kh = (int)weight._shape[2], kw = (int)weight._shape[3];
        int sh = (int)stride[0], sw = (int)stride[^1], ph = (int)padding[0], pw = (int)padding[^1];
        if (sh < 1 || sw < 1) throw new ArgumentException("conv2d: stride must be at least 1.");
        int oh = (h + 2 * ph - kh) / sh + 1, ow = (w + 2 * pw - kw) / sw + 1;
        if (h + 2 * ph < kh || w + 2 * pw < kw)
            throw new ArgumentException($"conv2d: the {kh}x{kw} kernel does not fit in the {h}x{w} input (padding {ph}, {pw}). Use a smaller kernel or more padding.");
        var x = input.Dense(); var wt = weight.Dense(); var b = bias?.Dense();
        var y = Tensor.Empty(weight._dtype, [n, o, oh, ow]);
        if (y._dtype == ScalarType.Float32)
            Conv2dKernels.Forward(x.Array<float>(), wt.Array<float>(), b?.Array<float>(), y.Array<float>(), n, c, h, w, o, kh, kw, sh, sw, ph, pw, relu);
        else
            Conv2dKernels.Forward(x.Array<double>(), wt.Array<double>(), b?.Array<double>(), y.Array<double>(), n, c, h, w, o, kh, kw, sh, sw, ph, pw, relu);
        string op = relu ? "conv2d+relu" : "conv2d";
        var inputs = b is null ? new[] { x, wt } : new[] { x, wt, b };
        if (!is_grad_enabled() || !inputs.Any(t => t._requiresGrad)) return Autograd.CheckForward(y, op);
        return Autograd.Record(y, op, inputs, g =>
        {
            var gd = g.Dense();
            if (relu)
            {
                // relu's gradient: through where the output is positive (exactly where conv2d + bias was), else 0.
                var masked = Tensor.EmptyLike(gd);
                if (gd._dtype == ScalarType.Float32) Conv2dKernels.ReluMask(y.Array<float>(), gd.Array<float>(), masked.Array<float>(), y._numel);
                else Conv2dKernels.ReluMask(y.Array<double>(), gd.Array<double>(), masked.Array<double>(), y._numel);
                gd = masked;
            }
            var grads = new Tensor?[inputs.Length];
            if (x._requiresGrad)
            {
                var gx = Tensor.EmptyLike(x);
                if (gx._dtype == ScalarType.Float32) Conv2dKernels.BackwardInput(gd.Array<float>(), wt.Array<float>(), gx.Array<float>(), n, c, h, w, o, kh, kw, sh, sw, ph, pw);
                else Conv2dKernels.BackwardInput(gd.Array<double>(), wt.Array<double>(), gx.Array<double>(), n, c, h, w, o, kh, kw, sh, sw, ph, pw);
                grads[0] = gx;
            }
            if (wt._requiresGrad || (b is not null && b._requiresGrad))
            {
                var gw = Tensor.EmptyLike(wt);
                var gb = b is null ? null : Tensor.EmptyLike(b);
                if (gw._dtype == ScalarType.Float32) Conv2dKernels.BackwardWeight(gd.Array<float>(), x.Array<float>(), gw.Array<float>(), gb?.Array<float>(), n, c, h, w, o, kh, kw, sh, sw, ph, pw);
                else Conv2dKernels.BackwardWeight(gd.Array<double>(), x.Array<double>(), gw.Array<double>(), gb?.Array<double>(), n, c, h, w, o, kh, kw, sh, sw, ph, pw);
                grads[1] = wt._requiresGrad ? gw : null;
                if (b is not null) grads[2] = b._requiresGrad ? gb : null;
            }
            return grads;
        });
    }
}
