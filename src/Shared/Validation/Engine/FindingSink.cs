using System.Collections.Generic;

namespace ImageSdk.Validation.Engine;

/// <summary>A finding as the rules report it: against a value of the document, before any front end places it.</summary>
/// <param name="Rule">The rule that fired.</param>
/// <param name="Severity">The severity after options.</param>
/// <param name="Node">The offending value.</param>
/// <param name="AtName">Whether the finding is about the member name rather than its value (an unknown key).</param>
/// <param name="Message">What is wrong and what is allowed.</param>
/// <param name="TransloaditCode">Transloadit's own code, if any.</param>
/// <param name="Offset">For a syntax error, the byte offset in the JSON text; otherwise -1 and <paramref name="Node"/> places it.</param>
/// <param name="Fix">What would fix it, for code fixes: <c>replace</c> (a did-you-mean), <c>clamp</c> (the nearest allowed number),
/// <c>model</c> and <c>value</c> (a model that can, or a value the model can).</param>
internal readonly record struct RawFinding(ValidationRule Rule, ValidationSeverity Severity, int Node, bool AtName, string Message, string? TransloaditCode, int Offset = -1, IReadOnlyDictionary<string, string>? Fix = null);

/// <summary>Collects findings; allocates nothing until the first one.</summary>
internal sealed class FindingSink
{
    private List<RawFinding>? _findings;

    public int Count => _findings?.Count ?? 0;

    public IReadOnlyList<RawFinding> Findings => (IReadOnlyList<RawFinding>?)_findings ?? System.Array.Empty<RawFinding>();

    public bool HasErrors
    {
        get
        {
            if (_findings is null)
            {
                return false;
            }

            foreach (var finding in _findings)
            {
                if (finding.Severity == ValidationSeverity.Error)
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>Adds a finding; control characters in its message (a step name with a line break and ESC) are escaped, so no finding can forge a CI annotation or drive a terminal.</summary>
    public void Add(RawFinding finding) => (_findings ??= new List<RawFinding>()).Add(finding with { Message = ImageSdk.Tables.Printable.Escape(finding.Message) });

    public void Clear() => _findings?.Clear();
}
