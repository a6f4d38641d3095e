namespace CourseKit.Torch;

public static partial class torch
{
    public static partial class nn
    {
        /// <summary>Weight initialisation schemes, as <c>torch.nn.init</c>. Each fills a tensor in place and returns it.</summary>
        public static class init
        {
            /// <summary>The recommended gain for an activation ("linear", "relu", "tanh", "leaky_relu", "selu", "sigmoid").</summary>
            public static double calculate_gain(string nonlinearity, double? param = null) => nonlinearity switch
            {
                "linear" or "conv2d" or "sigmoid" or "identity" => 1.0,
                "tanh" => 5.0 / 3,
                "relu" => Math.Sqrt(2.0),
                "leaky_relu" => Math.Sqrt(2.0 / (1 + Math.Pow(param ?? 0.01, 2))),
                "selu" => 3.0 / 4,
                _ => throw new ArgumentException($"calculate_gain: unknown nonlinearity '{nonlinearity}'."),
            };

            private static (long fanIn, long fanOut) Fans(Tensor t)
            {
                if (t._shape.Length < 2) throw new ArgumentException($"init: fan in/out need a tensor with at least 2 dims, got {Shape.Format(t._shape)}.");
                long receptive = Shape.Prod(t._shape, 2, t._shape.Length);
                return (t._shape[1] * receptive, t._shape[0] * receptive);
            }

            /// <summary>Uniform in [a, b).</summary>
            public static Tensor uniform_(Tensor t, double a = 0, double b = 1) { using (no_grad()) return t.uniform_(a, b); }
            /// <summary>Normal with the given mean and std.</summary>
            public static Tensor normal_(Tensor t, double mean = 0, double std = 1) { using (no_grad()) return t.normal_(mean, std); }
            /// <summary>Every element set to <paramref name="val"/>.</summary>
            public static Tensor constant_(Tensor t, double val) { using (no_grad()) return t.fill_(val); }
            /// <summary>Zeros.</summary>
            public static Tensor zeros_(Tensor t) => constant_(t, 0);
            /// <summary>Ones.</summary>
            public static Tensor ones_(Tensor t) => constant_(t, 1);

            /// <summary>He uniform: bound = gain·√(3/fan_in), gain from leaky_relu with slope <paramref name="a"/> (PyTorch's Linear/Conv default uses a = √5).</summary>
            public static Tensor kaiming_uniform_(Tensor t, double a = 0, string mode = "fan_in", string nonlinearity = "leaky_relu")
            {
                var (fi, fo) = Fans(t);
                double gain = calculate_gain(nonlinearity, a);
                double bound = gain * Math.Sqrt(3.0 / (mode == "fan_out" ? fo : fi));
                return uniform_(t, -bound, bound);
            }

            /// <summary>He normal: std = gain/√fan.</summary>
            public static Tensor kaiming_normal_(Tensor t, double a = 0, string mode = "fan_in", string nonlinearity = "leaky_relu")
            {
                var (fi, fo) = Fans(t);
                return normal_(t, 0, calculate_gain(nonlinearity, a) / Math.Sqrt(mode == "fan_out" ? fo : fi));
            }

            /// <summary>Glorot uniform: bound = gain·√(6/(fan_in + fan_out)).</summary>
            public static Tensor xavier_uniform_(Tensor t, double gain = 1)
            {
                var (fi, fo) = Fans(t);
                double bound = gain * Math.Sqrt(6.0 / (fi + fo));
                return uniform_(t, -bound, bound);
            }

            /// <summary>Glorot normal: std = gain·√(2/(fan_in + fan_out)).</summary>
            public static Tensor xavier_normal_(Tensor t, double gain = 1)
            {
                var (fi, fo) = Fans(t);
                return normal_(t, 0, gain * Math.Sqrt(2.0 / (fi + fo)));
            }

            /// <summary>A (semi-)orthogonal matrix scaled by <paramref name="gain"/>, via Gram–Schmidt on a normal sample.</summary>
            public static Tensor orthogonal_(Tensor t, double gain = 1)
            {
                if (t._shape.Length < 2) throw new ArgumentException("orthogonal_: needs at least 2 dims.");
                int rows = (int)t._shape[0], cols = t._numel / rows;
                bool transpose = rows < cols;
                int r = transpose ? cols : rows, c = transpose ? rows : cols;   // r >= c: orthonormal columns
                var g = default_generator;
                var m = new double[r, c];
                for (int i = 0; i < r; i++) for (int j = 0; j < c; j++) m[i, j] = g.NextNormal();
                for (int j = 0; j < c; j++)
                {
                    for (int k = 0; k < j; k++)
                    {
                        double dot = 0;
                        for (int i = 0; i < r; i++) dot += m[i, j] * m[i, k];
                        for (int i = 0; i < r; i++) m[i, j] -= dot * m[i, k];
                    }
                    double norm = 0;
                    for (int i = 0; i < r; i++) norm += m[i, j] * m[i, j];
                    norm = Math.Sqrt(norm);
                    for (int i = 0; i < r; i++) m[i, j] /= norm;
                }
                using (no_grad())
                    for (int i = 0; i < rows; i++)
                        for (int j = 0; j < cols; j++)
                            t.WriteFromDouble(i * cols + j, gain * (transpose ? m[j, i] : m[i, j]));
                return t;
            }
        }
    }
}
