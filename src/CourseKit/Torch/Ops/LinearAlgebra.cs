using CourseKit.Torch.Kernels;

namespace CourseKit.Torch;

public static partial class torch
{
    /// <summary>C = op(A)·op(B) (+ C when accumulate) on row-major matrices held by tensors.</summary>
    internal static void Gemm(bool transA, bool transB, int m, int n, int k, Tensor a, Tensor b, Tensor c, bool accumulate = false)
    {
        if (c._dtype == ScalarType.Float32)
            Kernels.Gemm.Sgemm(transA, transB, m, n, k, 1f, a.Array<float>(), a._offset, transA ? m : k, b.Array<float>(), b._offset, transB ? k : n,
                accumulate ? 1f : 0f, c.Array<float>(), c._offset, n);
        else
            Kernels.Gemm.Dgemm(transA, transB, m, n, k, 1.0, a.Array<double>(), a._offset, transA ? m : k, b.Array<double>(), b._offset, transB ? k : n,
                accumulate ? 1.0 : 0.0, c.Array<double>(), c._offset, n);
    }

    private static (Tensor, Tensor) MatmulOperands(Tensor a, Tensor b, string op)
    {
        if (!a.is_floating_point() || !b.is_floating_point())
            throw new ArgumentException($"{op}: needs floating-point tensors, got {a._dtype.Name()} and {b._dtype.Name()}. Convert with .to_type(torch.float32).");
        var dt = Promote(a._dtype, b._dtype);
        return (a.to_type(dt), b.to_type(dt));
    }

    public partial class Tensor
    {
        /// <summary>Matrix product of two 2-D tensors: [m, k] x [k, n] -> [m, n].</summary>
        public Tensor mm(Tensor other)
        {
            if (_shape.Length != 2 || other._shape.Length != 2)
                throw new ArgumentException($"mm: expects two 2-D tensors, got shapes {Shape.Format(_shape)} and {Shape.Format(other._shape)}; use matmul for other ranks.");
            if (_shape[1] != other._shape[0])
                throw new ArgumentException($"mm: shapes {Shape.Format(_shape)} and {Shape.Format(other._shape)} cannot be multiplied: the inner sizes {_shape[1]} and {other._shape[0]} differ. " +
                    "Check the layer sizes, or transpose one operand (.t()).");
            var (a, b) = MatmulOperands(this, other, "mm");
            int m = (int)a._shape[0], k = (int)a._shape[1], n = (int)b._shape[1];
            var r = Empty(a._dtype, Shape.Intern([m, n]));
            Gemm(false, false, m, n, k, a, b, r);
            if (!Autograd.ShouldRecord(a, b)) return Autograd.CheckForward(r, "mm");
            Autograd.Op(r, "mm", [a, b], static (g, node) =>
            {
                var a = node.Input(0); var b = node.Input(1);
                int m = (int)a._shape[0], k = (int)a._shape[1], n = (int)b._shape[1];
                Tensor? ga = null, gb = null;
                if (a._requiresGrad) { ga = Empty(g._dtype, a._shape); Gemm(false, true, m, k, n, g, b, ga); }   // g·Bᵀ
                if (b._requiresGrad) { gb = Empty(g._dtype, b._shape); Gemm(true, false, k, n, m, a, g, gb); }   // Aᵀ·g
                return [ga, gb];
            });
            return r;
        }

        /// <summary>
        /// Matrix product with PyTorch's rules: 1-D·1-D is a dot product, 2-D·2-D is <see cref="mm"/>,
        /// a 1-D operand gains and then loses a dim, and [..., m, k]·[k, n] applies to every leading index.
        /// </summary>
        public Tensor matmul(Tensor other)
        {
            int ra = _shape.Length, rb = other._shape.Length;
            if (ra == 0 || rb == 0) throw new ArgumentException("matmul: both operands need at least 1 dim; for a scalar use mul.");
            if (ra == 1 && rb == 1)
            {
                if (_shape[0] != other._shape[0])
                    throw new ArgumentException($"matmul: vectors of sizes {_shape[0]} and {other._shape[0]} have no dot product; sizes must match.");
                return mul(other).sum();
            }
            if (ra == 2 && rb == 2) return mm(other);
            if (ra == 1) return unsqueeze(0).matmul(other).squeeze(-2);
            if (rb == 1) return matmul(other.unsqueeze(-1)).squeeze(-1);
            if (rb == 2)
            {
                // [..., m, k]·[k, n]: fold the leading dims into the rows of one GEMM.
                var lead = _shape[..^1];
                var r2 = reshape(-1, _shape[^1]).mm(other);
                return r2.reshape([.. lead, other._shape[1]]);
            }
            if (ra == 3 && rb == 3) return bmm(other);
            throw new NotSupportedException($"matmul: shapes {Shape.Format(_shape)} and {Shape.Format(other._shape)} are not supported by this engine (supported: 1-D, 2-D, [..., m, k]x[k, n], and 3-D batches).");
        }

