using System;
using System.Collections.Generic;

namespace ImageSdk.Validation;

/// <summary>One problem in assembly instructions.</summary>
/// <param name="Code">The stable IMG code, documented in <c>docs/diagnostics.md</c>.</param>
/// <param name="Severity">Error or warning.</param>
/// <param name="Path">An RFC 6901 JSON Pointer to the deepest offending value, e.g. <c>/steps/gen/num_outputs</c>.</param>
/// <param name="Line">The 1-based line in the JSON text.</param>
/// <param name="Column">The 1-based column (in characters) in the JSON text.</param>
/// <param name="Message">What is wrong and what is allowed.</param>
/// <param name="TransloaditCode">Transloadit's own error or lint code for the same problem, if it has one.</param>
public sealed record ValidationFinding(
    string Code,
    ValidationSeverity Severity,
    string Path,
    int Line,
    int Column,
    string Message,
    string? TransloaditCode)
{
    /// <summary>The finding in the MSBuild canonical form for <paramref name="file"/>: <c>FILE(LINE,COL): error IMGnnnn: message</c>, control characters escaped, so it is always one line.</summary>
    /// <param name="file">The file name to print.</param>
    public string ToCanonicalString(string file) => $"{ImageSdk.Tables.Printable.Escape(file)}({Line},{Column}): {SeverityName} {Code}: {ImageSdk.Tables.Printable.Escape(Message)}";

    /// <summary>The severity as the CLI and the JSON output spell it: <c>error</c> or <c>warning</c>.</summary>
    public string SeverityName => Severity == ValidationSeverity.Error ? "error" : "warning";

    /// <summary>Writes the finding as <c>{code, severity, path, line, column, message}</c>, the shape of <c>imagesdk validate --json</c>.</summary>
    /// <param name="writer">The writer.</param>
    public void WriteTo(System.Text.Json.Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        writer.WriteString("code", Code);
        writer.WriteString("severity", SeverityName);
        writer.WriteString("path", Path);
        writer.WriteNumber("line", Line);
        writer.WriteNumber("column", Column);
        writer.WriteString("message", Message);
        writer.WriteEndObject();
    }

    /// <inheritdoc/>
    public override string ToString() => ToCanonicalString(string.Empty);
}

/// <summary>The verdict on assembly instructions: whether they may run, and every finding in text order.</summary>
public sealed class ValidationResult
{
    private static readonly ValidationResult s_clean = new(Array.Empty<ValidationFinding>());

    private ValidationResult(IReadOnlyList<ValidationFinding> findings)
    {
        Findings = findings;
        foreach (var finding in findings)
        {
            if (finding.Severity == ValidationSeverity.Error)
            {
                ErrorCount++;
            }
        }
    }

    /// <summary>Whether no finding is an error. Warnings do not make instructions invalid.</summary>
    public bool IsValid => ErrorCount == 0;

    /// <summary>The number of findings that are errors.</summary>
    public int ErrorCount { get; }

    /// <summary>The number of findings that are warnings.</summary>
    public int WarningCount => Findings.Count - ErrorCount;

    /// <summary>Every finding, ordered by position in the text.</summary>
    public IReadOnlyList<ValidationFinding> Findings { get; }

    /// <summary>A result holding <paramref name="findings"/>, e.g. to report a file that could not be read like any other finding.</summary>
    /// <param name="findings">The findings, in the order to keep.</param>
    public static ValidationResult Create(IEnumerable<ValidationFinding> findings)
    {
        ArgumentNullException.ThrowIfNull(findings);
        return From(new List<ValidationFinding>(findings));
    }

    internal static ValidationResult From(List<ValidationFinding>? findings) =>
        findings is null || findings.Count == 0 ? s_clean : new ValidationResult(findings);
}
