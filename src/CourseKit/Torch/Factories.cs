namespace CourseKit.Torch;

public static partial class torch
{
    private static Tensor Finish(Tensor t, ScalarType? dtype, Device? device, bool requires_grad, string op)
    {
        Device.EnsureCpu(device, op);
        if (dtype is { } d && d != t._dtype) t = t.to_type(d);
        if (requires_grad) t.requires_grad = true;
        return t;
    }

    private static long[] DimsFor(int length, long[]? dimensions, string op)
    {
        if (dimensions is null) return [length];
        long n = 1;
        foreach (var d in dimensions) n *= d;
        if (n != length)
            throw new ArgumentException($"{op}: the data has {length} elements but the shape {Shape.Format(dimensions)} needs {n}. Pass a shape whose sizes multiply to {length}.");
        return (long[])dimensions.Clone();
    }

    private static Tensor FromArray<T>(T[] data, long[]? dimensions, ScalarType type, ScalarType? dtype, Device? device, bool requires_grad)
    {
        ArgumentNullException.ThrowIfNull(data);
        var t = new Tensor((T[])data.Clone(), 0, DimsFor(data.Length, dimensions, "tensor"), type);
        return Finish(t, dtype, device, requires_grad, "tensor");
    }

    /// <summary>A float32 tensor holding a copy of <paramref name="data"/>, with the given shape (1-D when omitted).</summary>
    public static Tensor tensor(float[] data, long[]? dimensions = null, ScalarType? dtype = null, Device? device = null, bool requires_grad = false)
        => FromArray(data, dimensions, ScalarType.Float32, dtype, device, requires_grad);
    /// <summary>A float64 tensor holding a copy of <paramref name="data"/>.</summary>
    public static Tensor tensor(double[] data, long[]? dimensions = null, ScalarType? dtype = null, Device? device = null, bool requires_grad = false)
        => FromArray(data, dimensions, ScalarType.Float64, dtype, device, requires_grad);
    /// <summary>An int64 tensor holding a copy of <paramref name="data"/>.</summary>
    public static Tensor tensor(long[] data, long[]? dimensions = null, ScalarType? dtype = null, Device? device = null, bool requires_grad = false)
        => FromArray(data, dimensions, ScalarType.Int64, dtype, device, requires_grad);
    /// <summary>An int64 tensor from int data (this engine has no int32 type).</summary>
    public static Tensor tensor(int[] data, long[]? dimensions = null, ScalarType? dtype = null, Device? device = null, bool requires_grad = false)
        => FromArray(Array.ConvertAll(data ?? throw new ArgumentNullException(nameof(data)), x => (long)x), dimensions, ScalarType.Int64, dtype, device, requires_grad);
    /// <summary>A bool tensor holding a copy of <paramref name="data"/>.</summary>
    public static Tensor tensor(bool[] data, long[]? dimensions = null, ScalarType? dtype = null, Device? device = null, bool requires_grad = false)
        => FromArray(data, dimensions, ScalarType.Bool, dtype, device, requires_grad);

    /// <summary>A float32 tensor from a 2-D array.</summary>
    public static Tensor tensor(float[,] data, ScalarType? dtype = null, Device? device = null, bool requires_grad = false)
        => FromArray(Flatten2D(data), [data.GetLength(0), data.GetLength(1)], ScalarType.Float32, dtype, device, requires_grad);
    /// <summary>A float64 tensor from a 2-D array.</summary>
    public static Tensor tensor(double[,] data, ScalarType? dtype = null, Device? device = null, bool requires_grad = false)
        => FromArray(Flatten2D(data), [data.GetLength(0), data.GetLength(1)], ScalarType.Float64, dtype, device, requires_grad);
    /// <summary>An int64 tensor from a 2-D array.</summary>
    public static Tensor tensor(long[,] data, ScalarType? dtype = null, Device? device = null, bool requires_grad = false)
        => FromArray(Flatten2D(data), [data.GetLength(0), data.GetLength(1)], ScalarType.Int64, dtype, device, requires_grad);

