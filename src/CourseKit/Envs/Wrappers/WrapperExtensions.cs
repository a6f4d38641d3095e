namespace CourseKit.Envs;

/// <summary>Fluent ways to wrap an env: <c>new CartPoleEnv().WithTimeLimit(500).WithEpisodeStatistics()</c>.</summary>
public static class WrapperExtensions
{
    /// <summary>Wraps in <see cref="TimeLimit{TObs, TAct}"/>.</summary>
    public static TimeLimit<TObs, TAct> WithTimeLimit<TObs, TAct>(this Env<TObs, TAct> env, int maxEpisodeSteps) => new(env, maxEpisodeSteps);

    /// <summary>Wraps in <see cref="RecordEpisodeStatistics{TObs, TAct}"/>.</summary>
    public static RecordEpisodeStatistics<TObs, TAct> WithEpisodeStatistics<TObs, TAct>(this Env<TObs, TAct> env, int bufferLength = 100) => new(env, bufferLength);

    /// <summary>Wraps in <see cref="ClipReward{TObs, TAct}"/>.</summary>
    public static ClipReward<TObs, TAct> WithClippedReward<TObs, TAct>(this Env<TObs, TAct> env, double? min = -1.0, double? max = 1.0) => new(env, min, max);

    /// <summary>Wraps in <see cref="FrameStack{TAct}"/>.</summary>
    public static FrameStack<TAct> WithFrameStack<TAct>(this Env<float[], TAct> env, int stackSize, bool padWithZeros = false) => new(env, stackSize, padWithZeros);

    /// <summary>Wraps in <see cref="MaxAndSkip{TAct}"/>.</summary>
    public static MaxAndSkip<TAct> WithMaxAndSkip<TAct>(this Env<float[], TAct> env, int skip = 4) => new(env, skip);

    /// <summary>Wraps in <see cref="RescaleObservation{TAct}"/>.</summary>
    public static RescaleObservation<TAct> WithRescaledObservations<TAct>(this Env<float[], TAct> env, float min = 0f, float max = 1f) => new(env, min, max);

    /// <summary>Wraps in <see cref="NormalizeObservation{TAct}"/>.</summary>
    public static NormalizeObservation<TAct> WithNormalizedObservations<TAct>(this Env<float[], TAct> env, double epsilon = 1e-8) => new(env, epsilon);

    /// <summary>Wraps in <see cref="DiscretizeActions{TObs}"/> with <paramref name="binsPerDimension"/> bins per action dimension.</summary>
    public static DiscretizeActions<TObs> WithDiscreteActions<TObs>(this Env<TObs, float[]> env, int binsPerDimension) => new(env, binsPerDimension);

    /// <summary>Wraps in <see cref="DiscretizeActions{TObs}"/> with an explicit list of continuous actions.</summary>
    public static DiscretizeActions<TObs> WithDiscreteActions<TObs>(this Env<TObs, float[]> env, IReadOnlyList<float[]> actions) => new(env, actions);
}
