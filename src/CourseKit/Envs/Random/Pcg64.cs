namespace CourseKit.Envs;

/// <summary>
/// The PCG64 (XSL-RR 128/64) bit generator NumPy's <c>default_rng</c> uses, seeded through
/// <see cref="SeedSequence"/> exactly as <c>np.random.PCG64(seed)</c> is.
/// </summary>
public sealed class Pcg64
{
    static readonly UInt128 Multiplier = new(2549297995355413924UL, 4865540595714422341UL);

    UInt128 _state, _increment;
    // NumPy hands out 32-bit draws in pairs from one 64-bit output; the spare half waits here.
    bool _hasSpareUInt32;
    uint _spareUInt32;

    /// <summary>Seeds like <c>np.random.PCG64(np.random.SeedSequence(seed))</c>.</summary>
    public Pcg64(System.Numerics.BigInteger seed)
    {
        var words = SeedSequence.GenerateState64(seed, 4);
        SetSeed(new UInt128(words[0], words[1]), new UInt128(words[2], words[3]));
    }

    void SetSeed(UInt128 initState, UInt128 initSequence)
    {
        _state = 0;
        _increment = (initSequence << 1) | 1;
        Advance();
        _state += initState;
        Advance();
    }

    void Advance() => _state = _state * Multiplier + _increment;

    /// <summary>The next raw 64-bit output (NumPy's <c>next_uint64</c>).</summary>
    public ulong NextUInt64()
    {
        Advance();
        ulong high = (ulong)(_state >> 64), low = (ulong)_state;
        int rotation = (int)(high >> 58);
        return ulong.RotateRight(high ^ low, rotation);
    }

    /// <summary>The next 32-bit output (NumPy's <c>next_uint32</c>: low half first, then the high half).</summary>
    public uint NextUInt32()
    {
        if (_hasSpareUInt32)
        {
            _hasSpareUInt32 = false;
            return _spareUInt32;
        }
        ulong next = NextUInt64();
        _hasSpareUInt32 = true;
        _spareUInt32 = (uint)(next >> 32);
        return (uint)next;
    }

    /// <summary>A uniform double in [0, 1) with 53 random bits (NumPy's <c>next_double</c>).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / 9007199254740992.0);
}
