namespace CourseKit.Rl;

/// <summary>
/// Every setting of the course's DQN in one record, so a training loop written in a notebook cell (and
/// graded on its own) can take them as one argument. Steps are environment steps, counted from 0.
/// </summary>
/// <param name="TotalSteps">Environment steps to train for.</param>
/// <param name="BufferSize">Transitions the replay buffer keeps.</param>
/// <param name="BatchSize">Transitions per gradient step.</param>
/// <param name="Gamma">Discount factor.</param>
/// <param name="LearningRate">The optimizer's step size.</param>
/// <param name="Hidden">Units in each hidden layer of the Q-network.</param>
/// <param name="LearningStarts">No gradient step before this env step: the buffer first fills with exploratory data.</param>
/// <param name="TrainEvery">A gradient step every this many env steps.</param>
/// <param name="TargetSyncEvery">A hard copy of the online network into the target network every this many env steps.</param>
/// <param name="EpsilonStart">ε at step 0.</param>
/// <param name="EpsilonEnd">ε after <paramref name="EpsilonDecaySteps"/> steps, and from then on.</param>
/// <param name="EpsilonDecaySteps">Steps over which ε falls linearly.</param>
/// <param name="EvalEvery">A greedy evaluation every this many env steps, once learning has started.</param>
/// <param name="EvalEpisodes">Episodes per evaluation.</param>
public sealed record DqnConfig(
    int TotalSteps = 100_000,
    int BufferSize = 50_000,
    int BatchSize = 64,
    float Gamma = 0.99f,
    double LearningRate = 1e-3,
    int Hidden = 64,
    int LearningStarts = 1_000,
    int TrainEvery = 1,
    int TargetSyncEvery = 500,
    double EpsilonStart = 1.0,
    double EpsilonEnd = 0.02,
    int EpsilonDecaySteps = 10_000,
    int EvalEvery = 2_500,
    int EvalEpisodes = 20)
{
    /// <summary>ε as CS285 schedules it: linear from <see cref="EpsilonStart"/> to <see cref="EpsilonEnd"/>, then constant.</summary>
    public PiecewiseSchedule Exploration() =>
        new([(0, EpsilonStart), (EpsilonDecaySteps, EpsilonEnd)], outsideValue: EpsilonEnd);

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first setting that cannot work; returns the config otherwise.</summary>
    public DqnConfig Validate()
    {
        Positive(TotalSteps, nameof(TotalSteps));
        Positive(BufferSize, nameof(BufferSize));
        Positive(BatchSize, nameof(BatchSize));
        Positive(Hidden, nameof(Hidden));
        Positive(TrainEvery, nameof(TrainEvery));
        Positive(TargetSyncEvery, nameof(TargetSyncEvery));
        Positive(EvalEvery, nameof(EvalEvery));
        Positive(EvalEpisodes, nameof(EvalEpisodes));
        if (LearningStarts < 0) throw new ArgumentException($"DqnConfig: LearningStarts is {LearningStarts}; it must be 0 or more.");
        if (LearningStarts < BatchSize)
            throw new ArgumentException($"DqnConfig: LearningStarts ({LearningStarts}) is below BatchSize ({BatchSize}): the first gradient step would sample more transitions than the buffer holds. Raise LearningStarts.");
        if (!(Gamma >= 0 && Gamma <= 1)) throw new ArgumentException($"DqnConfig: Gamma is {Gamma}; a discount lies in [0, 1].");
        if (!(LearningRate > 0)) throw new ArgumentException($"DqnConfig: LearningRate is {LearningRate}; it must be positive.");
        if (!(EpsilonStart is >= 0 and <= 1) || !(EpsilonEnd is >= 0 and <= 1))
            throw new ArgumentException($"DqnConfig: ε runs from {EpsilonStart} to {EpsilonEnd}; a probability lies in [0, 1].");
        if (EpsilonDecaySteps < 1) throw new ArgumentException($"DqnConfig: EpsilonDecaySteps is {EpsilonDecaySteps}; it must be at least 1.");
        return this;
    }

    private static void Positive(int value, string name)
    {
        if (value < 1) throw new ArgumentException($"DqnConfig: {name} is {value}; it must be at least 1.");
    }
}
