using System.Runtime.ExceptionServices;

namespace CourseKit.Torch.Kernels;

/// <summary>
/// Fork-join over a handful of parts that allocates nothing per call, for the kernels' coarse parallelism
/// (a GEMM split in two halves, a conv batch split in chunks).
/// </summary>
/// <remarks>
/// Why not Parallel.For: it allocates per call (closures, loop state, task objects), and a training step
/// should allocate nothing. Here a job object is reused (one per calling thread and job type), and every
/// participant, the caller included, claims parts from one shared counter. If no helper is free the caller
/// simply claims every part itself, so a busy helper slows a call down but can never deadlock it. The counter
/// carries a generation number in its upper half, so a helper that wakes up late, after its call has returned,
/// claims nothing from the next call's parts unless that call is live (then it helps with it, which is fine).
/// <para>
/// Why helpers of its own rather than the .NET thread pool: on a two-core machine the pool slowed both halves of a
/// split down, most likely because the work item wakes pool threads that then spin looking for more work on the
/// cores the two halves need. Measured here (2 cores, AVX2): two halves of a 2 ms register-bound loop ran side by side
/// on the two cores but took 5 ms each through the pool (4.2-5.2 ms for the pair), against 2.9 ms for the pair on
/// these helpers (10.7 ms for two 9.9 ms halves); a 512³ GEMM on two threads ran at 64-78 GFLOP/s through the
/// pool, below its 80 on one, and at 92 on the helpers. <see cref="Helpers"/> are background threads, one per extra
/// core, started on the first parallel call; each sleeps on its own semaphore between calls.
/// </para>
/// </remarks>
internal abstract class ParallelJob
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
        if (helpers > 0) Helpers.Offer(this, helpers);
        Work(generation);
        var spin = new SpinWait();
        while (Volatile.Read(ref _done) < parts) spin.SpinOnce(sleep1Threshold: -1);
        if (_error is { } error)
        {
            _error = null;
            ExceptionDispatchInfo.Throw(error);
        }
    }

    /// <summary>A helper's entry: claims parts of whichever call of this job is live.</summary>
    internal void Help() => Work(Volatile.Read(ref _generation));

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

    /// <summary>The kernels' helper threads: one per core beyond the first, each with one pending job at most.</summary>
    static class Helpers
    {
        static Helper[]? s_helpers;
        static readonly object s_start = new();

        /// <summary>Hands <paramref name="job"/> to up to <paramref name="count"/> idle helpers (busy ones are skipped).</summary>
        public static void Offer(ParallelJob job, int count)
        {
            var helpers = s_helpers ?? Start();
            for (int i = 0; i < helpers.Length && count > 0; i++)
                if (helpers[i].TryGive(job)) count--;
        }

        static Helper[] Start()
        {
            lock (s_start)
            {
                if (s_helpers is { } started) return started;
                var helpers = new Helper[Math.Max(0, Environment.ProcessorCount - 1)];
                for (int i = 0; i < helpers.Length; i++) helpers[i] = new Helper(i);
                return s_helpers = helpers;
            }
        }
    }

    sealed class Helper
    {
        readonly SemaphoreSlim _wake = new(0);
        ParallelJob? _pending;
        int _busy;

        public Helper(int index)
        {
            var thread = new Thread(Loop) { IsBackground = true, Name = $"CourseKit kernel helper {index + 1}" };
            thread.Start();
        }

        /// <summary>Gives the helper a job if it is idle; false when it is still on another one.</summary>
        public bool TryGive(ParallelJob job)
        {
            if (Interlocked.CompareExchange(ref _busy, 1, 0) != 0) return false;
            Volatile.Write(ref _pending, job);
            _wake.Release();
            return true;
        }

        void Loop()
        {
            while (true)
            {
                _wake.Wait();
                var job = Interlocked.Exchange(ref _pending, null);
                job?.Help();
                Volatile.Write(ref _busy, 0);
            }
        }
    }
}
