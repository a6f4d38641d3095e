namespace CourseKit.Torch;

public static partial class torch
{
    /// <summary>
    /// A seeded pseudo-random generator (xoshiro256**, seeded through SplitMix64): fast, and the same
    /// seed gives the same stream on every machine.
    /// </summary>
    public sealed class Generator
    {
        private Backend.Xoshiro256 _bits;
        private double? _spareNormal;

        /// <summary>Creates a generator with the given seed.</summary>
        public Generator(long seed = 0) => manual_seed(seed);

        /// <summary>Creates a generator with the given seed, as TorchSharp's <c>Generator(ulong)</c> does.</summary>
        public Generator(ulong seed) => manual_seed(unchecked((long)seed));

        /// <summary>The seed this generator was last seeded with.</summary>
        public long initial_seed() => Seed;

        internal long Seed { get; private set; }

        /// <summary>Re-seeds the generator and returns it.</summary>
        public Generator manual_seed(long seed)
        {
            Seed = seed;
            _bits = new Backend.Xoshiro256(seed);
            _spareNormal = null;
            return this;
        }

        /// <summary>The generator's full state (for checkpoints).</summary>
        public ulong[] get_state() => [_bits.State.Item1, _bits.State.Item2, _bits.State.Item3, _bits.State.Item4, _spareNormal is { } s ? BitConverter.DoubleToUInt64Bits(s) : 0, _spareNormal is null ? 0UL : 1UL];

        /// <summary>Restores a state returned by <see cref="get_state"/>.</summary>
        public void set_state(ulong[] state)
        {
            if (state is null || state.Length != 6) throw new ArgumentException("set_state: expected the 6-element state returned by get_state().");
            _bits.SetState(state[0], state[1], state[2], state[3]);
            _spareNormal = state[5] != 0 ? BitConverter.UInt64BitsToDouble(state[4]) : null;
        }

        internal ulong NextUInt64() => _bits.NextUInt64();

        /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
        internal double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

        /// <summary>Uniform integer in [0, n) without modulo bias.</summary>
        internal long NextInt64(long n) => _bits.NextInt64(n);

        /// <summary>Standard normal sample (Marsaglia polar method; the spare value is kept).</summary>
        internal double NextNormal()
        {
            if (_spareNormal is { } s) { _spareNormal = null; return s; }
            double u, v, q;
            do
            {
                u = 2 * NextDouble() - 1;
                v = 2 * NextDouble() - 1;
                q = u * u + v * v;
            } while (q >= 1 || q == 0);
            double f = Math.Sqrt(-2 * Math.Log(q) / q);
            _spareNormal = v * f;
            return u * f;
        }
    }

    /// <summary>The generator used when none is passed: seed it with <see cref="manual_seed"/>.</summary>
    public static Generator default_generator { get; } = new(0);

    /// <summary>Seeds the default generator, so initialisation, sampling and shuffling become reproducible.</summary>
    public static Generator manual_seed(long seed) => default_generator.manual_seed(seed);

    /// <summary>The seed of the default generator.</summary>
    public static long initial_seed() => default_generator.initial_seed();

    /// <summary>The default generator's controls, as <c>torch.random</c>.</summary>
    public static class random
    {
        /// <summary>Seeds the default generator.</summary>
        public static Generator manual_seed(long seed) => default_generator.manual_seed(seed);
        /// <summary>The default generator's seed.</summary>
        public static long initial_seed() => default_generator.initial_seed();
        /// <summary>The default generator's state.</summary>
        public static ulong[] get_rng_state() => default_generator.get_state();
        /// <summary>Restores the default generator's state.</summary>
        public static void set_rng_state(ulong[] state) => default_generator.set_state(state);
    }
}
