using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace ImageSdk.Generators.Tests;

public class IncrementalTests
{
    private static readonly string[] TrackedSteps =
    {
        TrackingNames.Documents, TrackingNames.Model, TrackingNames.Diagnostics, TrackingNames.Robots, TrackingNames.Enums,
        TrackingNames.Catalog, TrackingNames.Envelope, TrackingNames.Tables, TrackingNames.Options, TrackingNames.Output,
    };

    [Fact]
    public void An_unrelated_csharp_edit_leaves_every_tracked_step_cached_or_unchanged()
    {
        var compilation = GeneratorHarness.RuntimeCompilation();
        var driver = GeneratorHarness.CreateDriver(GeneratorHarness.Texts(GeneratorHarness.SchemaFiles()))
            .RunGenerators(compilation);

        var edited = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("namespace User { internal static class Unrelated { } }", GeneratorHarness.ParseOptions));
        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        // Over the real schema/: one builder model per robot file, every one of them cached.
        var robotFiles = GeneratorHarness.SchemaFiles().Keys.Count(k => k.StartsWith("robots/", System.StringComparison.Ordinal));
        Assert.True(robotFiles > 90, "robot files: " + robotFiles);
        Assert.Equal(robotFiles, result.TrackedSteps[TrackingNames.Robots].SelectMany(step => step.Outputs).Count());

        foreach (var name in TrackedSteps)
        {
            Assert.True(result.TrackedSteps.ContainsKey(name), "step not tracked: " + name);
            var reasons = result.TrackedSteps[name].SelectMany(step => step.Outputs).Select(output => output.Reason).ToList();
            Assert.NotEmpty(reasons);
            Assert.All(reasons, reason => Assert.True(
                reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged,
                $"{name} ran again: {reason}"));
        }

        Assert.All(
            result.TrackedOutputSteps.SelectMany(step => step.Value).SelectMany(step => step.Outputs),
            output => Assert.Equal(IncrementalStepRunReason.Cached, output.Reason));
    }

    [Theory]
    [InlineData("models.json")]
    [InlineData("robots/image-resize.schema.json")]
    [InlineData("robot-shared.schema.json")]
    public void A_whitespace_edit_of_a_schema_file_reparses_it_but_leaves_the_builders_cached(string file)
    {
        var files = GeneratorHarness.SchemaFiles();
        var compilation = GeneratorHarness.RuntimeCompilation();
        var texts = GeneratorHarness.Texts(files);
        var driver = GeneratorHarness.CreateDriver(texts).RunGenerators(compilation);

        var old = texts.Single(t => t.Path.EndsWith("/" + file, System.StringComparison.Ordinal));
        var reformatted = new InMemoryAdditionalText(old.Path, files[file].Replace("\n", "\n  "));
        var result = driver.ReplaceAdditionalText(old, reformatted).RunGenerators(compilation).GetRunResult().Results.Single();

        var documents = result.TrackedSteps[TrackingNames.Documents].SelectMany(s => s.Outputs).Select(o => o.Reason).ToList();
        Assert.Single(documents, r => r == IncrementalStepRunReason.Modified);
        var robots = result.TrackedSteps[TrackingNames.Robots].SelectMany(s => s.Outputs).Select(o => o.Reason).ToList();
        Assert.Equal(files.Keys.Count(k => k.StartsWith("robots/", System.StringComparison.Ordinal)), robots.Count); // all robots, not a subset
        Assert.All(robots, r => Assert.True(r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, "robots: " + r));
        Assert.All(
            result.TrackedOutputSteps.SelectMany(step => step.Value).SelectMany(step => step.Outputs),
            output => Assert.True(output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, "output: " + output.Reason));
    }

    [Fact]
    public void The_pipeline_models_hold_no_roslyn_objects()
    {
        var compilation = GeneratorHarness.RuntimeCompilation();
        var result = GeneratorHarness.CreateDriver(GeneratorHarness.Texts(GeneratorHarness.SchemaFiles()))
            .RunGenerators(compilation).GetRunResult().Results.Single();

        foreach (var name in TrackedSteps)
        {
            foreach (var output in result.TrackedSteps[name].SelectMany(s => s.Outputs))
            {
                AssertNoRoslynObjects(output.Value, new HashSet<object>(System.Collections.Generic.ReferenceEqualityComparer.Instance), name);
            }
        }
    }

    private static void AssertNoRoslynObjects(object? value, HashSet<object> visited, string path)
    {
        if (value is null || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum || !visited.Add(value))
        {
            return;
        }

        Assert.False(value is Compilation or ISymbol or SyntaxNode or SemanticModel or Location or AdditionalText, $"{path} holds a {value.GetType().Name}");
        if (value is System.Collections.IEnumerable items)
        {
            foreach (var item in items)
            {
                AssertNoRoslynObjects(item, visited, path + "[]");
            }

            return;
        }

        foreach (var field in value.GetType().GetFields(System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic))
        {
            AssertNoRoslynObjects(field.GetValue(value), visited, path + "." + field.Name);
        }
    }
}
