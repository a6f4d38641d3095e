using System.Reflection;

namespace CourseKit.Checks.Dqn;

/// <summary>
/// Visible checks of <c>dqn.replay_buffer</c>: a class <c>SimpleReplayBuffer(int capacity)</c> with
/// <c>Count</c>, <c>Insert(float[] obs, int action, double reward, float[] nextObs, bool done)</c> and
/// <c>Sample(int batchSize, Random rng)</c> returning a list of transitions.
/// </summary>
[ExerciseChecks("dqn.replay_buffer")]
public static class ReplayBufferChecks
{
    /// <summary>The self-check cell: <c>ReplayBufferChecks.Run(typeof(SimpleReplayBuffer));</c></summary>
    public static SelfCheckReport Run(Type bufferType) => SelfCheck.Run("dqn.replay_buffer", bufferType);

    /// <summary>Count grows to the capacity and stays there; the oldest transition is overwritten first.</summary>
    [Check(Description = "keeps the newest `capacity` transitions")]
    public static void RingKeepsNewest(Type t)
    {
        var buf = ReplayBufferProbe.Create(t, 3);
        for (int i = 0; i < 5; i++)
        {
            ReplayBufferProbe.Insert(buf, i);
            Expect.Equal(Math.Min(i + 1, 3), ReplayBufferProbe.Count(buf), $"Count after {i + 1} inserts into a buffer of capacity 3");
        }
        var ids = ReplayBufferProbe.SampleIds(buf, 3, new Random(0)).Order().ToArray();
        Expect.Equal("2, 3, 4", string.Join(", ", ids), "the observations held after inserting 0..4 into a buffer of capacity 3 (sampled all 3)");
    }

    /// <summary>A sample holds distinct transitions with their fields kept together.</summary>
    [Check(Description = "samples distinct, intact transitions")]
    public static void SamplesDistinct(Type t)
    {
        var buf = ReplayBufferProbe.Create(t, 100);
        for (int i = 0; i < 50; i++) ReplayBufferProbe.Insert(buf, i);
        var rng = new Random(1);
        for (int round = 0; round < 20; round++)
        {
            var batch = ReplayBufferProbe.Sample(buf, 16, rng);
            Expect.Equal(16, batch.Count, "number of transitions returned by Sample(16, rng)");
            Expect.Equal(16, batch.Select(x => x.id).Distinct().Count(), "distinct transitions in one Sample(16, rng) call (sample without replacement)");
            foreach (var x in batch)
                Expect.True(x.intact, $"transition with observation {x.id}: action, reward, next observation or done do not belong to it. Store each transition's fields together.");
        }
    }
}

/// <summary>Drives a student's replay-buffer class by reflection, so checks work with any field layout.</summary>
public static class ReplayBufferProbe
{
    /// <summary>Creates the buffer with its (int capacity) constructor.</summary>
    public static object Create(Type t, int capacity)
    {
        var ctor = t.GetConstructor([typeof(int)]) ?? throw new CheckFailedException($"{t.Name} needs a public constructor {t.Name}(int capacity).");
        return Invoke(() => ctor.Invoke([capacity]))!;
    }

    /// <summary>Inserts transition number <paramref name="id"/>: obs [id, id], action id % 2, reward id, next obs [id+1, id+1], done every 7th.</summary>
    public static void Insert(object buf, int id) =>
        Invoke(() => Method(buf, "Insert", typeof(float[]), typeof(int), typeof(double), typeof(float[]), typeof(bool))
            .Invoke(buf, [new float[] { id, id }, id % 2, (double)id, new float[] { id + 1, id + 1 }, id % 7 == 0]));

    /// <summary>The buffer's Count property.</summary>
    public static int Count(object buf)
    {
        var p = buf.GetType().GetProperty("Count") ?? throw new CheckFailedException($"{buf.GetType().Name} needs a public int Count property.");
        return (int)Invoke(() => p.GetValue(buf))!;
    }

    /// <summary>Samples and decodes each transition: its id and whether its fields belong together.</summary>
    public static List<(int id, bool intact)> Sample(object buf, int batch, Random rng)
    {
        var result = Invoke(() => Method(buf, "Sample", typeof(int), typeof(Random)).Invoke(buf, [batch, rng]));
        if (result is not System.Collections.IEnumerable items) throw new CheckFailedException("Sample must return a list of transitions.");
        var decoded = new List<(int, bool)>();
        foreach (var item in items)
        {
            var fields = item?.GetType().GetFields().Where(f => f.Name.StartsWith("Item")).OrderBy(f => f.Name).Select(f => f.GetValue(item)).ToArray();
            if (fields is { Length: 5 } && fields[0] is null && fields[1] is int && fields[2] is double)
                throw new CheckFailedException("Sample returned an empty slot (its observation is null): pick indices below Count, the transitions actually stored, not below the capacity.");
            if (fields is not { Length: 5 } || fields[0] is not float[] o || fields[1] is not int a || fields[2] is not double r || fields[3] is not float[] n || fields[4] is not bool d)
                throw new CheckFailedException("Sample must return (float[] obs, int action, double reward, float[] nextObs, bool done) tuples.");
            int id = (int)o[0];
            decoded.Add((id, a == id % 2 && r == id && n[0] == id + 1 && d == (id % 7 == 0)));
        }
        return decoded;
    }

    /// <summary>The observation ids of a sample.</summary>
    public static IEnumerable<int> SampleIds(object buf, int batch, Random rng) => Sample(buf, batch, rng).Select(x => x.id);

    private static MethodInfo Method(object buf, string name, params Type[] args) =>
        buf.GetType().GetMethod(name, args) ?? throw new CheckFailedException(
            $"{buf.GetType().Name} needs a public method {name}({string.Join(", ", args.Select(a => a.Name))}).");

    /// <summary>Unwraps reflection's wrapper so the student sees their own exception.</summary>
    public static object? Invoke(Func<object?> call)
    {
        try { return call(); }
        catch (TargetInvocationException e) when (e.InnerException is not null) { System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException).Throw(); throw; }
    }
}
