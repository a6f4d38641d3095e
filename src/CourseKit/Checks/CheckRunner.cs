using System.Reflection;
using System.Text.RegularExpressions;

namespace CourseKit.Checks;

/// <summary>The verdict of one check.</summary>
/// <param name="Name">The check's name, e.g. <c>three rewards, gamma 0.5</c>.</param>
/// <param name="Weight">Its share of the exercise's points.</param>
/// <param name="Passed">Whether the student's code passed.</param>
/// <param name="Message">Empty on success; otherwise what went wrong and what was expected.</param>
public sealed record CheckResult(string Name, double Weight, bool Passed, string Message);

/// <summary>One check bound to the code under test, ready to run.</summary>
public sealed class CheckCase
{
    readonly Func<CheckResult> _run;

    internal CheckCase(string name, double weight, Func<CheckResult> run)
    {
        Name = name;
        Weight = weight;
        _run = run;
    }

    /// <summary>The check's name.</summary>
    public string Name { get; }

    /// <summary>Its share of the exercise's points.</summary>
    public double Weight { get; }

    /// <summary>Runs the check. Never throws for a failure of the student's code.</summary>
    public CheckResult Run() => _run();
}

/// <summary>
/// Finds the checks of an exercise (classes marked <see cref="ExerciseChecksAttribute"/>) and
/// binds them to the code under test: a delegate for a method exercise (converted to each
/// check's parameter type) or a <see cref="Type"/> for a class exercise. The notebook's
/// self-check and the grader's sandboxed worker both run checks through this class.
/// </summary>
public static partial class CheckRunner
{
    /// <summary>The checks for <paramref name="exerciseId"/> found in <paramref name="assemblies"/>, in declaration order.</summary>
    /// <param name="exerciseId">The exercise id, e.g. <c>basics.discounted_returns</c>.</param>
    /// <param name="subject">The student's method as a <see cref="Delegate"/>, or their class as a <see cref="Type"/>.</param>
    /// <param name="assemblies">Where to look (CourseKit itself for visible checks, plus hidden check assemblies).</param>
    public static IReadOnlyList<CheckCase> Discover(string exerciseId, object subject, IEnumerable<Assembly> assemblies)
    {
        var cases = new List<CheckCase>();
        foreach (var assembly in assemblies.Distinct())
        {
            foreach (var type in LoadableTypes(assembly))
            {
                if (type.GetCustomAttribute<ExerciseChecksAttribute>()?.ExerciseId != exerciseId) continue;
                var methods = type.GetMethods(BindingFlags.Public | BindingFlags.Static)
                    .Where(m => m.GetCustomAttribute<CheckAttribute>() is not null)
                    .OrderBy(m => m.MetadataToken);
                foreach (var method in methods) cases.Add(Bind(method, subject));
            }
        }
        return cases;
    }

    /// <summary>Every exercise id that has checks in <paramref name="assemblies"/>.</summary>
    public static IReadOnlySet<string> ExercisesWithChecks(IEnumerable<Assembly> assemblies) =>
        assemblies.SelectMany(LoadableTypes)
            .Select(t => t.GetCustomAttribute<ExerciseChecksAttribute>()?.ExerciseId)
            .OfType<string>()
            .ToHashSet();

    static CheckCase Bind(MethodInfo check, object subject)
    {
        var attribute = check.GetCustomAttribute<CheckAttribute>()!;
        string name = attribute.Description ?? Words(check.Name);
        double weight = attribute.Weight;
        var parameters = check.GetParameters();
        if (parameters.Length != 1)
            return new CheckCase(name, weight, () => new CheckResult(name, weight, false,
                $"Check {check.DeclaringType?.Name}.{check.Name} must take exactly one parameter (the code under test)."));

        object? argument = Adapt(subject, parameters[0].ParameterType);
        if (argument is null)
            return new CheckCase(name, weight, () => new CheckResult(name, weight, false,
                $"The code under test does not have the expected shape: this check needs {Describe(parameters[0].ParameterType)}, " +
                $"got {Describe(subject)}. Keep the signature of the exercise cell exactly as given."));

        return new CheckCase(name, weight, () => Invoke(check, argument, name, weight));
    }

    static object? Adapt(object subject, Type wanted)
    {
        if (wanted.IsInstanceOfType(subject)) return subject;
        if (subject is Delegate d && typeof(Delegate).IsAssignableFrom(wanted))
            return Delegate.CreateDelegate(wanted, d.Target, d.Method, throwOnBindFailure: false);
        return null;
    }

    static CheckResult Invoke(MethodInfo check, object argument, string name, double weight)
    {
        try
        {
            check.Invoke(null, [argument]);
            return new CheckResult(name, weight, true, "");
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            return new CheckResult(name, weight, false, Explain(e.InnerException));
        }
    }

    /// <summary>A failure message a student can act on, for an exception thrown during a check.</summary>
    public static string Explain(Exception e) => e switch
    {
        CheckFailedException f => f.Message,
        NotImplementedException => "Not implemented yet: the cell still throws NotImplementedException. Replace the TODO with your code.",
        OutOfMemoryException => "Ran out of memory: the code allocates far more than this exercise needs (a runaway loop adding to a list?).",
        InsufficientExecutionStackException => "Stack overflow: runaway recursion (check your base case).",
        _ => $"Your code threw {e.GetType().Name}: {e.Message}{WhereThrown(e)}",
    };

    static string WhereThrown(Exception e)
    {
        // The innermost frame of the student's own code: library frames (CourseKit, the framework) only show
        // where the library noticed the problem, with paths of the machine that built it.
        string? frame = e.StackTrace?.Split('\n').Select(l => l.Trim())
            .FirstOrDefault(l => l.StartsWith("at ", StringComparison.Ordinal) && !LibraryFrame(l));
        return frame is null ? "" : $" ({frame})";
    }

    static bool LibraryFrame(string frame) =>
        frame.StartsWith("at CourseKit.", StringComparison.Ordinal) || frame.StartsWith("at System.", StringComparison.Ordinal) ||
        frame.StartsWith("at Microsoft.", StringComparison.Ordinal);

    static IEnumerable<Type> LoadableTypes(Assembly assembly)
    {
        try { return assembly.GetTypes(); }
        catch (ReflectionTypeLoadException e) { return e.Types.OfType<Type>(); }
    }

    static string Describe(object subject) => subject switch
    {
        Type t => $"the class {t.Name}",
        Delegate d => $"a method ({string.Join(", ", d.Method.GetParameters().Select(p => p.ParameterType.Name))}) -> {d.Method.ReturnType.Name}",
        _ => subject.GetType().Name,
    };

    static string Describe(Type wanted)
    {
        if (wanted == typeof(Type)) return "a class";
        var invoke = wanted.GetMethod("Invoke");
        return invoke is null ? wanted.Name
            : $"a method ({string.Join(", ", invoke.GetParameters().Select(p => p.ParameterType.Name))}) -> {invoke.ReturnType.Name}";
    }

    static string Words(string identifier) =>
        SplitWords().Replace(identifier.Replace('_', ' '), " $1").Trim().ToLowerInvariant();

    [GeneratedRegex("(?<=[a-z0-9])([A-Z])")]
    private static partial Regex SplitWords();
}
