using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using ImageSdk.Tables;
using ImageSdk.Validation;
using ImageSdk.Validation.Engine;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace ImageSdk.Analyzer;

/// <summary>
/// Reports invalid parameters and combinations in builder chains while the user types, with the codes of
/// <c>imagesdk validate</c>: the chain is read into the rule engine's neutral model (<see cref="BuilderChainReader"/>) and
/// the same rules run (<see cref="AssemblyChecker"/>). Each diagnostic sits on the argument that is wrong.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class AssemblyBuilderAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Rules that need the whole assembly: not judged on a chain that is continued elsewhere, or on a lone step.</summary>
    private static readonly HashSet<string> s_wholeAssemblyChecker = new()
    {
        ValidationRules.MissingParameter.Code,
        ValidationRules.UnknownStep.Code,
        ValidationRules.MissingInput.Code,
        ValidationRules.EmptySteps.Code,
        ValidationRules.MissingSteps.Code,
        ValidationRules.SmartCdnRobotNotAllowed.Code,
        ValidationRules.SmartCdnTooManySteps.Code,
    };

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => Descriptors.All;

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            if (BuilderSymbols.From(start.Compilation) is not { } symbols)
            {
                return; // ImageSdk is not referenced
            }

            // Syntax first: only an outermost chain rooted in `new SomethingBuilder()` / `new SomethingStep()` asks for operations,
            // and a step that its assembly chain reads asks none of its own.
            var cache = new ChainCache(symbols);
            var members = new MemberNames(start.Compilation);
            start.RegisterSyntaxNodeAction(
                node =>
                {
                    if (LooksLikeBuilderChain(node.Node) && !cache.IsReadWithItsAssembly(node.Node, node.SemanticModel, node.CancellationToken)
                        && node.SemanticModel.GetOperation(node.Node, node.CancellationToken) is { } operation)
                    {
                        Analyze(operation, symbols, cache, node.ReportDiagnostic);
                    }

                    UnboundName(node, symbols, members);
                },
                Microsoft.CodeAnalysis.CSharp.SyntaxKind.InvocationExpression,
                Microsoft.CodeAnalysis.CSharp.SyntaxKind.ObjectCreationExpression);
        });
    }

    /// <summary>
    /// The did-you-mean of a name that does not bind: a builder method (IMG1204) or a builder type (IMG1203), on the name
    /// itself. Syntax first: a call whose name the receiver's type declares (the receiver read from the chain's syntax, a
    /// <c>new ImageResizeStep()</c> or a type name of the SDK) binds and costs no semantic question, so a project of valid
    /// builder chains asks none; every other call and creation asks the semantic model about its own name only (the bound
    /// tree the compiler already made), never for the file's diagnostics, which would bind every method body a second time.
    /// </summary>
    private static void UnboundName(SyntaxNodeAnalysisContext context, BuilderSymbols symbols, MemberNames members)
    {
        switch (context.Node)
        {
            case Microsoft.CodeAnalysis.CSharp.Syntax.ObjectCreationExpressionSyntax creation when !s_builderTypeNames.Contains(creation.Type.RightmostName()):
                UnknownBuilderType(context.SemanticModel, creation, context.ReportDiagnostic, context.CancellationToken);
                break;
            case Microsoft.CodeAnalysis.CSharp.Syntax.InvocationExpressionSyntax { Expression: Microsoft.CodeAnalysis.CSharp.Syntax.MemberAccessExpressionSyntax access }
                when !members.Declares(ReceiverTypeName(access.Expression), access.Name.Identifier.ValueText):
                UnknownParameterMethod(context.SemanticModel, symbols, access, context.ReportDiagnostic, context.CancellationToken);
                break;
        }
    }

    /// <summary>
    /// The type a chain's calls are made on, by its syntax: <c>T</c> for a chain rooted in <c>new T()</c> (the builders'
    /// methods return the builder), the name itself for <c>Name.Method()</c>; null for anything else.
    /// </summary>
    private static string? ReceiverTypeName(Microsoft.CodeAnalysis.CSharp.Syntax.ExpressionSyntax receiver) => ChainRoot(receiver) switch
    {
        Microsoft.CodeAnalysis.CSharp.Syntax.ObjectCreationExpressionSyntax creation => creation.Type.RightmostName(),
        Microsoft.CodeAnalysis.CSharp.Syntax.IdentifierNameSyntax identifier when identifier == receiver => identifier.Identifier.ValueText,
        _ => null,
    };

    /// <summary>The innermost expression of a chain of calls: <c>new T()</c> for <c>new T().A().B()</c>, through parentheses.</summary>
    private static Microsoft.CodeAnalysis.CSharp.Syntax.ExpressionSyntax ChainRoot(Microsoft.CodeAnalysis.CSharp.Syntax.ExpressionSyntax expression)
    {
        while (true)
        {
            switch (expression)
            {
                case Microsoft.CodeAnalysis.CSharp.Syntax.InvocationExpressionSyntax { Expression: Microsoft.CodeAnalysis.CSharp.Syntax.MemberAccessExpressionSyntax member }:
                    expression = member.Expression;
                    break;
                case Microsoft.CodeAnalysis.CSharp.Syntax.ParenthesizedExpressionSyntax parenthesized:
                    expression = parenthesized.Expression;
                    break;
                default:
                    return expression;
            }
        }
    }

    /// <summary>
    /// The member names of the SDK's types (<see cref="BuilderGrammar.Namespace"/>), with those of their base types, looked
    /// up once per compilation and type name.
    /// </summary>
    private sealed class MemberNames
    {
        private readonly Compilation _compilation;
        private readonly ConcurrentDictionary<string, HashSet<string>?> _byType = new(System.StringComparer.Ordinal);

        private readonly System.Func<string, HashSet<string>?> _load;

        public MemberNames(Compilation compilation)
        {
            _compilation = compilation;
            _load = Load; // one delegate per compilation, not one per call asked about
        }

        /// <summary>Whether the SDK type named <paramref name="typeName"/> (or a base type) declares <paramref name="member"/>; false when unknown.</summary>
        public bool Declares(string? typeName, string member) =>
            typeName is not null && _byType.GetOrAdd(typeName, _load) is { } names && names.Contains(member);

        private HashSet<string>? Load(string typeName)
        {
            if (_compilation.GetBestTypeByMetadataName(SchemaTables.Grammar.MetadataName(typeName)) is not { } type)
            {
                return null;
            }

            var names = new HashSet<string>(System.StringComparer.Ordinal);
            for (INamedTypeSymbol? current = type; current is not null; current = current.BaseType)
            {
                names.UnionWith(current.MemberNames);
            }

            return names;
        }
    }

    /// <summary>
    /// IMG1204 on a call of a step builder that has no such method, <c>new ImageResizeStep().Widht(512)</c>: at the method
    /// name, with the nearest parameter method of that robot (did-you-mean over all its parameters) and a fix that renames it.
    /// </summary>
    private static void UnknownParameterMethod(SemanticModel model, BuilderSymbols symbols, Microsoft.CodeAnalysis.CSharp.Syntax.MemberAccessExpressionSyntax access, System.Action<Diagnostic> report, System.Threading.CancellationToken cancellationToken)
    {
        if (model.GetSymbolInfo(access.Name, cancellationToken) is not { Symbol: null, CandidateSymbols.IsEmpty: true }
            || model.GetTypeInfo(access.Expression, cancellationToken).Type is not { } type || !symbols.IsStep(type)
            || BuilderChainReader.RobotOf(type) is not { } robot)
        {
            return;
        }

        var name = access.Name.Identifier.ValueText;
        var methods = robot.Parameters.Select(p => p.MemberName!).ToList();
        var suggestion = DidYouMean.Suggest(name, methods);
        var parameter = suggestion is null ? null : robot.Parameters.First(p => p.MemberName == suggestion);
        var hint = parameter is null ? string.Empty : $" (did you mean '{suggestion}', which sets '{parameter.Name}'?)";
        report(Diagnostic.Create(
            Descriptors.For(ValidationRules.UnknownParameter),
            access.Name.GetLocation(),
            RenameProperties(suggestion),
            $"{robot.Name} has no parameter '{name}'{hint}; {type.Name} sets: {string.Join(", ", methods)}"));
    }

    /// <summary>
    /// IMG1203 on the creation of a step builder type that does not exist, <c>new ImageResiseStep()</c>: at the type name,
    /// with the nearest builder (did-you-mean over all robots) and a fix that renames it; a type far from every builder is
    /// left to the compiler alone.
    /// </summary>
    private static void UnknownBuilderType(SemanticModel model, Microsoft.CodeAnalysis.CSharp.Syntax.ObjectCreationExpressionSyntax creation, System.Action<Diagnostic> report, System.Threading.CancellationToken cancellationToken)
    {
        if (model.GetTypeInfo(creation, cancellationToken).Type is not IErrorTypeSymbol { CandidateReason: CandidateReason.None }
            || DidYouMean.Suggest(creation.Type.RightmostName(), SchemaTables.BuilderTypeNames) is not { } suggestion
            || SchemaTables.Robots.FirstOrDefault(r => r.BuilderTypeName == suggestion) is not { } robot)
        {
            return;
        }

        var name = creation.Type.RightmostName();
        report(Diagnostic.Create(
            Descriptors.For(ValidationRules.UnknownRobot),
            (creation.Type is Microsoft.CodeAnalysis.CSharp.Syntax.QualifiedNameSyntax qualified ? qualified.Right : creation.Type).GetLocation(),
            RenameProperties(suggestion),
            $"no robot has the builder '{name}' (did you mean '{suggestion}', the {robot.Name} robot?)"));
    }

    /// <summary>The properties of a fix that renames the name at the diagnostic to <paramref name="name"/>; none without one.</summary>
    private static ImmutableDictionary<string, string?>? RenameProperties(string? name) => name is null ? null
        : ImmutableDictionary<string, string?>.Empty.Add(FixProperty.Action, FixProperty.RenameAction).Add(FixProperty.Value, name);

    /// <summary>The generated builder type names, from the generator's contract (<see cref="SchemaTables.BuilderTypeNames"/>).</summary>
    private static readonly System.Collections.Generic.HashSet<string> s_builderTypeNames = new(SchemaTables.BuilderTypeNames, System.StringComparer.Ordinal);

    /// <summary>
    /// The early bail-out, on syntax alone: the outermost expression of a member-access chain whose innermost expression
    /// creates a generated builder (by the names the generator emits; a builder renamed through <c>x-imagesdk-builder</c>
    /// is seen whatever its name). Everything else in the compilation costs one or two syntax checks.
    /// </summary>
    private static bool LooksLikeBuilderChain(SyntaxNode node) => LooksLikeBuilderChain(node, s_builderTypeNames);

    /// <summary>The bail-out against the given builder names (tests pass a renamed set).</summary>
    internal static bool LooksLikeBuilderChain(SyntaxNode node, System.Collections.Generic.ISet<string> builderTypeNames)
    {
        // Outermost: not the receiver of a further .Call(...)
        if (node.Parent is Microsoft.CodeAnalysis.CSharp.Syntax.MemberAccessExpressionSyntax { Parent: Microsoft.CodeAnalysis.CSharp.Syntax.InvocationExpressionSyntax } access && access.Expression == node)
        {
            return false;
        }

        var current = node;
        while (current is Microsoft.CodeAnalysis.CSharp.Syntax.InvocationExpressionSyntax { Expression: Microsoft.CodeAnalysis.CSharp.Syntax.MemberAccessExpressionSyntax member })
        {
            current = member.Expression;
            while (current is Microsoft.CodeAnalysis.CSharp.Syntax.ParenthesizedExpressionSyntax parenthesized)
            {
                current = parenthesized.Expression;
            }
        }

        if (current is not Microsoft.CodeAnalysis.CSharp.Syntax.ObjectCreationExpressionSyntax creation)
        {
            return false;
        }

        return builderTypeNames.Contains(creation.Type.RightmostName());
    }

    private static void Analyze(IOperation operation, BuilderSymbols symbols, ChainCache cache, System.Action<Diagnostic> report)
    {
        if (IsInsideChain(operation) || operation.Type is null)
        {
            return;
        }

        var (root, calls) = BuilderChainReader.Chain(operation);
        if (root?.Type is null)
        {
            return;
        }

        var reader = new BuilderChainReader(symbols);
        bool open;
        if (SymbolEqualityComparer.Default.Equals(root.Type, symbols.AssemblyBuilder))
        {
            reader.ReadAssembly(root, calls);
            open = IsContinuedElsewhere(operation, cache);
            foreach (var step in reader.UnreadSteps)
            {
                // A step the assembly does not read (its name is not a constant, or is taken): judged on its own, as a step
                // outside any assembly is, since the step argument asked for nothing (ChainCache.IsReadWithItsAssembly).
                if (LooksLikeBuilderChain(step.Syntax))
                {
                    Analyze(step, symbols, cache, report);
                }
            }
        }
        else if (symbols.IsStep(root.Type))
        {
            reader.ReadLoneStep(operation);
            open = true;
        }
        else
        {
            return;
        }

        var sink = new FindingSink();
        AssemblyChecker.Check(reader.Document, ValidationOptions.Default, sink);
        // The same plan validate --fix applies; a chain with nothing to report (most of a project's) plans nothing, and a
        // fresh compiler so JIT-compiles no planner for a valid project.
        var fixes = sink.Findings.Count == 0 ? System.Array.Empty<PlannedFix>() : FixPlanner.Plan(reader.Document, ValidationOptions.Default, sink.Findings);
        for (var i = 0; i < sink.Findings.Count; i++)
        {
            var finding = sink.Findings[i];
            if ((open || reader.HasUnknownSteps) && s_wholeAssemblyChecker.Contains(finding.Rule.Code))
            {
                continue;
            }

            if (reader.HasUnknownSteps && finding.Rule.Code == ValidationRules.UseCycle.Code)
            {
                continue;
            }

            var document = reader.Document;
            var syntax = (finding.AtName ? document.NameOriginOf(finding.Node) : null) as SyntaxNode ?? document.OriginOf(finding.Node) as SyntaxNode ?? operation.Syntax;
            report(Diagnostic.Create(Descriptors.For(finding.Rule), syntax.GetLocation(), FixProperties(fixes[i]), finding.Message));
        }

        foreach (var (name, syntax) in reader.Duplicates)
        {
            report(Diagnostic.Create(
                Descriptors.For(ValidationRules.DuplicateStep),
                syntax.GetLocation(),
                $"the step name '{name}' is used twice in this assembly; the second Step would replace the first"));
        }
    }

    /// <summary>
    /// The planned fix (<see cref="FixPlanner"/>) in the diagnostic's properties, with what the code fix needs in C# terms: the
    /// enum member of an enum value, and for a parameter to add, its builder method and the C# of its value (house style: fixes
    /// read properties). A finding without a plan gets none, so the code fix offers nothing.
    /// </summary>
    private static ImmutableDictionary<string, string?>? FixProperties(PlannedFix fix)
    {
        if (fix.Action == FixAction.None)
        {
            return null;
        }

        var properties = ImmutableDictionary.CreateBuilder<string, string?>();
        properties[FixProperty.Action] = fix.Action switch
        {
            FixAction.Rename => FixProperty.RenameAction,
            FixAction.Add => FixProperty.AddAction,
            _ => FixProperty.ReplaceAction,
        };
        properties[FixProperty.Value] = fix.Text;
        properties[FixProperty.Quoted] = fix.Quoted ? "true" : "false";
        if (fix.Parameter is { } parameter)
        {
            if (fix.Action == FixAction.Add)
            {
                properties[FixProperty.Parameter] = parameter.Name;
                properties[FixProperty.Method] = parameter.MemberName;
                if (parameter.Catalog is { } catalog && SchemaTables.FindModel(fix.Text)?.MemberName is { } modelMember)
                {
                    properties[FixProperty.ValueMember] = modelMember;
                    properties[FixProperty.Expression] = catalog + "." + modelMember;
                }
            }
            else if (parameter.MemberOfValue(fix.Text) is { } valueMember)
            {
                properties[FixProperty.ValueMember] = valueMember;
            }
        }

        return properties.ToImmutable();
    }

    /// <summary>Whether the operation is part of a longer chain (a receiver of a call), so the outer call is analysed instead.</summary>
    private static bool IsInsideChain(IOperation operation)
    {
        return operation.ParentWithoutImplicitConversions() is IInvocationOperation invocation && invocation.Instance is not null
            && invocation.Instance.WithoutImplicitConversions() == operation;
    }

    /// <summary>Whether the assembly is stored in a local that other calls continue, so it is not the whole assembly.</summary>
    private static bool IsContinuedElsewhere(IOperation operation, ChainCache cache)
    {
        var parent = operation.ParentWithoutImplicitConversions();
        ILocalSymbol? local = parent switch
        {
            IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator } => declarator.Symbol,
            ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } => target.Local,
            _ => null,
        };
        if (local is null)
        {
            return parent is not (IReturnOperation or IArgumentOperation or IExpressionStatementOperation or IVariableInitializerOperation or null);
        }

        var body = operation.Syntax.Ancestors().FirstOrDefault(a => a is Microsoft.CodeAnalysis.CSharp.Syntax.BaseMethodDeclarationSyntax
            or Microsoft.CodeAnalysis.CSharp.Syntax.LocalFunctionStatementSyntax
            or Microsoft.CodeAnalysis.CSharp.Syntax.CompilationUnitSyntax
            or Microsoft.CodeAnalysis.CSharp.Syntax.AnonymousFunctionExpressionSyntax);
        return body is null || cache.StepReceivers(body).Contains(local.Name);
    }

    /// <summary>
    /// What the analysis of one compilation learns once and asks many times, so a long chain or a large body costs linear
    /// time, not a walk per step or per chain.
    /// </summary>
    private sealed class ChainCache
    {
        private readonly BuilderSymbols _symbols;
        private readonly ConcurrentDictionary<SyntaxNode, bool> _assemblyChains = new();
        private readonly ConcurrentDictionary<SyntaxNode, HashSet<string>> _stepReceivers = new();

        public ChainCache(BuilderSymbols symbols) => _symbols = symbols;

        /// <summary>
        /// Whether <paramref name="step"/> (a chain's outermost expression) is read by the analysis of an assembly chain, so that
        /// it needs none of its own: it is, through parentheses, an argument of a <c>.Step(...)</c> call of a chain whose
        /// outermost call is analysed as ImageSdk's assembly builder (<see cref="IsReadAsAssembly"/>: one semantic question per
        /// chain). A user's own type of the same name, a chain through an extension method above or below the call, or an alias
        /// of the builder's name leave the step to be judged on its own. A step the assembly then does not read (its name is not
        /// a constant, or is taken) is judged on its own by the assembly's analysis.
        /// </summary>
        public bool IsReadWithItsAssembly(SyntaxNode step, SemanticModel model, System.Threading.CancellationToken cancellationToken)
        {
            var argument = step.Parent;
            while (argument is Microsoft.CodeAnalysis.CSharp.Syntax.ParenthesizedExpressionSyntax)
            {
                argument = argument.Parent;
            }

            if (argument is not Microsoft.CodeAnalysis.CSharp.Syntax.ArgumentSyntax { Parent: Microsoft.CodeAnalysis.CSharp.Syntax.ArgumentListSyntax { Parent: Microsoft.CodeAnalysis.CSharp.Syntax.InvocationExpressionSyntax call } }
                || call.Expression is not Microsoft.CodeAnalysis.CSharp.Syntax.MemberAccessExpressionSyntax { Name.Identifier.ValueText: var method }
                || method != SchemaTables.Grammar.StepMethod)
            {
                return false;
            }

            // The chain's outermost call: up through `.Name(...)` calls on this one and parentheses.
            var outermost = call;
            SyntaxNode current = call;
            while (true)
            {
                var parent = current.Parent;
                if (parent is Microsoft.CodeAnalysis.CSharp.Syntax.ParenthesizedExpressionSyntax)
                {
                    current = parent;
                }
                else if (parent is Microsoft.CodeAnalysis.CSharp.Syntax.MemberAccessExpressionSyntax { Parent: Microsoft.CodeAnalysis.CSharp.Syntax.InvocationExpressionSyntax next } access
                    && access.Expression == current && next.Expression == access)
                {
                    current = outermost = next;
                }
                else
                {
                    break;
                }
            }

            if (_assemblyChains.TryGetValue(outermost, out var read))
            {
                return read;
            }

            read = IsReadAsAssembly(outermost, model, cancellationToken);
            _assemblyChains.TryAdd(outermost, read);
            return read;
        }

        /// <summary>
        /// Whether the analysis reads <paramref name="outermost"/> as an assembly chain: what <see cref="Analyze"/> asks of it (an
        /// outermost chain by its syntax, calls on instances down to <c>new AssemblyBuilder()</c> of ImageSdk), so every
        /// <c>.Step</c> call on the way is one the reader reads.
        /// </summary>
        private bool IsReadAsAssembly(Microsoft.CodeAnalysis.CSharp.Syntax.InvocationExpressionSyntax outermost, SemanticModel model, System.Threading.CancellationToken cancellationToken) =>
            LooksLikeBuilderChain(outermost)
            && model.GetOperation(outermost, cancellationToken) is IInvocationOperation { Type: not null } operation
            && !IsInsideChain(operation)
            && BuilderChainReader.Chain(operation).Root?.Type is { } root
            && SymbolEqualityComparer.Default.Equals(root, _symbols.AssemblyBuilder);

        /// <summary>The names in <paramref name="body"/> that <c>.Step</c> is called on (<c>builder.Step(...)</c>).</summary>
        public HashSet<string> StepReceivers(SyntaxNode body) => _stepReceivers.GetOrAdd(body, b => new HashSet<string>(
            b.DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.MemberAccessExpressionSyntax>()
                .Where(access => access.Name.Identifier.ValueText == SchemaTables.Grammar.StepMethod)
                .Select(access => access.Expression)
                .OfType<Microsoft.CodeAnalysis.CSharp.Syntax.IdentifierNameSyntax>()
                .Select(id => id.Identifier.ValueText),
            System.StringComparer.Ordinal));
    }
}
