namespace CourseKit.Rl;

/// <summary>
/// A <see cref="Random"/> whose full state can be saved and restored (xoshiro256**), so a checkpointed
/// run resumes with exactly the same exploration and sampling.
/// </summary>
public sealed class SeededRandom : Random
{
    // The engine's generator does the work, so there is one implementation of the bit stream.
    private readonly CourseKit.Torch.torch.Generator _bits;

    /// <summary>Creates a generator from a seed.</summary>
    public SeededRandom(long seed) => _bits = new CourseKit.Torch.torch.Generator(seed);

    private ulong NextBits() => _bits.NextUInt64();

    /// <summary>The generator's state.</summary>
    public ulong[] GetState() => _bits.get_state();

    /// <summary>Restores a state from <see cref="GetState"/>.</summary>
    public void SetState(ulong[] state) => _bits.set_state(state);

    /// <inheritdoc />
    protected override double Sample() => (NextBits() >> 11) * (1.0 / (1UL << 53));
    /// <inheritdoc />
    public override double NextDouble() => Sample();
    /// <inheritdoc />
    public override int Next()
    {
        while (true)
        {
            int v = (int)(NextBits() >> 33);   // 31 bits; Random.Next excludes int.MaxValue
            if (v != int.MaxValue) return v;
        }
    }
    /// <inheritdoc />
    public override int Next(int maxValue)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxValue);
        return maxValue <= 1 ? 0 : (int)NextInt64(maxValue);
    }
    /// <inheritdoc />
    public override int Next(int minValue, int maxValue)
    {
        if (minValue > maxValue) throw new ArgumentOutOfRangeException(nameof(minValue));
        return minValue + (int)NextInt64((long)maxValue - minValue);
    }
    /// <inheritdoc />
    public override long NextInt64(long maxValue)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxValue);
        return maxValue <= 1 ? 0 : _bits.NextInt64(maxValue);
    }
    /// <inheritdoc />
    public override long NextInt64(long minValue, long maxValue) => minValue + NextInt64(maxValue - minValue);
    /// <inheritdoc />
    public override void NextBytes(Span<byte> buffer)
    {
        for (int i = 0; i < buffer.Length; i++) buffer[i] = (byte)(NextBits() >> 56);
    }
    /// <inheritdoc />
    public override void NextBytes(byte[] buffer) => NextBytes(buffer.AsSpan());
    /// <inheritdoc />
    public override float NextSingle() => (NextBits() >> 40) * (1f / (1 << 24));
}
