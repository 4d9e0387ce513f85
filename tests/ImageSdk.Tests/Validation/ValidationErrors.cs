using System.Linq;
using ImageSdk.Validation;

namespace ImageSdk.Tests.Validation;

/// <summary>The error findings of a document, for tests that compare them with the linter's verdicts.</summary>
internal static class ValidationErrors
{
    /// <summary>The findings of <paramref name="json"/> with error severity, in the validator's order.</summary>
    public static ValidationFinding[] Errors(string json) =>
        AssemblyValidator.Validate(json).Findings.Where(f => f.Severity == ValidationSeverity.Error).ToArray();
}
