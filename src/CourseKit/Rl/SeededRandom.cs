namespace CourseKit.Rl;

/// <summary>
/// A <see cref="Random"/> whose full state can be saved and restored (xoshiro256**), so a checkpointed
/// run resumes with exactly the same exploration and sampling.
/// </summary>
public sealed class SeededRandom : Random
{
    private ulong _s0, _s1, _s2, _s3;

    /// <summary>Creates a generator from a seed.</summary>
    public SeededRandom(long seed)
    {
        ulong x = unchecked((ulong)seed);
        _s0 = Mix(ref x); _s1 = Mix(ref x); _s2 = Mix(ref x); _s3 = Mix(ref x);
    }

    private static ulong Mix(ref ulong x)
    {
        ulong z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private ulong NextBits()
    {
        ulong result = ulong.RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0; _s3 ^= _s1; _s1 ^= _s2; _s0 ^= _s3;
        _s2 ^= t;
        _s3 = ulong.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>The generator's state.</summary>
    public ulong[] GetState() => [_s0, _s1, _s2, _s3];

    /// <summary>Restores a state from <see cref="GetState"/>.</summary>
    public void SetState(ulong[] state)
    {
        if (state is not { Length: 4 }) throw new ArgumentException("SeededRandom.SetState: expected the 4 values returned by GetState().");
        (_s0, _s1, _s2, _s3) = (state[0], state[1], state[2], state[3]);
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
        if (maxValue <= 1) return 0;
        ulong n = (ulong)maxValue, threshold = (0UL - n) % n;
        while (true)
        {
            ulong hi = Math.BigMul(NextBits(), n, out ulong lo);
            if (lo >= threshold) return (long)hi;
        }
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
