using System;
using System.IO;
using System.Linq;
using ImageSdk.Analyzer;
using ImageSdk.Validation;
using Microsoft.CodeAnalysis;
using Xunit;

namespace ImageSdk.Analyzer.Tests;

/// <summary>
/// The catalogue (<see cref="ValidationRules"/>) is the one truth of every IMG code. The analyzer's descriptors
/// (src/Analyzer/Descriptors.cs, constant arguments for release tracking) and the release-tracking file are generated
/// from it: these tests render both and compare them with the files, and rewrite them when run with
/// <c>IMAGESDK_REGENERATE=1</c>. The docs table must say the same on every column, Transloadit's code included.
/// </summary>
public sealed class DiagnosticCatalogueTests
{
    private static readonly bool Regenerate = Environment.GetEnvironmentVariable("IMAGESDK_REGENERATE") == "1";

    /// <summary>The repository: its docs and schema are read, never written (except with IMAGESDK_REGENERATE=1).</summary>
    internal static readonly string Root = FindRoot();

    private static string FindRoot()
    {
        var directory = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(directory, "ImageSdk.sln")))
        {
            directory = Path.GetDirectoryName(directory)!;
        }

        return directory;
    }

    private static string Severity(ValidationSeverity severity) => severity == ValidationSeverity.Error ? "Error" : "Warning";

    [Fact]
    public void Each_descriptor_is_its_catalogue_row_on_every_column()
    {
        var descriptors = new AssemblyBuilderAnalyzer().SupportedDiagnostics.ToDictionary(d => d.Id, StringComparer.Ordinal);

        Assert.All(ValidationRules.All, rule =>
        {
            Assert.True(descriptors.TryGetValue(rule.Code, out var descriptor), $"{rule.Code} has no descriptor");
            Assert.Equal(rule.Title, descriptor!.Title.ToString());
            Assert.Equal("ImageSdk." + rule.Category, descriptor.Category);
            Assert.Equal(rule.DefaultSeverity == ValidationSeverity.Error ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning, descriptor.DefaultSeverity);
            Assert.Equal(rule.TransloaditCode is null ? string.Empty : $"Transloadit reports this as {rule.TransloaditCode}.", descriptor.Description.ToString());
            Assert.Equal(rule.HelpUri, descriptor.HelpLinkUri);
        });
        Assert.Empty(descriptors.Keys.Except(ValidationRules.All.Select(r => r.Code)));
    }

    [Fact]
    public void The_descriptors_file_is_generated_from_the_catalogue()
    {
        AssertGenerated(Path.Combine(Root, "src", "Analyzer", "Descriptors.cs"), DescriptorsSource());
    }

    [Fact]
    public void The_release_tracking_file_is_generated_from_the_catalogue()
    {
        AssertGenerated(Path.Combine(Root, "src", "Analyzer", "AnalyzerReleases.Unshipped.md"), string.Join("\n",
            new[]
            {
                "; Unshipped analyzer release",
                "; https://github.com/dotnet/roslyn-analyzers/blob/main/src/Microsoft.CodeAnalysis.Analyzers/ReleaseTrackingAnalyzers.Help.md",
                string.Empty,
                "### New Rules",
                string.Empty,
                "Rule ID | Category | Severity | Notes",
                "--------|----------|----------|-------",
            }.Concat(ValidationRules.All.Select(r => $"{r.Code} | ImageSdk.{r.Category} | {Severity(r.DefaultSeverity)} | {r.Title}"))) + "\n");
    }

    /// <summary>Descriptors.cs as the catalogue gives it: one descriptor per rule, named as the rule, in code order.</summary>
    private static string DescriptorsSource()
    {
        var names = typeof(ValidationRules).GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
            .Where(f => f.FieldType == typeof(ValidationRule))
            .ToDictionary(f => (ValidationRule)f.GetValue(null)!, f => f.Name);
        var code = new System.Text.StringBuilder();
        code.Append("""
            // Generated from the diagnostic catalogue (src/Shared/Validation/ValidationRule.cs) by
            // tests/ImageSdk.Analyzer.Tests/DiagnosticCatalogueTests.cs: do not edit; run those tests with IMAGESDK_REGENERATE=1.
            // Written as ordinary source (no generated-code marker), so that release tracking (RS2000-RS2008) still analyses it.
            using System.Collections.Immutable;
            using System.Linq;
            using ImageSdk.Validation;
            using Microsoft.CodeAnalysis;

            namespace ImageSdk.Analyzer;

            /// <summary>
            /// One descriptor per IMG code of the catalogue (<see cref="ValidationRules"/>), with constant arguments so that
            /// release tracking (AnalyzerReleases.*.md) sees them. Severities can be changed per code in .editorconfig
            /// (<c>dotnet_diagnostic.IMG1502.severity = warning</c>).
            /// </summary>
            internal static class Descriptors
            {
                private const string Help = "https://github.com/imagesdk/imagesdk/blob/main/docs/diagnostics.md#";

            """);
        foreach (var rule in ValidationRules.All)
        {
            var description = rule.TransloaditCode is null ? "null" : $"\"Transloadit reports this as {rule.TransloaditCode}.\"";
            var severity = rule.DefaultSeverity == ValidationSeverity.Error ? "Error" : "Warning";
            code.Append($$"""
                    /// <summary>{{rule.Code}}: {{rule.Title}}.</summary>
                    public static readonly DiagnosticDescriptor {{names[rule]}} = new(DiagnosticIds.{{names[rule]}}, "{{rule.Title}}", "{0}", "ImageSdk.{{rule.Category}}", DiagnosticSeverity.{{severity}}, isEnabledByDefault: true, description: {{description}}, helpLinkUri: Help + "{{rule.Code.ToLowerInvariant()}}");


                """);
        }

        code.Append($$"""
                /// <summary>Every descriptor, in code order.</summary>
                public static ImmutableArray<DiagnosticDescriptor> All { get; } = ImmutableArray.Create({{string.Join(", ", ValidationRules.All.Select(r => names[r]))}});

                /// <summary>The descriptor of a rule.</summary>
                public static DiagnosticDescriptor For(ValidationRule rule) => All.First(d => d.Id == rule.Code);
            }

            """);
        return code.ToString();
    }

    private static void AssertGenerated(string path, string expected)
    {
        if (Regenerate)
        {
            File.WriteAllText(path, expected);
        }

        Assert.True(File.ReadAllText(path) == expected, $"{path} is not what the catalogue generates; run these tests with IMAGESDK_REGENERATE=1 and commit the file");
    }

    [Fact]
    public void The_docs_table_gives_each_code_its_severity_and_transloadit_code()
    {
        var docs = File.ReadAllLines(Path.Combine(Root, "docs", "diagnostics.md"));

        Assert.All(ValidationRules.All, rule =>
        {
            var row = docs.SingleOrDefault(line => line.StartsWith($"| <a id=\"{rule.Code.ToLowerInvariant()}\"></a>{rule.Code} ", StringComparison.Ordinal));
            Assert.True(row is not null, $"{rule.Code} has no row in docs/diagnostics.md");
            var cells = System.Text.RegularExpressions.Regex.Split(row!, @"(?<!\\)\|").Select(cell => cell.Trim()).ToArray(); // "\|" is a pipe inside a cell
            Assert.Equal(Severity(rule.DefaultSeverity).ToLowerInvariant(), cells[2]);
            if (rule.TransloaditCode == ValidationRules.UnknownParameter.TransloaditCode)
            {
                // Reported under the robot's own code (e.g. IMAGE_GENERATE_VALIDATION), as Transloadit's API does.
                Assert.Matches("^`[A-Z_]+_VALIDATION`$", cells[4]);
            }
            else
            {
                Assert.Equal(rule.TransloaditCode is null ? "—" : $"`{rule.TransloaditCode}`", cells[4]);
            }
        });
    }
}
