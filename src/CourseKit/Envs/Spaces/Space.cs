namespace CourseKit.Envs;

/// <summary>A set of valid observations or actions (Gymnasium's <c>Space</c>): membership, shape, sampling.</summary>
/// <typeparam name="T">The element type: <c>int</c> for <see cref="Discrete"/>, <c>float[]</c> for <see cref="Box"/>.</typeparam>
public abstract class Space<T>
{
    NumpyRandom? _random;

    /// <summary>The shape of one element: <c>[]</c> for a Discrete space, e.g. <c>[4]</c> for CartPole's observations.</summary>
    public abstract int[] Shape { get; }

    /// <summary>Whether <paramref name="value"/> is a member (right shape, inside the bounds, no NaN).</summary>
    public abstract bool Contains(T value);

    /// <summary>A random member, drawn from <paramref name="random"/>.</summary>
    public abstract T Sample(NumpyRandom random);

    /// <summary>A random member from the space's own generator (seed it with <see cref="Seed"/> for repeatable samples).</summary>
    public T Sample() => Sample(_random ??= NumpyRandom.FromEntropy());

    /// <summary>Seeds the space's own generator, like Gymnasium's <c>space.seed(seed)</c>.</summary>
    public void Seed(int seed) => _random = new NumpyRandom(seed);
}
