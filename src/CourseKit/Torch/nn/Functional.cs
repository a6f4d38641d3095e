namespace CourseKit.Torch;

public static partial class torch
{
    public static partial class nn
    {
        /// <summary>How a loss combines its per-element values.</summary>
        public enum Reduction
        {
            /// <summary>Keep the per-element losses.</summary>
            None = 0,
            /// <summary>Average them (the default).</summary>
            Mean = 1,
            /// <summary>Add them up.</summary>
            Sum = 2,
        }

        /// <summary>Stateless versions of the layers and the losses, as <c>torch.nn.functional</c>.</summary>
        public static partial class functional
        {
            private const double SeluAlpha = 1.6732632423543772848170429916717;
            private const double SeluScale = 1.0507009873554804934193349852946;

            /// <summary>max(x, 0).</summary>
            public static Tensor relu(Tensor x) => x.relu();
            /// <summary>Hyperbolic tangent.</summary>
            public static Tensor tanh(Tensor x) => x.tanh();
            /// <summary>Logistic sigmoid.</summary>
            public static Tensor sigmoid(Tensor x) => x.sigmoid();
            /// <summary>Softmax along a dim.</summary>
            public static Tensor softmax(Tensor x, long dim) => x.softmax(dim);
            /// <summary>Log-softmax along a dim.</summary>
            public static Tensor log_softmax(Tensor x, long dim) => x.log_softmax(dim);

            /// <summary>x for x &gt; 0, negative_slope·x otherwise.</summary>
            public static Tensor leaky_relu(Tensor x, double negative_slope = 0.01)
            {
                var pos = x.relu();
                return pos.add(x.sub(pos).mul(negative_slope));   // x - relu(x) = min(x, 0)
            }

            /// <summary>Scaled exponential linear unit: scale·(max(0,x) + min(0, α(eˣ − 1))).</summary>
            public static Tensor selu(Tensor x)
            {
                var pos = x.relu();
                var neg = x.sub(pos);                              // min(x, 0)
                return pos.add(neg.expm1().mul(SeluAlpha)).mul(SeluScale);
            }

            /// <summary>log(1 + e^(beta·x))/beta, and x itself where beta·x &gt; threshold (for stability).</summary>
            public static Tensor softplus(Tensor x, double beta = 1, double threshold = 20)
            {
                var bx = x.mul(beta);
                // log(1+e^z) = max(z,0) + log1p(e^-|z|) never overflows. maximum (not relu) splits the
                // gradient at z = 0, giving softplus'(0) = σ(0) = 1/2 as in PyTorch.
                var soft = bx.maximum(zeros_like(bx)).add(bx.abs().neg().exp().log1p()).div(beta);
                return where(bx.gt(threshold), x, soft);
            }

            /// <summary>y = x·Wᵀ + b.</summary>
            public static Tensor linear(Tensor input, Tensor weight, Tensor? bias = null) => LinearForward(input, weight, bias);

            /// <summary>2-D convolution of [N, C, H, W] input.</summary>
            public static Tensor conv2d(Tensor input, Tensor weight, Tensor? bias = null, long[]? strides = null, long[]? padding = null, long[]? dilation = null, long groups = 1)
            {
                if ((dilation is not null && dilation.Any(d => d != 1)) || groups != 1)
                    throw new NotSupportedException("conv2d: this engine supports dilation 1 and groups 1 only.");
                return Conv2dForward(input, weight, bias, strides ?? [1, 1], padding ?? [0, 0]);
            }

            /// <summary>One-hot encoding of int64 class indices: shape [..., num_classes], int64.</summary>
            public static Tensor one_hot(Tensor indices, long num_classes = -1)
            {
                if (indices._dtype != ScalarType.Int64) throw new ArgumentException($"one_hot: indices must be int64, got {indices._dtype.Name()}.");
                long n = num_classes >= 0 ? num_classes : (indices._numel == 0 ? 0 : indices.max().item<long>() + 1);
                var r = zeros([.. indices._shape, n], ScalarType.Int64);
                var ix = indices.Span<long>();
                var rs = r.Span<long>();
                for (int i = 0; i < ix.Length; i++)
                {
                    if (ix[i] < 0 || ix[i] >= n) throw new IndexOutOfRangeException($"one_hot: class {ix[i]} is outside 0..{n - 1}.");
                    rs[i * (int)n + (int)ix[i]] = 1;
                }
                return r;
            }
        }

        /// <summary>Helpers such as gradient clipping, as <c>torch.nn.utils</c>.</summary>
        public static class utils
        {
            /// <summary>
            /// Scales all gradients together so their combined norm is at most <paramref name="max_norm"/>;
            /// returns the norm before clipping. Parameters without a gradient are ignored.
            /// </summary>
            public static double clip_grad_norm_(IEnumerable<Modules.Parameter> parameters, double max_norm, double norm_type = 2.0)
            {
                var grads = parameters.Select(p => p.grad).Where(g => g is not null).Cast<Tensor>().ToList();
                if (grads.Count == 0) return 0;
                double total;
                if (double.IsPositiveInfinity(norm_type))
                    total = grads.Max(g => Enumerable.Range(0, g._numel).Max(i => Math.Abs(g.ReadAsDouble(i))));
                else
                {
                    double acc = 0;
                    foreach (var g in grads)
                    {
                        if (g._dtype == ScalarType.Float32 && norm_type == 2) { double n2 = System.Numerics.Tensors.TensorPrimitives.Norm(g.Span<float>()); acc += n2 * n2; }
                        else for (int i = 0; i < g._numel; i++) acc += Math.Pow(Math.Abs(g.ReadAsDouble(i)), norm_type);
                    }
                    total = Math.Pow(acc, 1.0 / norm_type);
                }
                double coef = max_norm / (total + 1e-6);
                if (coef < 1)
                    using (no_grad())
                        foreach (var g in grads) g.mul_(coef);
                return total;
            }

            /// <summary>Clamps every gradient element to [-clip_value, clip_value].</summary>
            public static void clip_grad_value_(IEnumerable<Modules.Parameter> parameters, double clip_value)
            {
                using (no_grad())
                    foreach (var p in parameters) p.grad?.clamp_(-clip_value, clip_value);
            }
        }
    }
}
