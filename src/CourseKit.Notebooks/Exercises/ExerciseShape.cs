using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using CourseKit.Notebooks.Grading;

namespace CourseKit.Notebooks.Exercises;

/// <summary>Whether an exercise asks for a method or for a type.</summary>
public enum SubjectKind
{
    /// <summary>A method the checks call through a delegate.</summary>
    Method,

    /// <summary>A class (or struct/record) the checks instantiate.</summary>
    Type,
}

/// <summary>
/// The declarations an exercise cell makes, as normalised signature strings (bodies, comments
/// and formatting removed). Two cells with the same shape can be swapped for each other, which
/// is what the signature check between a notebook and its solution asks.
/// </summary>
/// <param name="Signatures">One line per top-level method or type, in order.</param>
/// <param name="Kind">The subject's kind: the first declaration is what the checks receive.</param>
/// <param name="SubjectName">The subject's name.</param>
/// <param name="ParameterCount">The subject method's parameter count (0 for a type).</param>
public sealed record ExerciseShape(IReadOnlyList<string> Signatures, SubjectKind Kind, string SubjectName, int ParameterCount)
{
    /// <summary>The subject's signature, e.g. <c>static double[] DiscountedReturns(double[] rewards, double gamma)</c>.</summary>
    public string SubjectSignature => Signatures[0];

    /// <summary>Reads the shape of a cell. Throws <see cref="ExerciseFormatException"/> if it declares no method or type.</summary>
    public static ExerciseShape Read(string code, string where)
    {
        var tree = CSharpSyntaxTree.ParseText(code, ScriptParseOptions);
        var unit = (CompilationUnitSyntax)tree.GetRoot();
        var signatures = new List<string>();
        SubjectKind? kind = null;
        string name = "";
        int parameterCount = 0;
        foreach (var member in unit.Members)
        {
            switch (member)
            {
                case MethodDeclarationSyntax method:
                    signatures.Add(MethodSignature(method));
                    if (kind is null) (kind, name, parameterCount) = (SubjectKind.Method, method.Identifier.ValueText, method.ParameterList.Parameters.Count);
                    break;
                case BaseTypeDeclarationSyntax type:
                    signatures.Add(TypeSignature(type));
                    if (kind is null) (kind, name) = (SubjectKind.Type, type.Identifier.ValueText);
                    break;
            }
        }
        if (kind is null)
            throw new ExerciseFormatException(
                $"{where}: the exercise cell declares no method or class; an exercise defines exactly the method (or class) its first comment names.");
        return new ExerciseShape(signatures, kind.Value, name, parameterCount);
    }

    /// <summary>Parse options of a notebook cell: a script in the kernel's language version.</summary>
    public static CSharpParseOptions ScriptParseOptions { get; } =
        KernelCompileSettings.ScriptParseOptions;

    static string MethodSignature(MethodDeclarationSyntax method)
    {
        var bare = method.WithBody(null).WithExpressionBody(null).WithSemicolonToken(default).WithAttributeLists(default)
            .WithModifiers(SyntaxFactory.TokenList(method.Modifiers.Where(m => !m.IsKind(SyntaxKind.AsyncKeyword))));
        return Normalize(bare);
    }

    static string TypeSignature(BaseTypeDeclarationSyntax type)
    {
        var header = type switch
        {
            TypeDeclarationSyntax t => $"{t.Keyword.ValueText} {t.Identifier.ValueText}{t.TypeParameterList}{t.ParameterList} {t.BaseList}",
            EnumDeclarationSyntax e => $"enum {e.Identifier.ValueText} {{ {string.Join(", ", e.Members.Select(m => m.Identifier.ValueText))} }}",
            _ => type.Identifier.ValueText,
        };
        var members = type is TypeDeclarationSyntax typeDecl
            ? typeDecl.Members.Where(IsPublic).Select(MemberSignature)
            : [];
        return Collapse(header) + string.Concat(members.Select(m => " | " + m));
    }

    static bool IsPublic(MemberDeclarationSyntax member) => member.Modifiers.Any(SyntaxKind.PublicKeyword);

    static string MemberSignature(MemberDeclarationSyntax member) => member switch
    {
        MethodDeclarationSyntax m => MethodSignature(m),
        ConstructorDeclarationSyntax c => Normalize(c.WithBody(null).WithExpressionBody(null).WithInitializer(null).WithSemicolonToken(default)),
        PropertyDeclarationSyntax p => Collapse($"{p.Modifiers} {p.Type} {p.Identifier.ValueText}"),
        FieldDeclarationSyntax f => Collapse($"{f.Modifiers} {f.Declaration.Type} {string.Join(", ", f.Declaration.Variables.Select(v => v.Identifier.ValueText))}"),
        _ => Collapse(member.Kind().ToString()),
    };

    static string Normalize(SyntaxNode node) =>
        Collapse(node.WithoutTrivia().NormalizeWhitespace(" ", "\n", elasticTrivia: false).ToString());

    static string Collapse(string text) =>
        string.Join(' ', text.Split([' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries));
}
