using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading;
using ImageSdk.Analyzer;
using ImageSdk.Validation;
using ImageSdk.Validation.Engine;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace ImageSdk.Transpiler;

/// <summary>
/// Builder code → assembly JSON, without running it: the file is compiled against ImageSdk, the one
/// <c>new AssemblyBuilder()...</c> chain is found and read by the analyzer's front end (<see cref="BuilderChainReader"/>), and
/// its constant values are written out. A value that is not a constant is an error at its line and column; it is never guessed.
/// </summary>
internal static class CSharpToJson
{
    private static readonly Lazy<MetadataReference[]> s_references = new(LoadReferences);

    /// <summary>The running runtime's assemblies and ImageSdk: what builder code compiles against, nothing downloaded.</summary>
    internal static IReadOnlyList<MetadataReference> References => s_references.Value;

    public static TranspileResult Transpile(string code, string path, CancellationToken cancellationToken)
    {
        var tree = CSharpSyntaxTree.ParseText(code, new CSharpParseOptions(LanguageVersion.Latest), path, Encoding.UTF8, cancellationToken);
        if (TooDeeplyNested(tree, cancellationToken) is { } nested)
        {
            return Failure([nested]);
        }

        var compilation = CSharpCompilation.Create(
            "ImageSdk.Transpile",
            [tree],
            s_references.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        var symbols = BuilderSymbols.From(compilation) ?? throw new InvalidOperationException("ImageSdk is not among the references.");
        var model = compilation.GetSemanticModel(tree);
        var roots = tree.GetRoot(cancellationToken).DescendantNodes()
            .OfType<BaseObjectCreationExpressionSyntax>()
            .Where(n => SymbolEqualityComparer.Default.Equals(model.GetTypeInfo(n, cancellationToken).Type, symbols.AssemblyBuilder))
            .ToList();
        if (roots.Count != 1)
        {
            return Failure(roots.Count == 0
                ? Error(tree.GetRoot(cancellationToken), "the file builds no assembly: write it as one chain, new AssemblyBuilder().Step(...)...")
                : Error(roots[1], $"the file builds {roots.Count} assemblies; transpile takes one per file (the first is at {Position(roots[0])})"));
        }

        var chain = Outermost(roots[0]);
        var errors = compilation.GetDiagnostics(cancellationToken)
            .Where(d => d.Severity == DiagnosticSeverity.Error && d.Location.SourceTree == tree && chain.Span.Contains(d.Location.SourceSpan))
            .Select(d => Error(d.Location, d.GetMessage(System.Globalization.CultureInfo.InvariantCulture), d.Id))
            .ToList();
        if (errors.Count > 0 || model.GetOperation(chain, cancellationToken) is not { } operation || BuilderChainReader.Chain(operation) is not { Root: { } root } read)
        {
            return Failure(errors.Count > 0 ? errors : [Error(chain, "the assembly chain cannot be read")]);
        }

        var reader = new BuilderChainReader(symbols);
        reader.ReadAssembly(root, read.Calls);
        errors.AddRange(reader.Unread.Select(u => Error(u.Syntax, u.Reason + "; transpile reads builder calls with constant arguments")));
        errors.AddRange(reader.Duplicates.Select(d => Error(d.Syntax, $"the step name '{d.Name}' is used twice; JSON holds each step name once")));
        var doc = reader.Document;
        for (var i = 0; i < doc.Count; i++)
        {
            if (doc[i].Kind == InstructionKind.Unknown && doc.OriginOf(i) is SyntaxNode syntax)
            {
                errors.Add(Error(syntax, $"the value of {doc.PointerOf(i)} is not a constant ({Clip(syntax.ToString())}); transpile reads literals, consts, enum and ImageModel members, constant interpolated strings and Interpolation.Field/Parse"));
            }
        }

        return errors.Count > 0 ? Failure(errors) : TranspileResult.Success(Write(doc));
    }

    /// <summary>The most interpolated strings nested in one another that transpile reads: Roslyn's cost grows exponentially with the nesting.</summary>
    internal const int MaxInterpolationNesting = 8;

    /// <summary>An error at the first interpolated string nested deeper than <see cref="MaxInterpolationNesting"/>, or null.</summary>
    private static TranspileError? TooDeeplyNested(SyntaxTree tree, CancellationToken cancellationToken)
    {
        foreach (var node in tree.GetRoot(cancellationToken).DescendantNodes().OfType<InterpolatedStringExpressionSyntax>())
        {
            var depth = 0;
            for (SyntaxNode? current = node; current is not null && depth <= MaxInterpolationNesting; current = current.Parent)
            {
                depth += current is InterpolatedStringExpressionSyntax ? 1 : 0;
            }

            if (depth > MaxInterpolationNesting)
            {
                return Error(node, $"interpolated strings nest more than {MaxInterpolationNesting} deep here; write the value as one constant string");
            }
        }

        return null;
    }

    /// <summary>The neutral model as indented JSON; a name given twice is written once, its last value where it last stands.</summary>
    internal static string Write(InstructionDocument doc) => InstructionJson.Write(doc, 0, indented: true);

    /// <summary>The whole chain around its <c>new AssemblyBuilder()</c>: the outermost call of <c>new X().A().B()</c>.</summary>
    private static SyntaxNode Outermost(SyntaxNode node)
    {
        while (true)
        {
            if (node.Parent is ParenthesizedExpressionSyntax parenthesized)
            {
                node = parenthesized;
            }
            else if (node.Parent is MemberAccessExpressionSyntax access && access.Expression == node && access.Parent is InvocationExpressionSyntax invocation)
            {
                node = invocation;
            }
            else
            {
                return node;
            }
        }
    }

    private static MetadataReference[] LoadReferences()
    {
        var paths = (AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Append(typeof(AssemblyBuilder).Assembly.Location)
            .Where(p => p.Length > 0)
            .GroupBy(p => Path.GetFileName(p), StringComparer.OrdinalIgnoreCase)
            .Select(g => g.First());
        return paths.Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToArray();
    }

    private static TranspileResult Failure(params IReadOnlyList<TranspileError> errors) => TranspileResult.Failure(errors);

    private static TranspileError Error(SyntaxNode syntax, string message) => Error(syntax.GetLocation(), message, null);

    private static TranspileError Error(Location location, string message, string? code)
    {
        var start = location.GetLineSpan().StartLinePosition;
        return new TranspileError(code, start.Line + 1, start.Character + 1, message);
    }

    private static string Position(SyntaxNode syntax)
    {
        var start = syntax.GetLocation().GetLineSpan().StartLinePosition;
        return $"({start.Line + 1},{start.Character + 1})";
    }

    private static string Clip(string text)
    {
        text = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return text.Length <= 60 ? text : text[..57] + "...";
    }
}
