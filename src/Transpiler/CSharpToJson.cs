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

        /// <summary>The code nests or chains beyond what transpile reads (<see cref="SourceBudget"/>), or a value nests deeper than JSON may.</summary>
        public const string TooComplex = "IMG2006";

        /// <summary>The chain is stored and added to by later statements, which transpile does not read.</summary>
        public const string ContinuedLater = "IMG2007";
    }

    /// <summary>Roslyn's own errors for code too deep to compile (CS8078), reported as <see cref="Codes.TooComplex"/>.</summary>
    private static readonly HashSet<string> s_tooComplex = new(StringComparer.Ordinal) { "CS8078" };

    public static TranspileResult Transpile(string code, string path, CancellationToken cancellationToken) => Transpile(code, path, null, cancellationToken);

    public static TranspileResult Transpile(string code, string path, string? chainName, CancellationToken cancellationToken)
    {
        // Limits first, on the text: Roslyn's parser and binder recurse and look ahead, so deep code must not reach them.
        if (SourceBudget.Check(code) is { } excess)
        {
            var (line, column) = SourceBudget.Locate(code, excess.Position);
            return Failure(new TranspileError(Codes.TooComplex, line, column, excess.Message));
        }

        try
        {
            return Read(code, path, chainName, cancellationToken);
        }
        catch (InsufficientExecutionStackException)
        {
            // Roslyn's own guard, should code within the limits still nest too deep for the stack: an error, never a crash.
            return Failure(new TranspileError(Codes.TooComplex, 1, 1, "the code nests too deep for transpile to read; flatten the nesting"));
        }
    }

    private static TranspileResult Read(string code, string path, string? chainName, CancellationToken cancellationToken)
    {
        // Doc comments are comments here: parsed as XML, 300,000 nested elements took minutes.
        var tree = CSharpSyntaxTree.ParseText(code, new CSharpParseOptions(LanguageVersion.Latest, DocumentationMode.None), path, Encoding.UTF8, cancellationToken);

        // One thread: the caller's large stack (LargeStack) holds all of Roslyn's recursion, none of it on a thread-pool thread's small one.
        var compilation = CSharpCompilation.Create(
            "ImageSdk.Transpile",
            [tree],
            s_references.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Disable, concurrentBuild: false));
        var symbols = BuilderSymbols.From(compilation) ?? throw new InvalidOperationException("ImageSdk is not among the references.");
        var model = compilation.GetSemanticModel(tree);
        var root = tree.GetRoot(cancellationToken);

        // Only creations that can be one are bound: the rest of the file is compiled no further than the chain needs.
        var builderNames = root.DescendantNodes(n => n is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax)
            .OfType<UsingDirectiveSyntax>().Where(u => u.Alias is not null).Select(u => u.Alias!.Name.Identifier.ValueText)
            .Append(symbols.AssemblyBuilder.Name)
            .ToHashSet(StringComparer.Ordinal);
        var roots = root.DescendantNodes()
            .OfType<BaseObjectCreationExpressionSyntax>()
            .Where(n => n is ImplicitObjectCreationExpressionSyntax || (n is ObjectCreationExpressionSyntax { Type: var type } && builderNames.Contains(type.RightmostName())))
            .Where(n => SymbolEqualityComparer.Default.Equals(model.GetTypeInfo(n, cancellationToken).Type, symbols.AssemblyBuilder))
            .ToList();
        if (roots.Count == 0)
        {
            return Failure(Error(root.GetLocation(), "the file builds no assembly: write it as one chain, new AssemblyBuilder().Step(...)...", Codes.NoChain));
        }

        // Several chains: --chain picks one by the method, property or variable it belongs to.
        var named = roots.Select(r => (Root: (SyntaxNode)r, Name: ChainName(r))).ToList();
        SyntaxNode chosen = roots[0];
        if (chainName is not null)
        {
            if (named.FirstOrDefault(n => n.Name == chainName) is not { Root: { } found })
            {
                return Failure(Error(root.GetLocation(), $"no chain is named '{chainName}'; chains: {List(named)}", Codes.UnknownChain));
            }

            chosen = found;
        }
        else if (roots.Count > 1)
        {
            return Failure(Error(roots[1].GetLocation(), $"the file builds {roots.Count} assemblies; pick one with --chain NAME: {List(named)}", Codes.SeveralChains));
        }

        var chain = Outermost(chosen);
        var errors = model.GetDiagnostics(chain.Span, cancellationToken)
            .Where(d => d.Severity == DiagnosticSeverity.Error && d.Location.SourceTree == tree && chain.Span.Contains(d.Location.SourceSpan))
            .Select(d => s_tooComplex.Contains(d.Id)
                ? Error(d.Location, "the expression here nests too deep for the compiler; flatten the nesting", Codes.TooComplex)
                : Error(d.Location, d.GetMessage(System.Globalization.CultureInfo.InvariantCulture), d.Id))
            .ToList();
        errors.AddRange(ContinuedLater(chain, model, symbols, cancellationToken));
        if (errors.Count > 0 || model.GetOperation(chain, cancellationToken) is not { } operation || BuilderChainReader.Chain(operation) is not { Root: { } creation } read)
        {
            return Failure(errors.Count > 0 ? errors : [Error(chain, "the assembly chain cannot be read")]);
        }

        var reader = new BuilderChainReader(symbols);
        reader.ReadAssembly(creation, read.Calls);
        errors.AddRange(reader.Unread.Select(u => Error(u.Syntax.GetLocation(), u.Reason + "; transpile reads builder calls with constant arguments", Codes.NotConstant)));
        errors.AddRange(reader.Duplicates.Select(d => Error(d.Syntax.GetLocation(), $"the step name '{d.Name}' is used twice; JSON holds each step name once", Codes.DuplicateStep)));
        errors.AddRange(reader.TooDeep.Select(syntax => Error(syntax.GetLocation(), $"the values here nest deeper than {BuilderChainReader.MaxDepth} levels, more than assembly JSON may (IMG1003); flatten the value", Codes.TooComplex)));
        var doc = reader.Document;
        var tooDeep = reader.TooDeep.ToHashSet();
        for (var i = 0; i < doc.Count; i++)
        {
            if (doc[i].Kind == InstructionKind.Unknown && doc.OriginOf(i) is SyntaxNode syntax && !tooDeep.Contains(syntax))
            {
                errors.Add(Error(syntax.GetLocation(), $"the value of {doc.PointerOf(i)} is not a constant ({Clip(syntax.ToString())}); transpile reads literals, consts, enum and {SchemaTables.Grammar.CatalogType} members, constant interpolated strings and {SchemaTables.Grammar.InterpolationType}.{SchemaTables.Grammar.InterpolationFieldMethod}/{SchemaTables.Grammar.InterpolationParseMethod}", Codes.NotConstant));
            }
        }

        return errors.Count > 0 ? Failure(errors) : TranspileResult.Success(InSchemaOrder(Write(doc)));
    }

    /// <summary>
    /// Errors at the calls that add to the chain's builder in later statements, through the variable, field or property it is
    /// stored in (<c>var big = new AssemblyBuilder(); big.Step(...);</c>): transpile reads the chain alone, so they would be lost.
    /// A call adds when it is the builder's own fluent kind, one that returns the builder; passing the builder on (to run it) does not.
    /// </summary>
    private static IEnumerable<TranspileError> ContinuedLater(SyntaxNode chain, SemanticModel model, BuilderSymbols symbols, CancellationToken cancellationToken)
    {
        var target = chain.Parent switch
        {
            EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax variable } => model.GetDeclaredSymbol(variable, cancellationToken),
            EqualsValueClauseSyntax { Parent: PropertyDeclarationSyntax property } => model.GetDeclaredSymbol(property, cancellationToken),
            AssignmentExpressionSyntax assignment when assignment.Right == chain => model.GetSymbolInfo(assignment.Left, cancellationToken).Symbol,
            _ => null,
        };
        if (target is not (ILocalSymbol or IFieldSymbol or IPropertySymbol))
        {
            yield break;
        }

        // A local is seen in its own body; a field or property anywhere in the file.
        var scope = target is ILocalSymbol
            ? chain.Ancestors().FirstOrDefault(a => a is BaseMethodDeclarationSyntax or LocalFunctionStatementSyntax or AnonymousFunctionExpressionSyntax or AccessorDeclarationSyntax or CompilationUnitSyntax)
            : chain.SyntaxTree.GetRoot(cancellationToken);
        var start = chain.GetLocation().GetLineSpan().StartLinePosition.Line + 1;
        foreach (var name in scope?.DescendantNodes().OfType<IdentifierNameSyntax>() ?? [])
        {
            if (name.Identifier.ValueText == target.Name && !chain.Span.Contains(name.Span)
                && name.Parent is MemberAccessExpressionSyntax { Parent: InvocationExpressionSyntax call } access && access.Expression == name
                && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(name, cancellationToken).Symbol, target)
                && model.GetSymbolInfo(call, cancellationToken).Symbol is IMethodSymbol method
                && SymbolEqualityComparer.Default.Equals(method.ReturnType, symbols.AssemblyBuilder))
            {
                yield return Error(call.GetLocation(), $"'{target.Name}' is added to here, after its chain (line {start}): transpile reads the chain alone, so this {method.Name} would be lost; chain the call to new AssemblyBuilder()", Codes.ContinuedLater);
            }
        }
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
