using System.Numerics;
using System.Numerics.Tensors;

namespace CourseKit.Torch.Kernels;

/// <summary>
/// Elementwise passes over large float buffers split across the cores: the gradient bookkeeping of a training step
/// (zeroing every parameter's gradient, adding the backward's result into it) and the optimizer's update.
/// </summary>
/// <remarks>
/// Why: on the Nature CNN (1.7 million parameters, 1.6 million of them in the 3136→512 layer) these passes ran
/// on the calling thread while the other core waited: zero_grad's fill, the gradient accumulation and Adam took
/// about 2.5 ms of a 35 ms one-thread update, and all of it stayed serial when the kernels around it used both
/// cores. Each element is computed exactly as on one thread, and the cut between parts falls on a multiple of 64
/// elements, so any part that runs a vector loop with a scalar tail has its tail where the one-thread pass has it:
/// the results are the same bits on any number of threads.
/// </remarks>
internal static unsafe class ParallelPasses
{
    /// <summary>Below this many elements (1 MB of floats) the wake-up of a second thread costs more than it saves.</summary>
    public const long ParallelElements = 1L << 18;

    /// <summary>How many parts a pass over <paramref name="length"/> elements takes.</summary>
    public static int Parts(long length) => length < ParallelElements ? 1 : Math.Max(1, Gemm.MaxThreads);

    /// <summary>d[i] += o[i].</summary>
    public static void AddInPlace<T>(Span<T> d, ReadOnlySpan<T> o) where T : unmanaged, INumber<T>
    {
        if (Parts(d.Length) == 1)
        {
            TensorPrimitives.Add(d, o, d);
            return;
        }
        fixed (T* pd = d)
        fixed (T* po = o)
            AddJob<T>.Get().Run(pd, po, d.Length);
    }

    /// <summary>d[i] = value.</summary>
    public static void Fill<T>(Span<T> d, T value) where T : unmanaged
    {
        if (Parts(d.Length) == 1)
        {
            d.Fill(value);
            return;
        }
        fixed (T* pd = d)
            FillJob<T>.Get().Run(pd, value, d.Length);
    }

    /// <summary>Runs <see cref="RunRange"/> over [0, length) in equal contiguous parts, one per core.</summary>
    internal abstract class RangeJob : ParallelJob
    {
        long _length;
        int _parts;

        protected void RunRanges(long length)
        {
            int parts = Parts(length);
            if (parts == 1)
            {
                RunRange(0, length);
                return;
            }
            (_length, _parts) = (length, parts);
            Execute(parts, parts);
        }

        protected sealed override void RunPart(int part)
        {
            long start = Cut(part), end = part == _parts - 1 ? _length : Cut(part + 1);
            if (start < end) RunRange(start, end);
        }

        long Cut(int part) => _length * part / _parts & ~63L;

        /// <summary>Elements [start, end) of the current pass.</summary>
        protected abstract void RunRange(long start, long end);
    }

    sealed class AddJob<T> : RangeJob where T : unmanaged, INumber<T>
    {
        [ThreadStatic] static AddJob<T>? t_job;
        public static AddJob<T> Get() => t_job ??= new AddJob<T>();

        T* _d, _o;

        public void Run(T* d, T* o, long length)
        {
            _d = d;
            _o = o;
            RunRanges(length);
        }

        protected override void RunRange(long start, long end)
        {
            var d = new Span<T>(_d + start, (int)(end - start));
            TensorPrimitives.Add(d, new ReadOnlySpan<T>(_o + start, d.Length), d);
        }
    }

    sealed class FillJob<T> : RangeJob where T : unmanaged
    {
        [ThreadStatic] static FillJob<T>? t_job;
        public static FillJob<T> Get() => t_job ??= new FillJob<T>();

        T* _d;
        T _value;

        public void Run(T* d, T value, long length)
        {
            _d = d;
            _value = value;
            RunRanges(length);
        }

        protected override void RunRange(long start, long end) => new Span<T>(_d + start, (int)(end - start)).Fill(_value);
    }
}
