using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading;
using ImageSdk.Analyzer;
using ImageSdk.Tables;
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

    /// <summary>The codes of what stops C# from becoming JSON (documented in docs/diagnostics.md, "Transpiler").</summary>
    internal static class Codes
    {
        /// <summary>The file builds no assembly.</summary>
        public const string NoChain = "IMG2001";

        /// <summary>The file builds several assemblies and no <c>--chain</c> picks one.</summary>
        public const string SeveralChains = "IMG2002";

        /// <summary><c>--chain</c> names no chain of the file.</summary>
        public const string UnknownChain = "IMG2003";

        /// <summary>A value is not a constant, or a call sets nothing.</summary>
        public const string NotConstant = "IMG2004";

        /// <summary>A step name is used twice.</summary>
        public const string DuplicateStep = "IMG2005";
    }

    public static TranspileResult Transpile(string code, string path, CancellationToken cancellationToken) => Transpile(code, path, null, cancellationToken);

    public static TranspileResult Transpile(string code, string path, string? chainName, CancellationToken cancellationToken)
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
        if (roots.Count == 0)
        {
            return Failure(Error(tree.GetRoot(cancellationToken).GetLocation(), "the file builds no assembly: write it as one chain, new AssemblyBuilder().Step(...)...", Codes.NoChain));
        }

        // Several chains: --chain picks one by the method, property or variable it belongs to.
        var named = roots.Select(r => (Root: (SyntaxNode)r, Name: ChainName(r))).ToList();
        SyntaxNode chosen = roots[0];
        if (chainName is not null)
        {
            if (named.FirstOrDefault(n => n.Name == chainName) is not { Root: { } found })
            {
                return Failure(Error(tree.GetRoot(cancellationToken).GetLocation(), $"no chain is named '{chainName}'; chains: {List(named)}", Codes.UnknownChain));
            }

            chosen = found;
        }
        else if (roots.Count > 1)
        {
            return Failure(Error(roots[1].GetLocation(), $"the file builds {roots.Count} assemblies; pick one with --chain NAME: {List(named)}", Codes.SeveralChains));
        }

        var chain = Outermost(chosen);
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
        errors.AddRange(reader.Unread.Select(u => Error(u.Syntax.GetLocation(), u.Reason + "; transpile reads builder calls with constant arguments", Codes.NotConstant)));
        errors.AddRange(reader.Duplicates.Select(d => Error(d.Syntax.GetLocation(), $"the step name '{d.Name}' is used twice; JSON holds each step name once", Codes.DuplicateStep)));
        var doc = reader.Document;
        for (var i = 0; i < doc.Count; i++)
        {
            if (doc[i].Kind == InstructionKind.Unknown && doc.OriginOf(i) is SyntaxNode syntax)
            {
                errors.Add(Error(syntax.GetLocation(), $"the value of {doc.PointerOf(i)} is not a constant ({Clip(syntax.ToString())}); transpile reads literals, consts, enum and ImageModel members, constant interpolated strings and Interpolation.Field/Parse", Codes.NotConstant));
            }
        }

        return errors.Count > 0 ? Failure(errors) : TranspileResult.Success(InSchemaOrder(Write(doc)));
    }

    /// <summary>The name a chain goes by: the variable, field or property it is assigned to, else the method it is in.</summary>
    private static string ChainName(SyntaxNode root)
    {
        for (var node = Outermost(root).Parent; node is not null; node = node.Parent)
        {
            switch (node)
            {
                case VariableDeclaratorSyntax variable:
                    return variable.Identifier.ValueText;
                case PropertyDeclarationSyntax property:
                    return property.Identifier.ValueText;
                case MethodDeclarationSyntax method:
                    return method.Identifier.ValueText;
                case LocalFunctionStatementSyntax local:
                    return local.Identifier.ValueText;
            }
        }

        return "(top level)";
    }

    private static string List(IEnumerable<(SyntaxNode Root, string Name)> chains) =>
        string.Join(", ", chains.Select(c => $"{c.Name} {Position(c.Root)}"));

    /// <summary>
    /// The JSON with keys in the order the builders write them (the schema's: the envelope's keys, and in each step robot
    /// first, then the robot's parameters), whatever order the calls came in: one chain gives one JSON text.
    /// </summary>
    private static string InSchemaOrder(string json)
    {
        var root = System.Text.Json.Nodes.JsonNode.Parse(json)!.AsObject();
        var ordered = Reorder(root, SchemaTables.AssemblyKeys.Select(k => k.Name).ToList());
        if (ordered["steps"] is System.Text.Json.Nodes.JsonObject steps)
        {
            foreach (var name in steps.Select(s => s.Key).ToList())
            {
                if (steps[name] is System.Text.Json.Nodes.JsonObject step && step["robot"]?.GetValue<string>() is { } robot && SchemaTables.FindRobot(robot) is { } spec)
                {
                    steps[name] = Reorder(step, spec.Parameters.Select(p => p.Name).Prepend("robot").ToList());
                }
            }
        }

        return ordered.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }

    private static System.Text.Json.Nodes.JsonObject Reorder(System.Text.Json.Nodes.JsonObject source, List<string> order)
    {
        var members = source.Select(m => m.Key).ToList();
        var result = new System.Text.Json.Nodes.JsonObject();
        foreach (var key in members.OrderBy(k => order.IndexOf(k) is var i and >= 0 ? i : int.MaxValue))
        {
            var value = source[key];
            source.Remove(key);
            result[key] = value;
        }

        return result;
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
