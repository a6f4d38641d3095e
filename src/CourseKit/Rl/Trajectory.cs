namespace CourseKit.Rl;

/// <summary>
/// One recorded episode (or part of one), step by step: what was seen, done and received. Arrays are
/// aligned: step t went from <c>Observations[t]</c> with <c>Actions[t]</c> to <c>NextObservations[t]</c>.
/// </summary>
/// <param name="Observations">Observation before each step.</param>
/// <param name="Actions">Action taken at each step.</param>
/// <param name="Rewards">Reward of each step.</param>
/// <param name="NextObservations">Observation after each step.</param>
/// <param name="Terminals">True on a step that terminated the task. A rollout also stops on truncation, but truncation is not stored as terminal.</param>
/// <param name="Truncated">True when the rollout ended because of a time limit or the maximum length rather than a terminal state.</param>
public sealed record Trajectory<TObs, TAct>(
    TObs[] Observations,
    TAct[] Actions,
    double[] Rewards,
    TObs[] NextObservations,
    bool[] Terminals,
    bool Truncated)
{
    /// <summary>Number of steps.</summary>
    public int Length => Rewards.Length;

    /// <summary>Sum of rewards (undiscounted return).</summary>
    public double Return => Rewards.Sum();

    /// <inheritdoc />
    public override string ToString() => $"Trajectory(length={Length}, return={Return:G6}, {(Truncated ? "truncated" : Terminals.LastOrDefault() ? "terminated" : "open")})";
}
