using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using ImageSdk.Validation;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ImageSdk.Analyzer.CodeFixes;

/// <summary>
/// Fixes for builder diagnostics. The analyzer puts what a fix needs in the diagnostic's properties (a did-you-mean, the
/// clamped number, a model that can, a value the model can); the fixes only rewrite syntax. Fix All works in document,
/// project and solution (batch fixer; one equivalence key per kind of fix).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(BuilderCodeFixProvider)), Shared]
public sealed class BuilderCodeFixProvider : CodeFixProvider
{
    private const string FormatNotSupported = DiagnosticIds.FormatNotSupported;
    private const string OutOfRange = DiagnosticIds.OutOfRange;
    private const string UnknownModel = DiagnosticIds.UnknownModel;
    private const string UnknownStep = DiagnosticIds.UnknownStep;

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(FormatNotSupported, OutOfRange, UnknownModel, UnknownStep);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not { } node)
            {
                continue;
            }

            var argument = node.FirstAncestorOrSelf<ArgumentSyntax>();
            var properties = diagnostic.Properties;
            switch (diagnostic.Id)
            {
                case FormatNotSupported when argument is not null:
                    if (properties.TryGetValue(FixProperty.ModelMember, out var model) && model is not null && properties.TryGetValue(FixProperty.Model, out var modelId))
                    {
                        context.RegisterCodeFix(
                            CodeAction.Create($"Use model {modelId}", c => UseModelAsync(context.Document, argument, model, c), "ImageSdk.UseModel." + model),
                            diagnostic);
                    }

                    if (properties.TryGetValue(FixProperty.ValueMember, out var format) && format is not null && argument.Expression is MemberAccessExpressionSyntax access)
                    {
                        var replacement = access.WithName(SyntaxFactory.IdentifierName(format)).WithTriviaFrom(access);
                        context.RegisterCodeFix(
                            CodeAction.Create($"Use format {properties[FixProperty.Value]}", c => ReplaceAsync(context.Document, access, replacement, c), "ImageSdk.UseFormat." + format),
                            diagnostic);
                    }

                    break;

                case OutOfRange when argument is not null && properties.TryGetValue(FixProperty.Clamp, out var clamp) && clamp is not null && int.TryParse(clamp, out var number):
                    context.RegisterCodeFix(
                        CodeAction.Create($"Clamp to {clamp}", c => ReplaceAsync(context.Document, argument.Expression, SyntaxFactory.LiteralExpression(SyntaxKind.NumericLiteralExpression, SyntaxFactory.Literal(number)).WithTriviaFrom(argument.Expression), c), "ImageSdk.Clamp"),
                        diagnostic);
                    break;

                case UnknownModel or UnknownStep when properties.TryGetValue(FixProperty.Replace, out var suggestion) && suggestion is not null
                    && node.FirstAncestorOrSelf<LiteralExpressionSyntax>() is { } literal && literal.IsKind(SyntaxKind.StringLiteralExpression):
                    context.RegisterCodeFix(
                        CodeAction.Create($"Use '{suggestion}'", c => ReplaceAsync(context.Document, literal, SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(suggestion)).WithTriviaFrom(literal), c), "ImageSdk.DidYouMean"),
                        diagnostic);
                    break;
            }
        }
    }

    private static async Task<Document> ReplaceAsync(Document document, SyntaxNode old, SyntaxNode replacement, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        return root is null ? document : document.WithSyntaxRoot(root.ReplaceNode(old, replacement));
    }

    /// <summary>Sets the step's model: replaces the argument of its <c>.Model(...)</c> call, or adds one before the call that was wrong.</summary>
    private static async Task<Document> UseModelAsync(Document document, ArgumentSyntax formatArgument, string modelMember, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || formatArgument.FirstAncestorOrSelf<InvocationExpressionSyntax>() is not { Expression: MemberAccessExpressionSyntax formatAccess } formatCall)
        {
            return document;
        }

        var newModel = SyntaxFactory.ParseExpression("ImageModel." + modelMember);
        for (var receiver = formatAccess.Expression; receiver is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access } call; receiver = access.Expression)
        {
            if (access.Name.Identifier.ValueText == "Model" && call.ArgumentList.Arguments.Count == 1)
            {
                var old = call.ArgumentList.Arguments[0].Expression;
                return document.WithSyntaxRoot(root.ReplaceNode(old, newModel.WithTriviaFrom(old)));
            }
        }

        // No .Model(...): the default model was in force; add one in front of the failing call.
        var withModel = SyntaxFactory.InvocationExpression(
            SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, formatAccess.Expression, SyntaxFactory.IdentifierName("Model")),
            SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(newModel))));
        return document.WithSyntaxRoot(root.ReplaceNode(formatAccess.Expression, withModel.WithTriviaFrom(formatAccess.Expression)));
    }
}
