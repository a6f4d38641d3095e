using System.Numerics;

namespace CourseKit.Envs;

/// <summary>
/// A port of NumPy's <c>np.random.default_rng(seed)</c> (Generator over PCG64) for the draws the
/// environments need. Same seed, same numbers as NumPy: <c>Random</c>, <c>Uniform</c>, <c>Integers</c>
/// and <c>Choice</c> reproduce NumPy bit for bit; <see cref="StandardNormal"/> does not (see there).
/// </summary>
public sealed class NumpyRandom
{
    readonly Pcg64 _bits;

    /// <summary>The seed this generator started from (a random 128-bit number when none was given).</summary>
    public BigInteger Seed { get; }

    /// <summary>Like <c>np.random.default_rng(seed)</c>; <paramref name="seed"/> must be non-negative.</summary>
    public NumpyRandom(long seed) : this(new BigInteger(seed)) { }

    /// <summary>Like <c>np.random.default_rng(seed)</c> for a seed of any size.</summary>
    public NumpyRandom(BigInteger seed)
    {
        if (seed.Sign < 0)
            throw new ArgumentOutOfRangeException(nameof(seed), seed, "a seed must be a non-negative integer (as in NumPy and Gymnasium)");
        Seed = seed;
        _bits = new Pcg64(seed);
    }

    /// <summary>A generator seeded from operating-system entropy (NumPy's <c>default_rng()</c>).</summary>
    public static NumpyRandom FromEntropy()
    {
        Span<byte> bytes = stackalloc byte[16];
        System.Security.Cryptography.RandomNumberGenerator.Fill(bytes);
        return new NumpyRandom(new BigInteger(bytes, isUnsigned: true));
    }

    /// <summary>The next raw 64-bit output of the PCG64 bit generator.</summary>
    public ulong NextUInt64() => _bits.NextUInt64();

    /// <summary>A uniform double in [0, 1), like <c>rng.random()</c>.</summary>
    public double Random() => _bits.NextDouble();

    /// <summary>A uniform double in [low, high), computed as NumPy does: <c>low + (high - low) * random()</c>.</summary>
    public double Uniform(double low, double high)
    {
        double range = high - low;
        if (!double.IsFinite(range))
            throw new ArgumentOutOfRangeException(nameof(high), $"Uniform({low}, {high}): the range high - low must be finite");
        return low + range * _bits.NextDouble();
    }

    /// <summary>A uniform integer in [low, high), like <c>rng.integers(low, high)</c> (int64, Lemire's method).</summary>
    public long Integers(long low, long high)
    {
        if (high <= low)
            throw new ArgumentOutOfRangeException(nameof(high), $"Integers({low}, {high}): high must be greater than low");
        ulong range = (ulong)(high - low) - 1; // NumPy works on the closed interval [low, low + range]
        return low + (long)BoundedUInt64(range);
    }

    /// <summary>A uniform integer in [0, high), like <c>rng.integers(high)</c>.</summary>
    public long Integers(long high) => Integers(0, high);

    /// <summary>
    /// An index drawn with probabilities <paramref name="p"/>, like <c>rng.choice(len(p), p=p)</c>:
    /// the cumulative sum is normalised and searched (side "right") with one <see cref="Random"/> draw.
    /// </summary>
    public int Choice(ReadOnlySpan<double> p)
    {
        if (p.Length == 0) throw new ArgumentException("Choice needs at least one probability", nameof(p));
        Span<double> cdf = p.Length <= 64 ? stackalloc double[p.Length] : new double[p.Length];
        double sum = 0;
        for (int i = 0; i < p.Length; i++)
        {
            if (!(p[i] >= 0)) throw new ArgumentException($"Choice: probability {p[i]} at index {i} is not a non-negative number", nameof(p));
            sum += p[i];
            cdf[i] = sum;
        }
        double total = cdf[^1];
        for (int i = 0; i < cdf.Length; i++) cdf[i] /= total;
        double u = Random();
        int index = 0;
        while (index < cdf.Length && cdf[index] <= u) index++;
        return index;
    }

    /// <summary>
    /// A standard normal draw. Uses the polar method, not NumPy's ziggurat, so the numbers differ
    /// from NumPy's <c>standard_normal</c>; only the distribution is the same.
    /// </summary>
    public double StandardNormal()
    {
        double u, v, s;
        do
        {
            u = 2 * Random() - 1;
            v = 2 * Random() - 1;
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        return u * Math.Sqrt(-2 * Math.Log(s) / s);
    }

    /// <summary>An exponential draw with scale 1 (inverse transform; not NumPy's ziggurat).</summary>
    public double StandardExponential() => -Math.Log(1 - Random());

    // NumPy's random_bounded_uint64 without masking: 32-bit Lemire when the range fits, else 64-bit.
    ulong BoundedUInt64(ulong range)
    {
        if (range == 0) return 0;
        if (range == uint.MaxValue) return _bits.NextUInt32();
        if (range < uint.MaxValue) return BoundedLemire32((uint)range);
        if (range == ulong.MaxValue) return _bits.NextUInt64();
        return BoundedLemire64(range);
    }

    uint BoundedLemire32(uint range)
    {
        uint exclusive = range + 1;
        ulong m = (ulong)_bits.NextUInt32() * exclusive;
        uint leftover = (uint)m;
        if (leftover < exclusive)
        {
            uint threshold = (uint.MaxValue - range) % exclusive;
            while (leftover < threshold)
            {
                m = (ulong)_bits.NextUInt32() * exclusive;
                leftover = (uint)m;
            }
        }
        return (uint)(m >> 32);
    }

    ulong BoundedLemire64(ulong range)
    {
        ulong exclusive = range + 1;
        ulong high = Math.BigMul(_bits.NextUInt64(), exclusive, out ulong leftover);
        if (leftover < exclusive)
        {
            ulong threshold = (ulong.MaxValue - range) % exclusive;
            while (leftover < threshold)
                high = Math.BigMul(_bits.NextUInt64(), exclusive, out leftover);
        }
        return high;
    }
}
