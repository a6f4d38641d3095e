using CourseKit.Torch.Modules;

namespace CourseKit.Torch;

public static partial class torch
{
    public static partial class nn
    {
        /// <summary>A fully connected layer y = x·Wᵀ + b.</summary>
        public static Linear Linear(long inputSize, long outputSize, bool hasBias = true, Device? device = null, ScalarType? dtype = null)
        {
            Device.EnsureCpu(device, "Linear");
            return new Linear(inputSize, outputSize, hasBias, dtype);
        }

        /// <summary>A 2-D convolution with square kernel, stride and padding.</summary>
        public static Conv2d Conv2d(long in_channels, long out_channels, long kernel_size, long stride = 1, long padding = 0, long dilation = 1,
            PaddingModes padding_mode = PaddingModes.Zeros, long groups = 1, bool bias = true, Device? device = null, ScalarType? dtype = null)
            => Conv2d(in_channels, out_channels, (kernel_size, kernel_size), (stride, stride), (padding, padding), (dilation, dilation), padding_mode, groups, bias, device, dtype);

        /// <summary>A 2-D convolution with rectangular kernel, stride and padding.</summary>
        public static Conv2d Conv2d(long in_channels, long out_channels, (long, long) kernel_size, (long, long)? stride = null, (long, long)? padding = null,
            (long, long)? dilation = null, PaddingModes padding_mode = PaddingModes.Zeros, long groups = 1, bool bias = true, Device? device = null, ScalarType? dtype = null)
        {
            Device.EnsureCpu(device, "Conv2d");
            if (dilation is { } d && d != (1, 1) || groups != 1 || padding_mode != PaddingModes.Zeros)
                throw new NotSupportedException("Conv2d: this engine supports dilation 1, groups 1 and zero padding only (all the course's networks use them).");
            return new Conv2d(in_channels, out_channels, kernel_size, stride ?? (1, 1), padding ?? (0, 0), bias, dtype);
        }

        /// <summary>Flattens all dims after the batch dim (by default).</summary>
        public static Flatten Flatten(long start_dim = 1, long end_dim = -1) => new(start_dim, end_dim);

        /// <summary>Applies the given modules in order; their names are "0", "1", ...</summary>
        public static Sequential Sequential(params Module<Tensor, Tensor>[] modules) => new(modules);

        /// <summary>Applies the given named modules in order.</summary>
        public static Sequential Sequential(params (string name, Module<Tensor, Tensor> module)[] modules) => new(modules);

        /// <summary>max(x, 0).</summary>
        public static Activation ReLU(bool inplace = false) => new("ReLU", x => x.relu(), isRelu: true);
        /// <summary>Hyperbolic tangent.</summary>
        public static Activation Tanh() => new("Tanh", x => x.tanh());
        /// <summary>Logistic sigmoid.</summary>
        public static Activation Sigmoid() => new("Sigmoid", x => x.sigmoid());
        /// <summary>x for x &gt; 0, negative_slope·x otherwise.</summary>
        public static Activation LeakyReLU(double negative_slope = 0.01, bool inplace = false) => new("LeakyReLU", x => functional.leaky_relu(x, negative_slope), $"negative_slope={negative_slope}");
        /// <summary>Scaled exponential linear unit.</summary>
        public static Activation SELU(bool inplace = false) => new("SELU", x => functional.selu(x));
        /// <summary>log(1 + e^(beta·x))/beta, linear above threshold.</summary>
        public static Activation Softplus(double beta = 1, double threshold = 20) => new("Softplus", x => functional.softplus(x, beta, threshold), $"beta={beta}, threshold={threshold}");
        /// <summary>Passes the input through unchanged.</summary>
        public static Activation Identity() => new("Identity", x => x);
        /// <summary>Softmax along a dim.</summary>
        public static Activation Softmax(long dim) => new("Softmax", x => x.softmax(dim), $"dim={dim}");
        /// <summary>Log-softmax along a dim.</summary>
        public static Activation LogSoftmax(long dim) => new("LogSoftmax", x => x.log_softmax(dim), $"dim={dim}");
    }
}
