using CourseKit.Rl;

namespace CourseKit.Buffers;

/// <summary>
/// Expert demonstrations read by <see cref="DemonstrationFile.Read"/>: every step of every episode, back to back,
/// as flat row-major arrays (step t's observation is <c>Observations[t*ObsDim .. (t+1)*ObsDim)</c>).
/// <see cref="Episodes"/> cuts them into trajectories for <see cref="TrajectoryDataset.AddRollouts"/>.
/// </summary>
public sealed class Demonstrations
{
    internal Demonstrations(DemonstrationInfo info, float[] observations, float[] nextObservations, float[] actions, float[] rewards, bool[] terminals, bool[] episodeStarts)
    {
        Info = info;
        Observations = observations;
        NextObservations = nextObservations;
        Actions = actions;
        Rewards = rewards;
        Terminals = terminals;
        EpisodeStarts = episodeStarts;
    }

    /// <summary>The sidecar: env, expert, seeds, counts, return statistics.</summary>
    public DemonstrationInfo Info { get; }
    /// <summary>Observation before each step, [Steps × ObsDim].</summary>
    public float[] Observations { get; }
    /// <summary>Observation after each step, [Steps × ObsDim].</summary>
    public float[] NextObservations { get; }
    /// <summary>The expert's action at each step, [Steps × ActDim].</summary>
    public float[] Actions { get; }
    /// <summary>Reward of each step.</summary>
    public float[] Rewards { get; }
    /// <summary>True where the step ended the task (not where a time limit cut the episode).</summary>
    public bool[] Terminals { get; }
    /// <summary>True where the step is the first of an episode.</summary>
    public bool[] EpisodeStarts { get; }
    /// <summary>Steps held.</summary>
    public int Steps => Rewards.Length;
    /// <summary>Observation size.</summary>
    public int ObsDim => Info.ObsDim;
    /// <summary>Action size.</summary>
    public int ActDim => Info.ActDim;

    /// <summary>The first <paramref name="count"/> episodes (all when null) as trajectories, in recorded order.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is below 1 or above the episodes held.</exception>
    public List<Trajectory<float[], float[]>> Episodes(int? count = null)
    {
        int total = Info.Episodes, take = count ?? total;
        if (take < 1 || take > total)
            throw new ArgumentOutOfRangeException(nameof(count), count, $"Demonstrations.Episodes: ask for 1 to {total} episodes (the file holds {total}).");
        var result = new List<Trajectory<float[], float[]>>(take);
        int start = 0;
        for (int e = 0; e < take; e++)
        {
            int end = start + 1;
            while (end < Steps && !EpisodeStarts[end]) end++;
            int n = end - start;
            var obs = new float[n][]; var next = new float[n][]; var act = new float[n][];
            for (int i = 0; i < n; i++)
            {
                obs[i] = Observations.AsSpan((start + i) * ObsDim, ObsDim).ToArray();
                next[i] = NextObservations.AsSpan((start + i) * ObsDim, ObsDim).ToArray();
                act[i] = Actions.AsSpan((start + i) * ActDim, ActDim).ToArray();
            }
            var rewards = Rewards.AsSpan(start, n).ToArray().Select(r => (double)r).ToArray();
            var terminals = Terminals.AsSpan(start, n).ToArray();
            result.Add(new Trajectory<float[], float[]>(obs, act, rewards, next, terminals, Truncated: !terminals[^1]));
            start = end;
        }
        return result;
    }
}
