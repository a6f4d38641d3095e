using System.Numerics;

namespace CourseKit.Envs;

/// <summary>
/// NumPy's <c>SeedSequence</c>: turns a seed (any non-negative integer) into well-mixed state words.
/// Ported so that <c>Reset(seed: s)</c> starts from exactly the state Gymnasium draws for the same seed.
/// </summary>
public static class SeedSequence
{
    const uint InitA = 0x43b0d7e5, MultA = 0x931e8875, InitB = 0x8b51f9dd, MultB = 0x58f38ded;
    const uint MixMultL = 0xca01f9dd, MixMultR = 0x4973f715;
    const int XShift = 16;
    const int PoolSize = 4;

    /// <summary>The 64-bit words NumPy's <c>SeedSequence(entropy).generate_state(count, np.uint64)</c> returns.</summary>
    public static ulong[] GenerateState64(BigInteger entropy, int count)
    {
        var words32 = GenerateState32(entropy, 2 * count);
        var words = new ulong[count];
        for (int i = 0; i < count; i++) words[i] = words32[2 * i] | ((ulong)words32[2 * i + 1] << 32);
        return words;
    }

    /// <summary>The 32-bit words NumPy's <c>SeedSequence(entropy).generate_state(count)</c> returns.</summary>
    public static uint[] GenerateState32(BigInteger entropy, int count)
    {
        var pool = MixEntropy(ToUInt32Words(entropy));
        var state = new uint[count];
        uint hashConst = InitB;
        for (int i = 0; i < count; i++)
        {
            uint value = pool[i % PoolSize];
            value ^= hashConst;
            hashConst *= MultB;
            value *= hashConst;
            value ^= value >> XShift;
            state[i] = value;
        }
        return state;
    }

    // NumPy splits the integer into little-endian 32-bit words; zero is one word.
    static uint[] ToUInt32Words(BigInteger entropy)
    {
        if (entropy.Sign < 0) throw new ArgumentOutOfRangeException(nameof(entropy), entropy, "a seed must be a non-negative integer");
        var words = new List<uint>();
        do
        {
            words.Add((uint)(entropy & uint.MaxValue));
            entropy >>= 32;
        } while (entropy > 0);
        return [.. words];
    }

    static uint[] MixEntropy(uint[] entropy)
    {
        var mixer = new uint[PoolSize];
        uint hashConst = InitA;
        for (int i = 0; i < PoolSize; i++)
            mixer[i] = HashMix(i < entropy.Length ? entropy[i] : 0u, ref hashConst);
        for (int src = 0; src < PoolSize; src++)
            for (int dst = 0; dst < PoolSize; dst++)
                if (src != dst) mixer[dst] = Mix(mixer[dst], HashMix(mixer[src], ref hashConst));
        for (int src = PoolSize; src < entropy.Length; src++)
            for (int dst = 0; dst < PoolSize; dst++)
                mixer[dst] = Mix(mixer[dst], HashMix(entropy[src], ref hashConst));
        return mixer;
    }

    static uint HashMix(uint value, ref uint hashConst)
    {
        value ^= hashConst;
        hashConst *= MultA;
        value *= hashConst;
        value ^= value >> XShift;
        return value;
    }

    static uint Mix(uint x, uint y)
    {
        uint result = MixMultL * x - MixMultR * y;
        result ^= result >> XShift;
        return result;
    }
}
