using System.Runtime.ExceptionServices;

namespace CourseKit.Torch.Kernels;

/// <summary>
/// Fork-join over a handful of parts that allocates nothing per call, for the kernels' coarse parallelism
/// (a GEMM split in two halves, a conv batch split in chunks).
/// </summary>
/// <remarks>
/// Why not Parallel.For: it allocates per call (closures, loop state, task objects), and a training step
/// should allocate nothing. Here a job object is reused (one per calling thread and job type); it queues
/// itself to the thread pool as the helper work item, and every participant, the caller included, claims
/// parts from one shared counter. If the pool is busy the caller simply claims every part itself, so a
/// saturated pool slows a call down but can never deadlock it. The counter carries a generation number in
/// its upper half, so a helper that wakes up late, after its call has returned, claims nothing from the
/// next call's parts unless that call is live (then it helps with it, which is fine).
/// </remarks>
internal abstract class ParallelJob : IThreadPoolWorkItem
{
    long _state;         // (generation << 32) | next unclaimed part
    int _parts;
    int _done;
    int _generation;
    Exception? _error;

    /// <summary>Does part <paramref name="part"/> of the current call; parts must be independent.</summary>
    protected abstract void RunPart(int part);

    /// <summary>Runs parts 0..parts-1 on up to <paramref name="threads"/> threads (the caller is one); returns when all are done.</summary>
    protected void Execute(int parts, int threads)
    {
        int generation = ++_generation; // only the owning thread writes
        _parts = parts;
        _done = 0;
        _error = null;
        Volatile.Write(ref _state, (long)generation << 32); // publishes the fields above to the helpers
        int helpers = Math.Min(threads, parts) - 1;
        for (int i = 0; i < helpers; i++) ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        Work(generation);
        var spin = new SpinWait();
        while (Volatile.Read(ref _done) < parts) spin.SpinOnce(sleep1Threshold: -1);
        if (_error is { } error)
        {
            _error = null;
            ExceptionDispatchInfo.Throw(error);
        }
    }

    void IThreadPoolWorkItem.Execute() => Work(Volatile.Read(ref _generation));

    void Work(int generation)
    {
        while (true)
        {
            long state = Volatile.Read(ref _state);
            if ((int)(state >> 32) != generation) return;
            int part = (int)(state & 0xFFFFFFFF);
            if (part >= _parts) return;
            if (Interlocked.CompareExchange(ref _state, state + 1, state) != state) continue;
            try
            {
                RunPart(part);
            }
            catch (Exception e)
            {
                Interlocked.CompareExchange(ref _error, e, null);
            }
            Interlocked.Increment(ref _done);
        }
    }
}
