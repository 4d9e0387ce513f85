using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading;
using ImageSdk.Validation;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Formatting;

namespace ImageSdk.Transpiler;

/// <summary>How <see cref="AssemblyTranspiler.ToCSharp(ReadOnlySpan{byte}, CSharpOptions?)"/> names what it writes.</summary>
/// <param name="Namespace">The file-scoped namespace.</param>
/// <param name="ClassName">The static class.</param>
/// <param name="MethodName">The static method that returns the <see cref="AssemblyBuilder"/>.</param>
public sealed record CSharpOptions(string Namespace = "Assemblies", string ClassName = "AssemblyInstructions", string MethodName = "Build")
{
    /// <summary>The class name a file name suggests: <c>seed-inpaint.json</c> gives <c>SeedInpaint</c>.</summary>
    /// <param name="fileName">A file name or path.</param>
    public static string ClassNameFor(string fileName)
    {
        var stem = System.IO.Path.GetFileNameWithoutExtension(fileName);
        var name = string.Concat(stem.Split(['-', '_', '.', ' '], StringSplitOptions.RemoveEmptyEntries)
            .Select(part => new string(part.Where(char.IsLetterOrDigit).ToArray()))
            .Where(part => part.Length > 0)
            .Select(part => char.ToUpperInvariant(part[0]) + part[1..]));
        return name.Length == 0 ? "AssemblyInstructions" : char.IsDigit(name[0]) ? "Assembly" + name : name;
    }

    /// <summary>Why these names cannot stand in C# (not identifiers, or keywords), or null when they can.</summary>
    public string? Check() =>
        !IsName(Namespace, dotted: true) ? $"'{Namespace}' is not a C# namespace."
        : !IsName(ClassName, dotted: false) ? $"'{ClassName}' is not a C# class name."
        : !IsName(MethodName, dotted: false) ? $"'{MethodName}' is not a C# method name."
        : null;

    private static bool IsName(string? name, bool dotted) =>
        !string.IsNullOrEmpty(name) && (dotted ? name.Split('.') : [name]).All(part =>
            SyntaxFacts.IsValidIdentifier(part) && SyntaxFacts.GetKeywordKind(part) == Microsoft.CodeAnalysis.CSharp.SyntaxKind.None);
}

/// <summary>
/// Converts Assembly Instructions between JSON and ImageSdk builder code, both ways and without loss:
/// JSON → C# → JSON gives the same JSON value. It hosts Roslyn, which is why it is not part of ImageSdk itself.
/// </summary>
public static class AssemblyTranspiler
{
    /// <summary>
    /// Writes assembly JSON as one complete C# file: usings, a file-scoped namespace and a static class whose method returns
    /// the <see cref="AssemblyBuilder"/> chain, formatted by Roslyn. JSON the builders cannot express (a syntax error, an
    /// unknown parameter, a value of the wrong type) fails with the validator's findings; JSON that is expressible but
    /// invalid (svg from google/nano-banana) is written, and the analyzer flags it.
    /// </summary>
    /// <param name="utf8Json">The assembly instructions.</param>
    /// <param name="options">The names to use.</param>
    public static TranspileResult ToCSharp(ReadOnlySpan<byte> utf8Json, CSharpOptions? options = null)
    {
        options ??= new CSharpOptions();
        if (options.Check() is { } problem)
        {
            throw new ArgumentException(problem, nameof(options));
        }

        if (utf8Json.StartsWith(Encoding.UTF8.Preamble))
        {
            utf8Json = utf8Json[3..];
        }

        var findings = AssemblyValidator.Validate(utf8Json).Findings;
        if (findings.Any(f => f.Code is "IMG1001" or "IMG1002" or "IMG1003" or "IMG1005"))
        {
            return TranspileResult.Failure(findings.Select(ToError).ToList());
        }

        var writer = new JsonToCSharp();
        string? code;
        using (var document = JsonDocument.Parse(utf8Json.ToArray(), new JsonDocumentOptions { MaxDepth = 256 }))
        {
            code = writer.Write(document.RootElement, options.Namespace, options.ClassName, options.MethodName);
        }

        if (code is null)
        {
            // The validator's findings say why; a value it accepts but no builder call takes gets the transpiler's reason.
            var errors = findings.Where(f => f.Severity == ValidationSeverity.Error).Select(ToError).ToList();
            var explained = findings.Where(f => f.Severity == ValidationSeverity.Error).Select(f => f.Path).ToHashSet(StringComparer.Ordinal);
            var explainedBelow = explained.SelectMany(SelfAndAncestors).ToHashSet(StringComparer.Ordinal);
            JsonLocator? locator = null;
            foreach (var (path, reason) in writer.Inexpressible.Where(e => !explainedBelow.Contains(e.Path) && !SelfAndAncestors(e.Path).Any(explained.Contains)))
            {
                var (line, column) = (locator ??= new JsonLocator(utf8Json)).Locate(path);
                errors.Add(new TranspileError(null, line, column, $"{(path.Length == 0 ? "/" : path)}: {reason}"));
            }

            return TranspileResult.Failure(errors.OrderBy(e => e.Line).ThenBy(e => e.Column).ToList());
        }

        return TranspileResult.Success(LargeStack.Run(() => Format(code)));
    }

    /// <summary>Reads the one <c>new AssemblyBuilder()</c> chain of a C# file and writes its assembly as indented JSON.</summary>
    /// <param name="code">The C# source.</param>
    /// <param name="path">The file's name, for error positions.</param>
    /// <param name="cancellationToken">Cancels the compilation.</param>
    public static TranspileResult ToJson(string code, string path = "Assembly.cs", CancellationToken cancellationToken = default) => ToJson(code, path, null, cancellationToken);

    /// <summary>
    /// Reads the <c>new AssemblyBuilder()</c> chain named <paramref name="chain"/> (the variable, field, property or method it
    /// belongs to) of a C# file with several, and writes its assembly as indented JSON, keys in the builders' order. Code
    /// nested or chained beyond what transpile reads (more than 100 brackets deep, a chain of more than 10,000 calls, an
    /// expression of more than 1,000 operators) fails with IMG2006 at its line before the compiler reads it.
    /// </summary>
    /// <param name="code">The C# source.</param>
    /// <param name="path">The file's name, for error positions.</param>
    /// <param name="chain">The chain's name; null when the file has one chain.</param>
    /// <param name="cancellationToken">Cancels the compilation.</param>
    public static TranspileResult ToJson(string code, string path, string? chain, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(code);
        return LargeStack.Run(() => CSharpToJson.Transpile(code, path, chain, cancellationToken));
    }

    /// <summary><c>/a/b</c>, <c>/a</c> and the root, the empty pointer.</summary>
    private static IEnumerable<string> SelfAndAncestors(string pointer)
    {
        for (var end = pointer.Length; end > 0; end = pointer.LastIndexOf('/', end - 1))
        {
            yield return pointer[..end];
        }

        yield return string.Empty;
    }

    private static TranspileError ToError(ValidationFinding finding) =>
        new(finding.Code, finding.Line, finding.Column, finding.Message, finding.Severity == ValidationSeverity.Error ? "error" : "warning");

    private static string Format(string code)
    {
        var tree = CSharpSyntaxTree.ParseText(code, new CSharpParseOptions(LanguageVersion.Latest));
        using var workspace = new AdhocWorkspace();
        var options = workspace.Options
            .WithChangedOption(FormattingOptions.NewLine, LanguageNames.CSharp, "\n");
        return Formatter.Format(tree.GetRoot(), workspace, options).ToFullString();
    }
}
