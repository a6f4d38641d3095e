using System.Numerics.Tensors;

namespace CourseKit.Torch;

public static partial class torch
{
    public partial class Tensor
    {
        /// <summary>A copy converted to <paramref name="type"/> (gradients flow back for float-to-float conversions).</summary>
        public Tensor to_type(ScalarType type)
        {
            if (type == _dtype) return this;
            var r = Empty(type, _shape);
            ConvertInto(this, r);
            if (!is_floating_point() || !torch.is_floating_point(type) || !Autograd.ShouldRecord(this)) return r;
            Autograd.Op(r, "to_type", [this], static (g, n) => [g.to_type(n.Input(0)._dtype)]);
            return r;
        }

        /// <summary>Converts to <paramref name="type"/>, as <c>to(dtype)</c> in PyTorch.</summary>
        public Tensor to(ScalarType type) => to_type(type);

        /// <summary>Moves to a device: the CPU is a no-op; CUDA raises an error that explains how to get a GPU backend.</summary>
        public Tensor to(Device device)
        {
            Device.EnsureCpu(device, "to");
            return this;
        }

        /// <summary>Moves to the device named by <paramref name="device"/> ("cpu" or "cuda").</summary>
        public Tensor to(string device) => to(new Device(device));

        /// <summary>This tensor (it already lives on the CPU).</summary>
        public Tensor cpu() => this;

        /// <summary>Raises the CUDA-unavailable error, which names the way to a GPU backend.</summary>
        public Tensor cuda() => to(CUDA);

        /// <summary>Converts to float32.</summary>
        public Tensor @float() => to_type(ScalarType.Float32);
        /// <summary>Converts to float64.</summary>
        public Tensor @double() => to_type(ScalarType.Float64);
        /// <summary>Converts to int64.</summary>
        public Tensor @long() => to_type(ScalarType.Int64);
        /// <summary>Converts to bool.</summary>
        public Tensor @bool() => to_type(ScalarType.Bool);

        /// <summary>This tensor: storage is always contiguous in this engine.</summary>
        public Tensor contiguous() => this;
        /// <summary>Always true in this engine.</summary>
        public bool is_contiguous() => true;

        /// <summary>A copy with its own storage; gradients flow through it.</summary>
        public Tensor clone()
        {
            var r = EmptyLike(this);
            CopyRaw(this, r);
            return Autograd.Record(r, "clone", [this], g => [g]);
        }

        // ---- in-place ---------------------------------------------------------------------------------

        /// <summary>Codes for <see cref="_copyOf"/>: which op made a copy where PyTorch returns a view.</summary>
        internal static class CopyKind
        {
            public const sbyte TransposePermute = 1, Expand = 2;
            // Narrow/select along dim d is NarrowBase + d.
            public const sbyte NarrowBase = 3;
            public static string Name(sbyte code) => code switch
            {
                TransposePermute => "transpose/permute",
                Expand => "expand",
                _ => $"narrow/select along dim {code - NarrowBase}",
            };
        }

        private void CheckInPlace(string op)
        {
            if (_requiresGrad && is_leaf && is_grad_enabled())
                throw new InvalidOperationException(
                    $"{op}: a leaf tensor that requires grad (e.g. a network parameter) cannot be modified in place while gradients are recorded. " +
                    "Wrap the update in 'using (torch.no_grad()) { ... }', or work on a detach()ed copy.");
            if (_node is not null && is_grad_enabled())
                throw new InvalidOperationException(
                    $"{op}: this tensor was computed by '{_node.Name}' and is part of the autograd graph; changing it in place would make the gradients wrong. " +
                    $"Use the out-of-place form instead (e.g. y = y * 3 rather than y.mul_(3)).");
            if (_copyOf != 0)
                throw new InvalidOperationException(
                    $"{op}: this tensor is a copy made by {CopyKind.Name(_copyOf)} (PyTorch would return a view), so changing it in place would not change the tensor it came from. " +
                    "Change the original instead, or call clone() first to make an independent copy on purpose.");
            _version++;
        }

        /// <summary>Copies <paramref name="src"/>'s values into this tensor (broadcasting, converting dtype).</summary>
        public Tensor copy_(Tensor src)
        {
            CheckInPlace("copy_");
            if (!Shape.Equal(src._shape, _shape))
            {
                if (src._numel == _numel && src._shape.Length == 0) { fill_(src.ReadAsDouble(0)); return this; }
                src = src.expand(_shape);
            }
            if (src._dtype == _dtype) CopyRaw(src, this);
            else ConvertInto(src, this);
            return this;
        }

        /// <summary>Sets every element to <paramref name="value"/>.</summary>
        public Tensor fill_(Scalar value)
        {
            CheckInPlace("fill_");
            switch (_dtype)
            {
                case ScalarType.Float32: Kernels.ParallelPasses.Fill(Span<float>(), (float)value.Value); break;
                case ScalarType.Float64: Kernels.ParallelPasses.Fill(Span<double>(), value.Value); break;
                case ScalarType.Int64: Span<long>().Fill((long)value.Value); break;
                default: Span<bool>().Fill(value.Value != 0); break;
            }
            return this;
        }

