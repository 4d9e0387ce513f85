using System.Collections.Immutable;
using System.Composition;
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
/// Fixes for builder diagnostics: one per diagnostic, the fix the shared planner chose (<c>FixPlanner</c>, the one
/// <c>imagesdk validate --fix</c> applies to JSON). The analyzer puts the plan in the diagnostic's properties (the value to
/// write, its enum member, or the builder call to add); the fix only rewrites syntax. Fix All works in document, project and
/// solution (batch fixer; one equivalence key per kind of fix, and per format or model for IMG1502).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(BuilderCodeFixProvider)), Shared]
public sealed class BuilderCodeFixProvider : CodeFixProvider
{
    /// <inheritdoc/>
    /// <remarks>IMG1204 and IMG1203 in C# are a builder method or a step builder type that does not exist (<c>.Widht(512)</c>, <c>new ImageResiseStep()</c>): the fix renames it to the did-you-mean.</remarks>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(
        DiagnosticIds.FormatNotSupported, DiagnosticIds.OutOfRange, DiagnosticIds.NotAnInteger, DiagnosticIds.NumberStringUnchecked, DiagnosticIds.UnknownModel, DiagnosticIds.UnknownStep,
        DiagnosticIds.UnknownParameter, DiagnosticIds.UnknownRobot, DiagnosticIds.NotAllowed);

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
            var properties = diagnostic.Properties;
            if (!properties.TryGetValue(FixProperty.Action, out var action) || !properties.TryGetValue(FixProperty.Value, out var value) || value is null
                || root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not { } node
                || (node as ExpressionSyntax ?? (node as ArgumentSyntax)?.Expression) is not { } expression)
            {
                continue;
            }

            var document = context.Document;
            switch (action)
            {
                case FixProperty.ReplaceAction:
                    var replacement = Replacement(expression, value, properties);
                    var (title, key) = diagnostic.Id switch
                    {
                        DiagnosticIds.FormatNotSupported => ($"Use format {value}", "ImageSdk.UseFormat." + (properties.TryGetValue(FixProperty.ValueMember, out var member) ? member : value)),
                        DiagnosticIds.UnknownModel or DiagnosticIds.UnknownStep or DiagnosticIds.UnknownRobot or DiagnosticIds.NotAllowed => ($"Use '{value}'", "ImageSdk.DidYouMean"),
                        _ => ($"Clamp to {value}", "ImageSdk.Clamp"),
                    };
                    context.RegisterCodeFix(CodeAction.Create(title, c => ReplaceAsync(document, expression, replacement, c), key), diagnostic);
                    break;

                case FixProperty.RenameAction when expression is SimpleNameSyntax name:
                    // A misspelt builder method or step builder type (IMG1204, IMG1203): the did-you-mean in its place.
                    context.RegisterCodeFix(
                        CodeAction.Create($"Use '{value}'", c => ReplaceAsync(document, name, SyntaxFactory.IdentifierName(value).WithTriviaFrom(name), c), "ImageSdk.DidYouMean"),
                        diagnostic);
                    break;

                case FixProperty.AddAction when properties.TryGetValue(FixProperty.Method, out var method) && method is not null:
                    var argument = properties.TryGetValue(FixProperty.Expression, out var code) && code is not null
                        ? SyntaxFactory.ParseExpression(code)
                        : SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(value));
                    var added = properties.TryGetValue(FixProperty.ValueMember, out var addedMember) && addedMember is not null ? addedMember : value;
                    context.RegisterCodeFix(
                        CodeAction.Create($"Use {(properties.TryGetValue(FixProperty.Parameter, out var parameter) ? parameter : method)} {value}", c => AddCallAsync(document, expression, method, argument, c), $"ImageSdk.Use{method}.{added}"),
                        diagnostic);
                    break;
            }
        }
    }

    /// <summary>The value to write where <paramref name="expression"/> stands: the enum member in the user's own qualification, a string literal, or a number.</summary>
    private static ExpressionSyntax Replacement(ExpressionSyntax expression, string value, ImmutableDictionary<string, string?> properties)
    {
        if (properties.TryGetValue(FixProperty.ValueMember, out var member) && member is not null && expression is MemberAccessExpressionSyntax access)
        {
            return access.WithName(SyntaxFactory.IdentifierName(member)).WithTriviaFrom(access);
        }

        var written = properties.TryGetValue(FixProperty.Quoted, out var quoted) && quoted == "true"
            ? SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(value))
            : SyntaxFactory.ParseExpression(value); // a number as JSON writes it is a C# literal: 10, -1, 0.5, 1E+21
        return written.WithTriviaFrom(expression);
    }

    private static async Task<Document> ReplaceAsync(Document document, SyntaxNode old, SyntaxNode replacement, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        return root is null ? document : document.WithSyntaxRoot(root.ReplaceNode(old, replacement));
    }

    /// <summary>Adds <c>.Method(argument)</c> to the step's chain, in front of the call whose argument was wrong (the planner adds only a parameter the step does not set).</summary>
    private static async Task<Document> AddCallAsync(Document document, ExpressionSyntax wrong, string method, ExpressionSyntax argument, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || wrong.FirstAncestorOrSelf<InvocationExpressionSyntax>() is not { Expression: MemberAccessExpressionSyntax call })
        {
            return document;
        }

        var added = SyntaxFactory.InvocationExpression(
            SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, call.Expression.WithoutTrailingTrivia(), SyntaxFactory.IdentifierName(method)),
            SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(argument))));
        return document.WithSyntaxRoot(root.ReplaceNode(call.Expression, added.WithTriviaFrom(call.Expression)));
    }
}
