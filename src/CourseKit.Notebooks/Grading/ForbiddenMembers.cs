using Microsoft.CodeAnalysis;
using CourseKit.Notebooks.Exercises;

namespace CourseKit.Notebooks.Grading;

/// <summary>
/// The library members that answer an exercise, kept with the course's solutions in
/// <c>solutions/forbidden-members.txt</c> (never in the student's cell): CourseKit implements for
/// the later notebooks what the early exercises teach (<c>Rollouts.SampleTrajectory</c>,
/// <c>EpsilonGreedy.Act</c>, <c>Mlp.Build</c>...), and a cell that calls the member implementing its
/// own exercise is refused. One line per exercise:
/// <code>dqn.sample_trajectory: CourseKit.Rl.Rollouts, CourseKit.Rl.Evaluation.Evaluate</code>
/// A type name forbids every member of the type (and its constructors); <c>Type.Member</c> forbids
/// every overload of that member. Blank lines and lines starting with <c>#</c> are comments.
/// </summary>
public sealed class ForbiddenMembers
{
    /// <summary>The file's name inside the solutions folder.</summary>
    public const string FileName = "forbidden-members.txt";

    readonly Dictionary<string, IReadOnlyList<string>> _byExercise;

    ForbiddenMembers(Dictionary<string, IReadOnlyList<string>> byExercise) => _byExercise = byExercise;

    /// <summary>No exercise forbids anything.</summary>
    public static ForbiddenMembers None { get; } = new([]);

    /// <summary>The names forbidden in <paramref name="exerciseId"/>'s cell (empty when none).</summary>
    public IReadOnlyList<string> For(string exerciseId) => _byExercise.GetValueOrDefault(exerciseId) ?? [];

    /// <summary>Every exercise id with a list.</summary>
    public IEnumerable<string> Exercises => _byExercise.Keys.Order(StringComparer.Ordinal);

    /// <summary>
    /// Reads the list beside the solutions; no file means nothing is forbidden (a student's own copy of
    /// the course may ship without it). Every exercise named must have a solution.
    /// </summary>
    /// <exception cref="ExerciseFormatException">A malformed line, a repeated exercise, or an exercise without a solution.</exception>
    public static ForbiddenMembers Load(SolutionStore solutions)
    {
        string path = Path.Combine(solutions.Directory, FileName);
        if (!File.Exists(path)) return None;
        var known = solutions.Ids().ToHashSet();
        var byExercise = new Dictionary<string, IReadOnlyList<string>>();
        string[] lines = File.ReadAllLines(path);
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            int colon = line.IndexOf(':');
            string id = colon > 0 ? line[..colon].Trim() : "";
            var names = colon > 0 ? line[(colon + 1)..].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) : [];
            string where = $"{path}: line {i + 1}";
            if (id.Length == 0 || names.Length == 0)
                throw new ExerciseFormatException($"{where}: expected '<exercise id>: <member>, <member>, ...', got '{line}'.");
            if (!known.Contains(id))
                throw new ExerciseFormatException($"{where}: '{id}' has no solution file in {solutions.Directory}; is the id misspelt?");
            if (!byExercise.TryAdd(id, names))
                throw new ExerciseFormatException($"{where}: '{id}' is listed twice; put all its members on one line.");
        }
        return new ForbiddenMembers(byExercise);
    }

    /// <summary>
    /// The names that resolve to no type or member of the compilation's references (a misspelling, or a
    /// library member that was renamed): each would silently forbid nothing.
    /// </summary>
    public IReadOnlyList<string> Unresolved(Compilation compilation) =>
        _byExercise.SelectMany(e => e.Value.Select(name => (e.Key, name)))
            .Where(x => Resolve(compilation, x.name).Count == 0)
            .Select(x => $"{x.Key}: {x.name}")
            .ToList();

    /// <summary>
    /// The list for code of <paramref name="backend"/>'s edition: the file names CourseKit's engine
    /// (<c>CourseKit.Torch...</c>); on TorchSharp those names become <c>TorchSharp...</c>, and an engine convenience
    /// TorchSharp does not have (it resolves to nothing in <paramref name="compilation"/>) is dropped: no cell can call it.
    /// </summary>
    public ForbiddenMembers ForBackend(TensorBackend backend, Compilation compilation)
    {
        if (backend == TensorBackend.CourseKit) return this;
        const string engine = "CourseKit.Torch.";
        var byExercise = new Dictionary<string, IReadOnlyList<string>>();
        foreach (var (id, names) in _byExercise)
        {
            var kept = names.Select(n => n.StartsWith(engine, StringComparison.Ordinal) ? "TorchSharp." + n[engine.Length..] : n)
                .Where(n => !n.StartsWith("TorchSharp.", StringComparison.Ordinal) || Resolve(compilation, n).Count > 0)
                .ToList();
            if (kept.Count > 0) byExercise[id] = kept;
        }
        return new ForbiddenMembers(byExercise);
    }

    /// <summary>The rule that refuses <paramref name="exerciseId"/>'s forbidden members, or null when it has none.</summary>
    public ApiRule? RuleFor(string exerciseId)
    {
        var names = For(exerciseId);
        if (names.Count == 0) return null;
        return new ApiRule($"CourseKit's own answer to {exerciseId}", s => names.Any(n => Matches(s, n)),
            $"CourseKit already implements what {exerciseId} asks you to write (for the notebooks that come later), so calling it " +
            "is not an answer: write the computation in this cell yourself. Ordinary building blocks (tensor operations, nn layers, " +
            "the env's Reset and Step) stay allowed.");
    }

    /// <summary>A used symbol matches a type name when it belongs to that type (or a type nested in it), a member name when it is that member.</summary>
    static bool Matches(ISymbol used, string name)
    {
        for (var type = used as INamedTypeSymbol ?? used.ContainingType; type is not null; type = type.ContainingType)
            if (ApiRules.TypeName(type) == name) return true;
        return used.ContainingType is { } owner && ApiRules.TypeName(owner) + "." + used.Name == name;
    }

    static List<ISymbol> Resolve(Compilation compilation, string name)
    {
        IEnumerable<ISymbol> current = [compilation.GlobalNamespace];
        foreach (string segment in name.Split('.'))
            current = current.OfType<INamespaceOrTypeSymbol>().SelectMany(s => s.GetMembers(segment)).ToList();
        return current.ToList();
    }
}
