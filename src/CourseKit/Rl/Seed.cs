using CourseKit.Backend;

namespace CourseKit.Rl;

/// <summary>One call that makes a notebook reproducible.</summary>
public static class Seed
{
    private static SeededRandom _shared = new(0);

    /// <summary>
    /// The random generator CourseKit's helpers use when none is passed (ε-greedy, replay sampling,
    /// dataset shuffling). Re-created by <see cref="Everything"/>.
    /// </summary>
    public static SeededRandom Shared => _shared;

    /// <summary>The seed given to the last <see cref="Everything"/> call (0 before any).</summary>
    public static int Current { get; private set; }

    /// <summary>
    /// Seeds the tensor engine (network initialisation, sampling) and <see cref="Shared"/>; returns the seed.
    /// Environments are seeded separately, by their first <c>Reset(seed)</c>, exactly as in Gymnasium. On TorchSharp it
    /// also runs LibTorch on one CPU thread (<c>Backend/BackendInfo.TorchSharp.cs</c> says why); CourseKit's engine is
    /// the same bit for bit on any number of threads.
    /// </summary>
    public static int Everything(int seed)
    {
        if (seed < 0) throw new ArgumentOutOfRangeException(nameof(seed), seed, "Seed.Everything: use a non-negative seed.");
        Current = seed;
        BackendInfo.MakeReproducible();
        torch.manual_seed(seed);
        _shared = new SeededRandom(seed);
        return seed;
    }
}
