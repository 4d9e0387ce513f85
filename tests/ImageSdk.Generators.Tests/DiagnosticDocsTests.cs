using System;
using System.IO;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;

namespace ImageSdk.Generators.Tests;

/// <summary>Each generator diagnostic (IMG9xxx) has its row in docs/diagnostics.md and in the release-tracking file, with its severity.</summary>
public class DiagnosticDocsTests
{
    private static readonly DiagnosticDescriptor[] All = typeof(Descriptors)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
        .Select(f => (DiagnosticDescriptor)f.GetValue(null)!)
        .ToArray();

    private static string Root()
    {
        var directory = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(directory, "ImageSdk.sln")))
        {
            directory = Path.GetDirectoryName(directory)!;
        }

        return directory;
    }

    [Fact]
    public void Each_descriptor_has_its_docs_row_release_row_and_lookup()
    {
        var docs = File.ReadAllLines(Path.Combine(Root(), "docs", "diagnostics.md"));
        var releases = File.ReadAllLines(Path.Combine(Root(), "src", "Sdk.Generators", "AnalyzerReleases.Unshipped.md"));

        Assert.Contains(All, d => d.Id == "IMG9999");
        Assert.All(All, descriptor =>
        {
            var row = docs.SingleOrDefault(line => line.StartsWith($"| <a id=\"{descriptor.Id.ToLowerInvariant()}\"></a>{descriptor.Id} | ", StringComparison.Ordinal));
            Assert.True(row is not null, $"{descriptor.Id} has no row in docs/diagnostics.md");
            Assert.Equal(descriptor.DefaultSeverity.ToString().ToLowerInvariant(), row!.Split('|')[2].Trim());
            Assert.Contains($"{descriptor.Id} | ImageSdk.Schema | {descriptor.DefaultSeverity} | Descriptors", releases);
            Assert.Same(descriptor, Descriptors.Find(descriptor.Id));
        });
        Assert.Equal(All.Length, docs.Count(line => line.StartsWith("| <a id=\"img9", StringComparison.Ordinal)));
    }
}
