using CourseKit.Torch.Modules;

namespace CourseKit.Torch;

public static partial class torch
{
    /// <summary>Probability distributions, as <c>torch.distributions</c>.</summary>
    public static class distributions
    {
        /// <summary>A normal distribution with mean <paramref name="loc"/> and standard deviation <paramref name="scale"/> (broadcast together).</summary>
        public static Normal Normal(Tensor loc, Tensor scale, Generator? generator = null) => new(loc, scale, generator);

        /// <summary>A categorical distribution over the last dim, given either <paramref name="probs"/> or <paramref name="logits"/>.</summary>
        public static Categorical Categorical(Tensor? probs = null, Tensor? logits = null, Generator? generator = null) => new(probs, logits, generator);

        /// <summary>The common surface of the course's distributions.</summary>
        public abstract class Distribution
        {
            private protected readonly Generator? _generator;
            private protected Distribution(Generator? generator) => _generator = generator;
            private protected Generator Rng => _generator ?? default_generator;

            /// <summary>A sample (no gradient).</summary>
            public abstract Tensor sample(params long[] sample_shape);
            /// <summary>The log-density (or log-probability) of <paramref name="value"/>.</summary>
            public abstract Tensor log_prob(Tensor value);
            /// <summary>The entropy.</summary>
            public abstract Tensor entropy();
            /// <summary>The mean.</summary>
            public abstract Tensor mean { get; }
        }
    }
}