        /// <summary>Sets every element to zero.</summary>
        public Tensor zero_() => fill_(0);

        /// <summary>this += alpha * other, in place (other is broadcast to this tensor's shape).</summary>
        public Tensor add_(Tensor other, Scalar? alpha = null)
        {
            CheckInPlace("add_");
            double a = alpha?.Value ?? 1.0;
            if (!Shape.Equal(other._shape, _shape)) other = other.expand(_shape);
            if (other._dtype != _dtype) other = other.to_type(_dtype);
            switch (_dtype)
            {
                case ScalarType.Float32:
                    if (a == 1.0) Kernels.ParallelPasses.AddInPlace(Span<float>(), other.Span<float>());
                    else TensorPrimitives.MultiplyAdd(other.Span<float>(), (float)a, Span<float>(), Span<float>());
                    break;
                case ScalarType.Float64:
                    if (a == 1.0) Kernels.ParallelPasses.AddInPlace(Span<double>(), other.Span<double>());
                    else TensorPrimitives.MultiplyAdd(other.Span<double>(), a, Span<double>(), Span<double>());
                    break;
                case ScalarType.Int64:
                    {
                        var d = Span<long>(); var o = other.Span<long>(); long la = (long)a;
                        for (int i = 0; i < d.Length; i++) d[i] += la * o[i];
                        break;
                    }
                default: throw new InvalidOperationException("add_: bool tensors do not support arithmetic.");
            }
            return this;
        }

        /// <summary>this += value, in place.</summary>
        public Tensor add_(Scalar value) => ApplyScalarInPlace(BinaryOp.Add, value, "add_");
        /// <summary>this -= other, in place.</summary>
        public Tensor sub_(Tensor other) => add_(other, -1.0);
        /// <summary>this -= value, in place.</summary>
        public Tensor sub_(Scalar value) => ApplyScalarInPlace(BinaryOp.Sub, value, "sub_");
        /// <summary>this *= value, in place.</summary>
        public Tensor mul_(Scalar value) => ApplyScalarInPlace(BinaryOp.Mul, value, "mul_");
        /// <summary>this /= value, in place.</summary>
        public Tensor div_(Scalar value) => ApplyScalarInPlace(BinaryOp.Div, value, "div_");

        /// <summary>this *= other, in place.</summary>
        public Tensor mul_(Tensor other)
        {
            CheckInPlace("mul_");
            var r = Elementwise.Binary(this, other, BinaryOp.Mul, "mul_");
            if (!Shape.Equal(r._shape, _shape))
                throw new ArgumentException($"mul_: the result of broadcasting {Shape.Format(_shape)} with {Shape.Format(other._shape)} is {Shape.Format(r._shape)}, which does not fit in place.");
            ConvertInto(r, this);
            return this;
        }

        private Tensor ApplyScalarInPlace(BinaryOp op, Scalar s, string name)
        {
            CheckInPlace(name);
            switch (_dtype)
            {
                case ScalarType.Float32: Elementwise.RunScalar(op, Span<float>(), (float)s.Value, Span<float>(), false); break;
                case ScalarType.Float64: Elementwise.RunScalar(op, Span<double>(), s.Value, Span<double>(), false); break;
                case ScalarType.Int64: Elementwise.RunScalar(op, Span<long>(), (long)s.Value, Span<long>(), false); break;
                default: throw new InvalidOperationException($"{name}: bool tensors do not support arithmetic.");
            }
            return this;
        }

        internal static void CopyRaw(Tensor src, Tensor dst)
        {
            switch (src._dtype)
            {
                case ScalarType.Float32: src.Span<float>().CopyTo(dst.Span<float>()); break;
                case ScalarType.Float64: src.Span<double>().CopyTo(dst.Span<double>()); break;
                case ScalarType.Int64: src.Span<long>().CopyTo(dst.Span<long>()); break;
                default: src.Span<bool>().CopyTo(dst.Span<bool>()); break;
            }
        }

        internal static void ConvertInto(Tensor src, Tensor dst)
        {
            if (src._dtype == dst._dtype) { CopyRaw(src, dst); return; }
            if (src._dtype == ScalarType.Float32 && dst._dtype == ScalarType.Float64)
            {
                var s = src.Span<float>(); var d = dst.Span<double>();
                for (int i = 0; i < s.Length; i++) d[i] = s[i];
                return;
            }
            if (src._dtype == ScalarType.Float64 && dst._dtype == ScalarType.Float32)
            {
                var s = src.Span<double>(); var d = dst.Span<float>();
                for (int i = 0; i < s.Length; i++) d[i] = (float)s[i];
                return;
            }
            for (int i = 0; i < src._numel; i++) dst.WriteFromDouble(i, src.ReadAsDouble(i));
        }
    }
}
