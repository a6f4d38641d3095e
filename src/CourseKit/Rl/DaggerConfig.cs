namespace CourseKit.Rl;

/// <summary>
/// The settings of DAgger's outer loop in one record, so a loop written in a notebook cell (and graded on its
/// own) takes them as one argument. Iteration 0 trains on the expert's demonstrations (behavioural cloning);
/// iterations 1 … <see cref="Iterations"/> each collect, relabel, aggregate and train.
/// </summary>
/// <param name="Iterations">DAgger iterations after iteration 0; the learner is trained <c>Iterations + 1</c> times.</param>
/// <param name="StepsPerIteration">Env steps collected with the mixture policy in each iteration i ≥ 1.</param>
/// <param name="TrainSteps">Gradient steps on the aggregated dataset after each iteration's aggregation.</param>
/// <param name="BatchSize">Pairs per minibatch (fewer while the dataset holds fewer).</param>
/// <param name="LearningRate">The optimizer's step size (used by whoever builds the train step).</param>
/// <param name="BetaDecay">β_i = BetaDecay^i: the expert's share of the actions in iteration i (<see cref="Beta"/>).</param>
public sealed record DaggerConfig(
    int Iterations = 10,
    int StepsPerIteration = 400,
    int TrainSteps = 1_000,
    int BatchSize = 100,
    double LearningRate = 5e-3,
    double BetaDecay = 0.5)
{
    /// <summary>β_i = BetaDecay^i as a schedule over iterations: 1 at iteration 0, then decaying towards the learner alone.</summary>
    public ISchedule Beta() => new DecaySchedule(BetaDecay);

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first setting that cannot work; returns the config otherwise.</summary>
    public DaggerConfig Validate()
    {
        if (Iterations < 0) throw new ArgumentException($"DaggerConfig: Iterations must be 0 or more, not {Iterations}.");
        if (StepsPerIteration < 1) throw new ArgumentException($"DaggerConfig: StepsPerIteration must be at least 1, not {StepsPerIteration}.");
        if (TrainSteps < 0) throw new ArgumentException($"DaggerConfig: TrainSteps must be 0 or more, not {TrainSteps}.");
        if (BatchSize < 1) throw new ArgumentException($"DaggerConfig: BatchSize must be at least 1, not {BatchSize}.");
        if (BetaDecay is < 0 or > 1) throw new ArgumentException($"DaggerConfig: BetaDecay must lie in [0, 1], not {BetaDecay}.");
        return this;
    }

    /// <summary>decay^t: a geometric schedule starting at 1.</summary>
    private sealed record DecaySchedule(double Decay) : ISchedule
    {
        public double Value(long t) => Math.Pow(Decay, t);
    }
}
