using System;
using System.IO;
using System.Linq;
using ImageSdk.Analyzer;
using ImageSdk.Validation;
using Microsoft.CodeAnalysis;
using Xunit;

namespace ImageSdk.Generators.Tests.Analyzer;

/// <summary>
/// The catalogue (<see cref="ValidationRules"/>) is the one truth of every IMG code: the analyzer's descriptors, the
/// release-tracking file and the docs table must say the same on every column, Transloadit's code included.
/// </summary>
public sealed class DiagnosticCatalogueTests
{
    private static readonly string Root = FindRoot();

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
    public void The_release_tracking_file_lists_exactly_the_catalogue()
    {
        var rows = File.ReadAllLines(Path.Combine(Root, "src", "Analyzer", "AnalyzerReleases.Unshipped.md"))
            .Where(line => line.StartsWith("IMG", StringComparison.Ordinal))
            .Select(line => string.Join(" | ", line.Split('|').Select(cell => cell.Trim())))
            .ToArray();

        Assert.Equal(ValidationRules.All.Select(r => $"{r.Code} | ImageSdk.{r.Category} | {Severity(r.DefaultSeverity)} | {r.Title}").ToArray(), rows);
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
