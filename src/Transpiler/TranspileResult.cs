using System.Collections.Generic;

namespace ImageSdk.Transpiler;

/// <summary>Why an input could not be transpiled: where (1-based, in the input text) and what.</summary>
/// <param name="Code">The IMG code of a validator finding, or null for the transpiler's own reasons.</param>
/// <param name="Line">The 1-based line.</param>
/// <param name="Column">The 1-based character column.</param>
/// <param name="Message">What is wrong and what is allowed.</param>
/// <param name="Severity"><c>error</c> or <c>warning</c>.</param>
public sealed record TranspileError(string? Code, int Line, int Column, string Message, string Severity = "error")
{
    /// <summary>The MSBuild canonical form, <c>FILE(LINE,COL): error CODE: message</c>.</summary>
    /// <param name="file">The input's name.</param>
    public string ToCanonicalString(string file) =>
        $"{file}({Line},{Column}): {Severity}{(Code is null ? string.Empty : " " + Code)}: {Message}";
}

/// <summary>The outcome of a transpilation: the output text, or the reasons there is none.</summary>
public sealed class TranspileResult
{
    private TranspileResult(string? output, IReadOnlyList<TranspileError> errors)
    {
        Output = output;
        Errors = errors;
    }

    /// <summary>The C# file or the indented JSON; null when the input cannot be transpiled.</summary>
    public string? Output { get; }

    /// <summary>Why the input cannot be transpiled; empty on success.</summary>
    public IReadOnlyList<TranspileError> Errors { get; }

    /// <summary>Whether <see cref="Output"/> holds the result.</summary>
    public bool Succeeded => Output is not null;

    internal static TranspileResult Success(string output) => new(output, []);

    internal static TranspileResult Failure(IReadOnlyList<TranspileError> errors) => new(null, errors);
}
