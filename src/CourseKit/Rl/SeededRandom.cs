namespace CourseKit.Rl;

/// <summary>
/// A <see cref="Random"/> whose full state can be saved and restored (xoshiro256**), so a checkpointed
/// run resumes with exactly the same exploration and sampling.
/// </summary>
public sealed class SeededRandom : Random
{
    // The same bit stream as CourseKit's engine generator, on either tensor backend: one implementation.
    private Backend.Xoshiro256 _bits;

    /// <summary>Creates a generator from a seed.</summary>
    public SeededRandom(long seed) => _bits = new Backend.Xoshiro256(seed);

    private ulong NextBits() => _bits.NextUInt64();

    /// <summary>The generator's state: six words, laid out as the engine generator's <c>get_state()</c> (no spare normal).</summary>
    public ulong[] GetState()
    {
        var (s0, s1, s2, s3) = _bits.State;
        return [s0, s1, s2, s3, 0, 0];
    }

    /// <summary>Restores a state from <see cref="GetState"/>.</summary>
    public void SetState(ulong[] state)
    {
        if (state is null || state.Length != 6) throw new ArgumentException("SeededRandom.SetState: expected the 6-element state returned by GetState().");
        _bits.SetState(state[0], state[1], state[2], state[3]);
    }

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