    private static T[] Flatten2D<T>(T[,] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var r = new T[data.Length];
        int k = 0;
        foreach (var v in data) r[k++] = v;
        return r;
    }

    /// <summary>A 0-dimensional float32 tensor.</summary>
    public static Tensor tensor(float value, ScalarType? dtype = null, Device? device = null, bool requires_grad = false)
        => Finish(new Tensor(new[] { value }, 0, [], ScalarType.Float32), dtype, device, requires_grad, "tensor");
    /// <summary>A 0-dimensional float64 tensor.</summary>
    public static Tensor tensor(double value, ScalarType? dtype = null, Device? device = null, bool requires_grad = false)
        => Finish(new Tensor(new[] { value }, 0, [], ScalarType.Float64), dtype, device, requires_grad, "tensor");
    /// <summary>A 0-dimensional int64 tensor.</summary>
    public static Tensor tensor(long value, ScalarType? dtype = null, Device? device = null, bool requires_grad = false)
        => Finish(new Tensor(new[] { value }, 0, [], ScalarType.Int64), dtype, device, requires_grad, "tensor");
    /// <summary>A 0-dimensional int64 tensor.</summary>
    public static Tensor tensor(int value, ScalarType? dtype = null, Device? device = null, bool requires_grad = false)
        => tensor((long)value, dtype, device, requires_grad);
    /// <summary>A 0-dimensional bool tensor.</summary>
    public static Tensor tensor(bool value, ScalarType? dtype = null, Device? device = null, bool requires_grad = false)
        => Finish(new Tensor(new[] { value }, 0, [], ScalarType.Bool), dtype, device, requires_grad, "tensor");

    // ---- filled ----------------------------------------------------------------------------------------

    /// <summary>A tensor of the given shape filled with <paramref name="value"/>.</summary>
    public static Tensor full(long[] size, Scalar value, ScalarType? dtype = null, Device? device = null, bool requires_grad = false)
    {
        Device.EnsureCpu(device, "full");
        var t = Tensor.Empty(dtype ?? (value.IsBool ? ScalarType.Bool : ScalarType.Float32), Shape.Intern(size));
        using (no_grad()) t.fill_(value);
        return Finish(t, null, null, requires_grad, "full");
    }

