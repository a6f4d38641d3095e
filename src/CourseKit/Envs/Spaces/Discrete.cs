namespace CourseKit.Envs;

/// <summary>The integers <c>Start, Start + 1, ..., Start + N - 1</c> (Gymnasium's <c>Discrete(n)</c>).</summary>
public sealed class Discrete : Space<int>
{
    /// <summary>How many values there are.</summary>
    public int N { get; }

    /// <summary>The smallest value (0 unless given).</summary>
    public int Start { get; }

    /// <summary>The space <c>{start, ..., start + n - 1}</c>.</summary>
    public Discrete(int n, int start = 0)
    {
        if (n <= 0) throw new ArgumentOutOfRangeException(nameof(n), n, "Discrete needs at least one value (n > 0)");
        N = n;
        Start = start;
    }

    /// <inheritdoc/>
    public override int[] Shape => [];

    /// <inheritdoc/>
    public override bool Contains(int value) => (uint)(value - Start) < (uint)N;

    /// <summary>A uniform value, drawn as Gymnasium does: <c>start + np_random.integers(n)</c>.</summary>
    public override int Sample(NumpyRandom random) => Start + (int)random.Integers(N);

    /// <inheritdoc/>
    public override string ToString() => Start == 0 ? $"Discrete({N})" : $"Discrete({N}, start={Start})";
}
