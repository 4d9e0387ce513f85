extern alias sdk;

using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using ImageSdk.Transpiler;
using Microsoft.CodeAnalysis;
using Xunit.Abstractions;
using AssemblyValidator = sdk::ImageSdk.Validation.AssemblyValidator;

namespace ImageSdk.Analyzer.Tests;

/// <summary>
/// Exact spans on transpiled assemblies: where the validator reports a finding at a string or number of the JSON (a value
/// out of range, not allowed, of the wrong form), the analyzer reports the same code on the transpiled C# on that value's
/// literal alone: a number's digits, a string's quoted text (or the enum member that stands for it).
/// </summary>
public class AnalyzerSpanParityTests(ITestOutputHelper output)
{
    private static readonly string Assemblies = Path.Combine(AppContext.BaseDirectory, "samples", "assemblies");

    [Fact]
    public async Task The_analyzer_reports_a_value_finding_on_the_values_literal_in_every_transpiled_corpus_file()
    {
        var mismatches = new List<string>();
        var compared = 0;
        foreach (var file in Directory.GetFiles(Assemblies, "*.json").Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(file);
            var json = File.ReadAllBytes(file);
            var csharp = AssemblyTranspiler.ToCSharp(json, new CSharpOptions(ClassName: CSharpOptions.ClassNameFor(name)));
            if (!csharp.Succeeded || JsonNode.Parse(json) is not { } root)
            {
                continue;
            }

            var findings = AssemblyValidator.Validate(json).Findings;
            if (findings.Any(f => f.Code == "IMG1004"))
            {
                continue; // a repeated key: JsonNode keeps no last one to look the value up in
            }

            var values = findings
                .Where(f => f.Code.StartsWith("IMG13", StringComparison.Ordinal) && f.Code != "IMG1301")
                .Select(f => (f.Code, Value: At(root, f.Path)))
                .Where(f => f.Value is JsonValue)
                .ToList();
            if (values.Count == 0)
            {
                continue;
            }

            var code = csharp.Output!;
            var diagnostics = await AnalyzerVerifier.AnalyzeAsync(code);
            foreach (var (id, value) in values)
            {
                compared++;
                var spans = diagnostics.Where(d => d.Id == id).Select(d => code.Substring(d.Location.SourceSpan.Start, d.Location.SourceSpan.Length)).ToList();
                if (!spans.Any(span => Stands(span, (JsonValue)value!)))
                {
                    mismatches.Add($"{name}: {id} at {value!.ToJsonString()}; the analyzer's {id} spans: [{string.Join(" | ", spans)}]");
                }
            }
        }

        output.WriteLine($"{compared} value findings compared");
        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches));
        Assert.True(compared >= 20, $"only {compared} value findings compared");
    }

    /// <summary>
    /// Whether the C# <paramref name="span"/> is the literal of <paramref name="value"/> (a number's digits, a string's text, an
    /// enum member), or the transpiler's cast of it to <c>JsonNode</c> (a string where the parameter also takes an array).
    /// </summary>
    private static bool Stands(string span, JsonValue value) =>
        span.StartsWith("(JsonNode)", StringComparison.Ordinal) ? Stands(span["(JsonNode)".Length..], value) : IsLiteral(span, value);

    private static bool IsLiteral(string span, JsonValue value) => value.GetValueKind() switch
    {
        System.Text.Json.JsonValueKind.Number => double.TryParse(span.TrimEnd('L', 'd', 'm', 'f'), NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && n == value.GetValue<double>(),
        System.Text.Json.JsonValueKind.String => span == Microsoft.CodeAnalysis.CSharp.SymbolDisplay.FormatLiteral(value.GetValue<string>(), quote: true)
            || span.Split('.')[^1].Equals(value.GetValue<string>().Replace("_", string.Empty, StringComparison.Ordinal).Replace("-", string.Empty, StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase),
        _ => span is "true" or "false" or "null",
    };

    private static JsonNode? At(JsonNode root, string pointer)
    {
        var node = root;
        foreach (var segment in pointer.Split('/').Skip(1).Select(s => s.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)))
        {
            node = node switch
            {
                JsonObject o => o[segment],
                JsonArray a when int.TryParse(segment, out var i) && i < a.Count => a[i],
                _ => null,
            };
        }

        return node;
    }
}
