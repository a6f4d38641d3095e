using Microsoft.CodeAnalysis;

namespace CourseKit.Notebooks.Grading;

/// <summary>
/// One kind of API an exercise cell may not use, matched on the compiler's symbols (so an alias, a
/// <c>using static</c>, a fully qualified name, an extension-method call or a method group all count).
/// </summary>
/// <param name="Category">Short name of what was used, e.g. "files".</param>
/// <param name="Matches">True for a symbol (a method, property, field, event or constructor the cell uses) this rule refuses.</param>
/// <param name="Why">What the student reads after the list of uses: why it is refused and what to do.</param>
public sealed record ApiRule(string Category, Func<ISymbol, bool> Matches, string Why);

/// <summary>
/// The APIs refused in every exercise cell. An exercise is a pure computation on its arguments and
/// CourseKit; inside the grading process a cell that could reflect, read files, start processes, open
/// connections, call native code or end the process could read the checks or dodge them. None of
/// these is needed by any exercise, so the grader refuses them before anything runs.
/// </summary>
public static class ApiRules
{
    const string NoExerciseNeedsIt = "No exercise needs it: an exercise cell computes its answer from its arguments with " +
        "plain C# and CourseKit. Remove it (for debugging output, Console.WriteLine is allowed).";

    /// <summary>Every course-wide rule, in the order their refusals are reported.</summary>
    public static IReadOnlyList<ApiRule> CourseWide { get; } =
    [
        new("reflection", IsReflection, NoExerciseNeedsIt),
        new("processes", s => InType(s, "System.Diagnostics", n => n.StartsWith("Process", StringComparison.Ordinal)), NoExerciseNeedsIt),
        new("files", IsFileAccess, NoExerciseNeedsIt),
        new("the network", s => InNamespace(s, "System.Net"), NoExerciseNeedsIt),
        new("ending the process", s => IsMember(s, "System.Environment", "Exit", "FailFast"), NoExerciseNeedsIt),
        new("native code", IsNative, NoExerciseNeedsIt),
        new("the course's checks", s => InNamespace(s, "CourseKit.Checks"),
            "Exercise cells may not call CourseKit.Checks: the self-check cell under the exercise runs them."),
    ];

    /// <summary>Refuses <c>dynamic</c>, which binds members by name at run time (reflection in disguise); the inspector reports it.</summary>
    public static ApiRule Dynamic { get; } = new("reflection", _ => false, NoExerciseNeedsIt);

    /// <summary>Refuses <c>extern</c> methods declared in the cell (P/Invoke into native libraries); the inspector reports them.</summary>
    public static ApiRule Extern { get; } = new("native code", _ => false, NoExerciseNeedsIt);

    // Members of System.Type that only read a name; everything else hands out reflection objects or loads types.
    static readonly HashSet<string> s_harmlessTypeMembers = ["Name", "FullName", "Namespace", "ToString", "Equals", "GetHashCode", "op_Equality", "op_Inequality"];

    // The text-only readers and writers of System.IO: they never open a file.
    static readonly HashSet<string> s_textOnlyIo = ["TextWriter", "TextReader", "StringWriter", "StringReader"];

    static bool IsReflection(ISymbol s) =>
        InNamespace(s, "System.Reflection") || InNamespace(s, "System.Runtime.Loader")
        || IsMember(s, "System.Type") && !s_harmlessTypeMembers.Contains(s.Name)
        || IsMember(s, "System.Activator") || IsMember(s, "System.AppDomain")
        || IsMember(s, "System.Delegate", "CreateDelegate", "Method", "Target", "DynamicInvoke")
        || IsMember(s, "System.ComponentModel.TypeDescriptor")
        || IsMember(s, "System.Runtime.CompilerServices.RuntimeHelpers");

    static bool IsFileAccess(ISymbol s) =>
        InNamespace(s, "System.IO") && !(s.ContainingType is { } t && s_textOnlyIo.Contains(t.Name) && Namespace(t) == "System.IO")
        || (InNamespace(s, "CourseKit") || InNamespace(s, "TorchSharp")) && TakesAPath(s);

    /// <summary>
    /// The tensor libraries' savers and loaders all take a file or folder name: CourseKit's (Module.save, Checkpoint.Load,
    /// SafeTensors.Load: "path") and TorchSharp's (Module.save, torch.load: "location"; jit.load: "filename"; ...).
    /// </summary>
    static bool TakesAPath(ISymbol s) =>
        s is IMethodSymbol m && m.Parameters.Any(p => p.Type.SpecialType == SpecialType.System_String && IsPathName(p.Name));

    static bool IsPathName(string name) =>
        name.EndsWith("path", StringComparison.OrdinalIgnoreCase) || name.EndsWith("location", StringComparison.OrdinalIgnoreCase)
        || name.EndsWith("filename", StringComparison.OrdinalIgnoreCase) || name.EndsWith("file_name", StringComparison.OrdinalIgnoreCase)
        || name.EndsWith("dir", StringComparison.OrdinalIgnoreCase);

    static bool IsNative(ISymbol s) =>
        InNamespace(s, "System.Runtime.InteropServices") || IsMember(s, "System.Runtime.CompilerServices.Unsafe");

    /// <summary>True when the symbol is a member of (or is) a type in <paramref name="ns"/> or one of its sub-namespaces.</summary>
    public static bool InNamespace(ISymbol s, string ns)
    {
        string actual = Namespace(s is INamedTypeSymbol ? s : s.ContainingType ?? s);
        return actual == ns || actual.StartsWith(ns + ".", StringComparison.Ordinal);
    }

    static bool InType(ISymbol s, string ns, Func<string, bool> typeName) =>
        s.ContainingType is { } t && Namespace(t) == ns && typeName(t.Name);

    static bool IsMember(ISymbol s, string fullTypeName, params string[] names) =>
        s.ContainingType is { } t && TypeName(t) == fullTypeName && (names.Length == 0 || names.Contains(s.Name));

    static string Namespace(ISymbol s) =>
        s.ContainingNamespace is { IsGlobalNamespace: false } ns ? ns.ToDisplayString() : "";

    /// <summary>"Namespace.Outer.Type", without type arguments.</summary>
    public static string TypeName(INamedTypeSymbol t) => t.OriginalDefinition.ToDisplayString(TypeFormat);

    /// <summary>How refusals name a symbol: namespaces and containing types, no generic arguments.</summary>
    public static SymbolDisplayFormat TypeFormat { get; } = new(
        typeQualificationStyle: SymbolDisplayTypeQualificationStyle.NameAndContainingTypesAndNamespaces,
        genericsOptions: SymbolDisplayGenericsOptions.None);
}