        /// <summary>Batched matrix product: [b, m, k] x [b, k, n] -> [b, m, n].</summary>
        public Tensor bmm(Tensor other)
        {
            if (_shape.Length != 3 || other._shape.Length != 3 || _shape[0] != other._shape[0] || _shape[2] != other._shape[1])
                throw new ArgumentException($"bmm: expects [b, m, k] and [b, k, n], got {Shape.Format(_shape)} and {Shape.Format(other._shape)}.");
            int batch = (int)_shape[0];
            var parts = new Tensor[batch];
            for (int i = 0; i < batch; i++) parts[i] = select(0, i).mm(other.select(0, i));
            return stack(parts, 0);
        }
    }

    /// <summary>Matrix product of two 2-D tensors.</summary>
    public static Tensor mm(Tensor a, Tensor b) => a.mm(b);
    /// <summary>Matrix product with broadcasting rules (see <see cref="Tensor.matmul"/>).</summary>
    public static Tensor matmul(Tensor a, Tensor b) => a.matmul(b);
    /// <summary>Batched matrix product.</summary>
    public static Tensor bmm(Tensor a, Tensor b) => a.bmm(b);

    /// <summary>beta·input + alpha·(mat1·mat2), with input broadcast to the product's shape.</summary>
    public static Tensor addmm(Tensor input, Tensor mat1, Tensor mat2, double beta, double alpha)
    {
        var p = mat1.mm(mat2);
        if (alpha != 1) p = p.mul(alpha);
        return (beta == 1 ? input : input.mul(beta)).add(p);
    }

    /// <summary>
    /// y = x·Wᵀ + b for x of shape [..., in], W of shape [out, in], b of shape [out]: the Linear layer as
    /// one fused op, so neither the transpose nor the bias broadcast is materialised.
    /// </summary>
    internal static Tensor LinearForward(Tensor x, Tensor weight, Tensor? bias)
    {
        if (x._shape.Length == 0 || x._shape[^1] != weight._shape[1])
            throw new ArgumentException(
                $"linear: input has shape {Shape.Format(x._shape)} but the layer expects {weight._shape[1]} features in the last dim (weight shape {Shape.Format(weight._shape)}). " +
                (x._shape.Length > 0 ? $"Either the previous layer outputs {x._shape[^1]} features, or the input needs reshaping (e.g. flatten())." : "Give the input a feature dim."));
        if (!x.is_floating_point())
            throw new ArgumentException($"linear: input is {x._dtype.Name()}; networks take float32 input. Convert with .to_type(torch.float32).");
        if (x._dtype != weight._dtype) x = x.to_type(weight._dtype);
        int inF = (int)weight._shape[1], outF = (int)weight._shape[0];
        int rows = x._numel / Math.Max(inF, 1);
        var outShape = Shape.WithSize(x._shape, x._shape.Length - 1, outF);
        var y = Tensor.Empty(weight._dtype, outShape);
        if (bias is not null)
            for (int r = 0; r < rows; r++) Tensor.CopyBlock(bias, 0, y, r * outF, outF);
        Gemm(false, true, rows, outF, inF, x, weight, y, accumulate: bias is not null);
        if (!is_grad_enabled() || !(x._requiresGrad || weight._requiresGrad || (bias is not null && bias._requiresGrad)))
            return Autograd.CheckForward(y, "linear");
        if (bias is null) Autograd.Op(y, "linear", [x, weight], LinearBackward);
        else Autograd.Op(y, "linear", [x, weight, bias], LinearBackward);
        return y;
    }

    private static readonly Func<Tensor, OpNode, Grads> LinearBackward = static (g, node) =>
    {
        Tensor x = node.Input(0), weight = node.Input(1);
        Tensor? bias = node.InputCount > 2 ? node.Input(2) : null;
        int inF = (int)weight._shape[1], outF = (int)weight._shape[0];
        int rows = x._numel / Math.Max(inF, 1);
        Tensor? gx = null, gw = null, gb = null;
        if (x._requiresGrad) { gx = Tensor.Empty(g._dtype, x._shape); Gemm(false, false, rows, inF, outF, g, weight, gx); }  // g·W
        if (weight._requiresGrad) { gw = Tensor.Empty(g._dtype, weight._shape); Gemm(true, false, outF, inF, rows, g, x, gw); }  // gᵀ·x
        if (bias is not null && bias._requiresGrad) gb = Tensor.Reduce(g.Alias(Shape.Intern([rows, outF])), 0, keepdim: false, mean: false, "sum");
        return bias is null ? [gx, gw] : [gx, gw, gb];
    };
}
