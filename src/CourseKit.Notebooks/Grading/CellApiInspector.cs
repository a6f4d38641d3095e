using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace CourseKit.Notebooks.Grading;

/// <summary>One use of a refused API in a cell.</summary>
/// <param name="Line">The cell's 1-based line.</param>
/// <param name="Api">What was used, e.g. <c>System.IO.File.WriteAllText</c>.</param>
/// <param name="Rule">The rule that refuses it.</param>
public sealed record Refusal(int Line, string Api, ApiRule Rule);

/// <summary>
/// Finds what a compiled cell calls, reads or creates, from the compiler's semantic model rather than
/// the text: every symbol the syntax binds to (so an alias, <c>using static</c> or a fully qualified
/// name is the same member) and every member the operations reach implicitly (extension methods,
/// method groups, user-defined operators and conversions, foreach's GetEnumerator, lambdas' bodies).
/// </summary>
public static class CellApiInspector
{
    /// <summary>The refused uses in <paramref name="tree"/>, one per (line, API, rule), in line order.</summary>
    public static IReadOnlyList<Refusal> Inspect(Compilation compilation, SyntaxTree tree, IReadOnlyList<ApiRule> rules)
    {
        var model = compilation.GetSemanticModel(tree);
        var found = new List<Refusal>();
        void Check(ISymbol? symbol, SyntaxNode at)
        {
            if (symbol is null || symbol is INamespaceSymbol or ITypeSymbol or ILocalSymbol or IParameterSymbol or ILabelSymbol or IRangeVariableSymbol) return;
            symbol = Normalize(symbol);
            if (SymbolEqualityComparer.Default.Equals(symbol.ContainingAssembly, compilation.Assembly)) return; // the cell's own code
            foreach (var rule in rules)
                if (rule.Matches(symbol)) found.Add(new Refusal(Line(at), Describe(symbol), rule));
        }

        var root = tree.GetRoot();
        var seenOperations = new HashSet<IOperation>();
        foreach (var node in root.DescendantNodes())
        {
            if (InsideNameof(node, model)) continue;
            var info = model.GetSymbolInfo(node);
            Check(info.Symbol, node);
            if (info.Symbol is null)
                foreach (var candidate in info.CandidateSymbols) Check(candidate, node);
            if (model.GetTypeInfo(node).Type is { TypeKind: TypeKind.Dynamic })
                found.Add(new Refusal(Line(node), "dynamic", ApiRules.Dynamic));
            if (node is MethodDeclarationSyntax or LocalFunctionStatementSyntax
                && model.GetDeclaredSymbol(node) is IMethodSymbol { IsExtern: true } external)
                found.Add(new Refusal(Line(node), $"extern method {external.Name}", ApiRules.Extern));

            // The operation tree holds what the syntax does not name: implicit calls and conversions.
            if (model.GetOperation(node) is { } operation && operation.Parent is null && seenOperations.Add(operation))
                foreach (var op in operation.DescendantsAndSelf())
                {
                    foreach (var symbol in Implied(op)) Check(symbol, op.Syntax);
                    if (op is IDynamicInvocationOperation or IDynamicMemberReferenceOperation or IDynamicObjectCreationOperation or IDynamicIndexerAccessOperation)
                        found.Add(new Refusal(Line(op.Syntax), "dynamic", ApiRules.Dynamic));
                }
        }
        return found.DistinctBy(r => (r.Line, r.Api, r.Rule)).OrderBy(r => r.Line).ToList();
    }

    /// <summary>The message a student reads: each use with its line, then why, per kind of API.</summary>
    public static string Explain(IReadOnlyList<Refusal> refusals)
    {
        var lines = new List<string> { "The grader refuses this cell before running it (line numbers count from the cell's first line):" };
        foreach (var group in refusals.GroupBy(r => r.Rule))
        {
            foreach (var r in group) lines.Add($"  line {r.Line}: {r.Api} ({r.Rule.Category})");
            lines.Add("  " + group.Key.Why);
        }
        return string.Join("\n", lines);
    }

    static IEnumerable<ISymbol?> Implied(IOperation op) => op switch
    {
        IInvocationOperation i => [i.TargetMethod],
        IObjectCreationOperation c => [c.Constructor],
        IMemberReferenceOperation m => [m.Member],
        IBinaryOperation b => [b.OperatorMethod],
        IUnaryOperation u => [u.OperatorMethod],
        IConversionOperation c => [c.OperatorMethod],
        ICompoundAssignmentOperation c => [c.OperatorMethod],
        IIncrementOrDecrementOperation i => [i.OperatorMethod],
        IForEachLoopOperation f when f.Syntax is CommonForEachStatementSyntax s =>
            f.SemanticModel?.GetForEachStatementInfo(s) is { } info ? [info.GetEnumeratorMethod, info.MoveNextMethod, info.CurrentProperty] : [],
        _ => [],
    };

    /// <summary>The declared member behind a use: an extension method's static form, a generic's definition.</summary>
    static ISymbol Normalize(ISymbol symbol) => symbol switch
    {
        IMethodSymbol { ReducedFrom: { } reduced } => reduced.OriginalDefinition,
        _ => symbol.OriginalDefinition,
    };

    /// <summary>"Namespace.Type.Member", or "Namespace.Type (constructor)".</summary>
    public static string Describe(ISymbol symbol)
    {
        string type = symbol.ContainingType is { } t ? ApiRules.TypeName(t) : "";
        return symbol is IMethodSymbol { MethodKind: MethodKind.Constructor or MethodKind.StaticConstructor }
            ? $"{type} (constructor)"
            : type.Length > 0 ? $"{type}.{symbol.Name}" : symbol.ToDisplayString();
    }

    static int Line(SyntaxNode node) => node.GetLocation().GetLineSpan().StartLinePosition.Line + 1;

    /// <summary>nameof(File.Exists) only names a member; it calls nothing.</summary>
    static bool InsideNameof(SyntaxNode node, SemanticModel model) =>
        node.Ancestors().OfType<InvocationExpressionSyntax>().Any(i =>
            i.Expression is IdentifierNameSyntax { Identifier.ValueText: "nameof" } && model.GetSymbolInfo(i).Symbol is null);
}
