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
            buf.Insert(i);
            Expect.Equal(Math.Min(i + 1, 3), buf.Count(), $"Count after {i + 1} inserts into a buffer of capacity 3");
            // Sample(Count) draws every transition held: 0..i while filling, then the newest three.
            buf.Sample(buf.Count(), new Random(i));
        }
    }

    /// <summary>A sample holds distinct transitions with their fields kept together.</summary>
    [Check(Description = "samples distinct, intact transitions")]
    public static void SamplesDistinct(Type t)
    {
        var buf = ReplayBufferProbe.Create(t, 40);
        var rng = new Random(1);
        for (int i = 0; i < 50; i++)
        {
            buf.Insert(i);
            if (i % 5 == 4) buf.Sample(Math.Min(16, buf.Count()), rng);   // half full, then wrapped around
        }
    }
}

/// <summary>
/// Drives a student's replay-buffer class by reflection, as a training loop would: every array handed to
/// Insert is overwritten by the caller right after the call, and every sample is checked for every rule
/// (stored slots only, copies, distinct transitions, fields kept together, only the newest <c>capacity</c>).
/// </summary>
public sealed class ReplayBufferProbe
{
    readonly object _buffer;
    readonly int _capacity;
    int _inserted;

    ReplayBufferProbe(object buffer, int capacity) { _buffer = buffer; _capacity = capacity; }

    /// <summary>Creates the buffer with its (int capacity) constructor.</summary>
    public static ReplayBufferProbe Create(Type t, int capacity)
    {
        var ctor = t.GetConstructor([typeof(int)]) ?? throw new CheckFailedException($"{t.Name} needs a public constructor {t.Name}(int capacity).");
        return new ReplayBufferProbe(Invoke(() => ctor.Invoke([capacity]))!, capacity);
    }

    /// <summary>The student's buffer object.</summary>
    public object Buffer => _buffer;

    /// <summary>
    /// Inserts transition number <paramref name="id"/>: obs [id, id], action id % 2, reward id, next obs [id+1, id+1], done every 7th.
    /// Then, like an environment loop reusing its arrays, overwrites both arrays with −1.
    /// </summary>
    public void Insert(int id)
    {
        float[] obs = [id, id], next = [id + 1, id + 1];
        Invoke(() => Method("Insert", typeof(float[]), typeof(int), typeof(double), typeof(float[]), typeof(bool))
            .Invoke(_buffer, [obs, id % 2, (double)id, next, id % 7 == 0]));
        _inserted++;
        Array.Fill(obs, -1f);
        Array.Fill(next, -1f);
    }

    /// <summary>The buffer's Count property.</summary>
    public int Count()
    {
        var p = _buffer.GetType().GetProperty("Count") ?? throw new CheckFailedException($"{_buffer.GetType().Name} needs a public int Count property.");
        return (int)Invoke(() => p.GetValue(_buffer))!;
    }

    /// <summary>Calls Sample and checks every rule of a sample; returns the observation ids drawn.</summary>
    public List<int> Sample(int batch, Random rng)
    {
        string call = $"Sample({batch}, rng) after inserting transitions 0..{_inserted - 1} into a buffer of capacity {_capacity}";
        var result = Invoke(() => Method("Sample", typeof(int), typeof(Random)).Invoke(_buffer, [batch, rng]));
        if (result is not System.Collections.IEnumerable items) throw new CheckFailedException($"{call} must return a list of transitions.");
        int oldest = Math.Max(0, _inserted - _capacity);
        var ids = new List<int>();
        foreach (var item in items)
        {
            var fields = item?.GetType().GetFields().Where(f => f.Name.StartsWith("Item")).OrderBy(f => f.Name).Select(f => f.GetValue(item)).ToArray();
            if (fields is { Length: 5 } && fields[0] is null && fields[1] is int && fields[2] is double)
                throw new CheckFailedException($"{call} returned an empty slot (its observation is null): draw indices below Count, the transitions actually stored, not below the capacity.");
            if (fields is not { Length: 5 } || fields[0] is not float[] o || fields[1] is not int a || fields[2] is not double r || fields[3] is not float[] n || fields[4] is not bool d)
                throw new CheckFailedException($"{call} must return (float[] obs, int action, double reward, float[] nextObs, bool done) tuples.");
            if (o.Length != 2 || n.Length != 2) throw new CheckFailedException($"{call} returned observations of length {o.Length} and {n.Length}; each was 2 long.");
            if (o[0] == -1f || n[0] == -1f)
                throw new CheckFailedException($"{call}: a transition holds {Expect.Show(o)} and {Expect.Show(n)}, what the caller wrote into its arrays AFTER Insert returned. " +
                    "Insert must keep copies of the arrays ((float[])obs.Clone()), not references to the caller's arrays, which the caller reuses.");
            int id = (int)r;
            if (!(o[0] == id && a == id % 2 && n[0] == id + 1 && d == (id % 7 == 0)))
                throw new CheckFailedException($"{call}: a transition holds obs [{Expect.Show(o)}], action {a}, reward {Expect.Show(r)}, next obs [{Expect.Show(n)}], done {d}; " +
                    $"the transition inserted with reward {id} was obs [{id}, {id}], action {id % 2}, next obs [{id + 1}, {id + 1}], done {id % 7 == 0}. Store each transition's fields together.");
            if (id < oldest || id >= _inserted)
                throw new CheckFailedException($"{call} returned transition {id}, but the buffer should hold only the newest {_capacity}, {oldest}..{_inserted - 1}: " +
                    "once full, each Insert overwrites the OLDEST transition (a ring: the write index wraps around to 0).");
            ids.Add(id);
        }
        Expect.True(ids.Count == batch, $"{call} returned {Expect.Count(ids.Count, "transition")}; expected {batch}.");
        var twice = ids.GroupBy(i => i).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Expect.True(twice.Count == 0, $"{call} returned transition {string.Join(", ", twice)} more than once ({Expect.Show(ids)}): " +
            "sample WITHOUT replacement, batchSize distinct transitions.");
        return ids;
    }

    MethodInfo Method(string name, params Type[] args) =>
        _buffer.GetType().GetMethod(name, args) ?? throw new CheckFailedException(
            $"{_buffer.GetType().Name} needs a public method {name}({string.Join(", ", args.Select(a => a.Name))}).");

    /// <summary>Unwraps reflection's wrapper so the student sees their own exception.</summary>
    public static object? Invoke(Func<object?> call)
    {
        try { return call(); }
        catch (TargetInvocationException e) when (e.InnerException is not null) { System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException).Throw(); throw; }
    }
}