    /// <summary>Zeros of the given shape.</summary>
    public static Tensor zeros(long[] size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false)
    {
        Device.EnsureCpu(device, "zeros");
        return Finish(Tensor.Zeros(dtype ?? ScalarType.Float32, Shape.Intern(size)), null, null, requires_grad, "zeros");
    }
    /// <summary>Zeros, 1-D.</summary>
    public static Tensor zeros(long size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => zeros([size], dtype, device, requires_grad);
    /// <summary>Zeros, 2-D.</summary>
    public static Tensor zeros(long rows, long columns, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => zeros([rows, columns], dtype, device, requires_grad);
    /// <summary>Zeros, 3-D.</summary>
    public static Tensor zeros(long d0, long d1, long d2, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => zeros([d0, d1, d2], dtype, device, requires_grad);

    /// <summary>Ones of the given shape.</summary>
    public static Tensor ones(long[] size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => full(size, 1, dtype ?? ScalarType.Float32, device, requires_grad);
    /// <summary>Ones, 1-D.</summary>
    public static Tensor ones(long size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => ones([size], dtype, device, requires_grad);
    /// <summary>Ones, 2-D.</summary>
    public static Tensor ones(long rows, long columns, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => ones([rows, columns], dtype, device, requires_grad);

    /// <summary>An uninitialised tensor (zeros in this engine).</summary>
    public static Tensor empty(long[] size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => zeros(size, dtype, device, requires_grad);
    /// <summary>An uninitialised 1-D tensor (zeros in this engine).</summary>
    public static Tensor empty(long size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => zeros([size], dtype, device, requires_grad);
    /// <summary>An uninitialised 2-D tensor (zeros in this engine).</summary>
    public static Tensor empty(long rows, long columns, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => zeros([rows, columns], dtype, device, requires_grad);

    /// <summary>Zeros shaped like <paramref name="t"/>.</summary>
    public static Tensor zeros_like(Tensor t, ScalarType? dtype = null, bool requires_grad = false) => zeros(t._shape, dtype ?? t._dtype, null, requires_grad);
    /// <summary>Ones shaped like <paramref name="t"/>.</summary>
    public static Tensor ones_like(Tensor t, ScalarType? dtype = null, bool requires_grad = false) => ones(t._shape, dtype ?? t._dtype, null, requires_grad);
    /// <summary>A tensor shaped like <paramref name="t"/> filled with <paramref name="value"/>.</summary>
    public static Tensor full_like(Tensor t, Scalar value, ScalarType? dtype = null, bool requires_grad = false) => full(t._shape, value, dtype ?? t._dtype, null, requires_grad);
    /// <summary>An uninitialised tensor shaped like <paramref name="t"/>.</summary>
    public static Tensor empty_like(Tensor t, ScalarType? dtype = null) => zeros_like(t, dtype);

    /// <summary>The n×n identity matrix.</summary>
    public static Tensor eye(long n, ScalarType? dtype = null, Device? device = null, bool requires_grad = false)
    {
        var t = zeros([n, n], dtype, device);
        for (int i = 0; i < n; i++) t.WriteFromDouble(i * (int)n + i, 1);
        return Finish(t, null, null, requires_grad, "eye");
    }

    /// <summary>0, 1, ..., stop-1 as int64.</summary>
    public static Tensor arange(long stop, ScalarType? dtype = null, Device? device = null) => arange(0L, stop, 1L, dtype, device);

    /// <summary>start, start+step, ... below stop, as int64.</summary>
    public static Tensor arange(long start, long stop, long step = 1, ScalarType? dtype = null, Device? device = null)
    {
        if (step == 0) throw new ArgumentException("arange: step must not be 0.");
        long n = Math.Max(0, (stop - start + step - Math.Sign(step)) / step);
        var data = new long[n];
        for (long i = 0; i < n; i++) data[i] = start + i * step;
        return Finish(new Tensor(data, 0, [n], ScalarType.Int64), dtype, device, false, "arange");
    }

    /// <summary>start, start+step, ... below stop, as float32.</summary>
    public static Tensor arange(double start, double stop, double step = 1.0, ScalarType? dtype = null, Device? device = null)
    {
        if (step == 0) throw new ArgumentException("arange: step must not be 0.");
        long n = Math.Max(0, (long)Math.Ceiling((stop - start) / step));
        var data = new double[n];
        for (long i = 0; i < n; i++) data[i] = start + i * step;
        return Finish(new Tensor(data, 0, [n], ScalarType.Float64), dtype ?? ScalarType.Float32, device, false, "arange");
    }

    /// <summary><paramref name="steps"/> evenly spaced values from start to end inclusive.</summary>
    public static Tensor linspace(double start, double end, long steps, ScalarType? dtype = null, Device? device = null)
    {
        if (steps < 1) throw new ArgumentException("linspace: steps must be at least 1.");
        var data = new double[steps];
        for (long i = 0; i < steps; i++) data[i] = steps == 1 ? start : start + (end - start) * i / (steps - 1);
        return Finish(new Tensor(data, 0, [steps], ScalarType.Float64), dtype ?? ScalarType.Float32, device, false, "linspace");
    }

    // ---- random ----------------------------------------------------------------------------------------

    /// <summary>Uniform samples in [0, 1).</summary>
    public static Tensor rand(long[] size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false, Generator? generator = null)
    {
        var t = zeros(size, dtype ?? ScalarType.Float32, device);
        t.uniform_(0, 1, generator);
        return Finish(t, null, null, requires_grad, "rand");
    }
    /// <summary>Uniform samples in [0, 1), 1-D.</summary>
    public static Tensor rand(long size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => rand([size], dtype, device, requires_grad);
    /// <summary>Uniform samples in [0, 1), 2-D.</summary>
    public static Tensor rand(long rows, long columns, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => rand([rows, columns], dtype, device, requires_grad);

    /// <summary>Standard normal samples.</summary>
    public static Tensor randn(long[] size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false, Generator? generator = null)
    {
        var t = zeros(size, dtype ?? ScalarType.Float32, device);
        t.normal_(0, 1, generator);
        return Finish(t, null, null, requires_grad, "randn");
    }
    /// <summary>Standard normal samples, 1-D.</summary>
    public static Tensor randn(long size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => randn([size], dtype, device, requires_grad);
    /// <summary>Standard normal samples, 2-D.</summary>
    public static Tensor randn(long rows, long columns, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => randn([rows, columns], dtype, device, requires_grad);

    /// <summary>Uniform integers in [0, high).</summary>
    public static Tensor randint(long high, long[] size, Generator? generator = null) => randint(0, high, size, generator);

    /// <summary>Uniform integers in [low, high), as int64.</summary>
    public static Tensor randint(long low, long high, long[] size, Generator? generator = null)
    {
        if (high <= low) throw new ArgumentException($"randint: high ({high}) must be greater than low ({low}).");
        var g = generator ?? default_generator;
        var t = Tensor.Empty(ScalarType.Int64, Shape.Intern(size));
        var data = t.Array<long>();
        lock (g) for (int i = 0; i < t._numel; i++) data[t._offset + i] = low + g.NextInt64(high - low);
        return t;
    }

    /// <summary>A random permutation of 0..n-1 (int64).</summary>
    public static Tensor randperm(long n, Generator? generator = null)
    {
        var g = generator ?? default_generator;
        var data = new long[n];
        for (long i = 0; i < n; i++) data[i] = i;
        lock (g)
            for (long i = n - 1; i > 0; i--)
            {
                long j = g.NextInt64(i + 1);
                (data[i], data[j]) = (data[j], data[i]);
            }
        return new Tensor(data, 0, [n], ScalarType.Int64);
    }

    /// <summary>Uniform samples shaped like <paramref name="t"/>.</summary>
    public static Tensor rand_like(Tensor t, ScalarType? dtype = null) => rand(t._shape, dtype ?? t._dtype);
    /// <summary>Standard normal samples shaped like <paramref name="t"/>.</summary>
    public static Tensor randn_like(Tensor t, ScalarType? dtype = null) => randn(t._shape, dtype ?? t._dtype);

    public partial class Tensor
    {
        /// <summary>Fills in place with uniform samples in [from, to).</summary>
        public Tensor uniform_(double from = 0, double to = 1, Generator? generator = null)
        {
            CheckInPlace("uniform_");
            RequireFloat("uniform_");
            var g = generator ?? default_generator;
            lock (g) for (int i = 0; i < _numel; i++) WriteFromDouble(i, from + (to - from) * g.NextDouble());   // one stream, whatever the threads
            return this;
        }

        /// <summary>Fills in place with normal samples.</summary>
        public Tensor normal_(double mean = 0, double std = 1, Generator? generator = null)
        {
            CheckInPlace("normal_");
            RequireFloat("normal_");
            var g = generator ?? default_generator;
            lock (g) for (int i = 0; i < _numel; i++) WriteFromDouble(i, mean + std * g.NextNormal());
            return this;
        }

        internal void RequireFloat(string op)
        {
            if (!is_floating_point())
                throw new ArgumentException($"{op}: needs a floating-point tensor, got {_dtype.Name()}. Convert with .to_type(torch.float32).");
        }
    }
}
