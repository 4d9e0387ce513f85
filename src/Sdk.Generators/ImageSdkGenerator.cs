using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using ImageSdk.Generators.Emit;
using ImageSdk.Generators.Reading;
using ImageSdk.Generators.Model;

namespace ImageSdk.Generators;

/// <summary>
/// Turns schema/ (AdditionalFiles: <c>*.schema.json</c> and <c>models.json</c>) into typed fluent step builders,
/// enums, the model type, the assembly builder and the schema tables. Schema problems are IMG9xxx diagnostics.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class ImageSdkGenerator : IIncrementalGenerator
{
    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        // A project's own robot schemas carry the item metadata ImageSdkSchema="robot" (see the package's buildTransitive props).
        var documents = context.AdditionalTextsProvider
            .Where(static text => SchemaDocument.IsSchemaFile(text.Path))
            .Combine(context.AnalyzerConfigOptionsProvider)
            .Select(static (pair, ct) =>
            {
                var tag = pair.Right.GetOptions(pair.Left).TryGetValue("build_metadata.AdditionalFiles.ImageSdkSchema", out var kind) ? kind : null;
                return SchemaDocument.Read(pair.Left, ct) with
                {
                    UserRobot = string.Equals(tag, "robot", StringComparison.OrdinalIgnoreCase),
                    Tagged = !string.IsNullOrEmpty(tag),
                };
            })
            .WithTrackingName(TrackingNames.Documents);

        // What to emit (ImageSdkGeneratorOutput): everything (src/Sdk); SchemaTables, the tables only (the analyzer, a Roslyn
        // component with no runtime to build on); UserRobots, only a project's own robots (set by the package for its users).
        var output = context.AnalyzerConfigOptionsProvider
            .Select(static (options, _) => options.GlobalOptions.TryGetValue("build_property.ImageSdkGeneratorOutput", out var value) ? value : null)
            .WithTrackingName(TrackingNames.Options);

        // In a project that uses the package (UserRobots), only files with ImageSdkSchema metadata are ImageSdk's.
        var model = documents.Collect()
            .Combine(output)
            .Select(static (pair, ct) => SchemaReader.Read(pair.Left, ct, taggedOnly: IsUserRobots(pair.Right)))
            .WithTrackingName(TrackingNames.Model);

        var diagnostics = model.Select(static (m, _) => m.Diagnostics).WithTrackingName(TrackingNames.Diagnostics);
        context.RegisterSourceOutput(diagnostics, static (spc, items) =>
        {
            foreach (var item in items)
            {
                spc.ReportDiagnostic(item.ToDiagnostic());
            }
        });

        model = model.Combine(output)
            .Select(static (pair, _) =>
                string.Equals(pair.Right, "SchemaTables", StringComparison.OrdinalIgnoreCase) ? pair.Left.TablesOnly()
                : IsUserRobots(pair.Right) ? pair.Left.UserRobotsOnly()
                : pair.Left)
            .WithTrackingName(TrackingNames.Output);

        var robots = model.SelectMany(static (m, _) => m.Robots).WithTrackingName(TrackingNames.Robots);
        context.RegisterSourceOutput(robots, static (spc, robot) =>
            Add(spc, $"ImageSdk.{robot.BuilderName}.g.cs", robot.Name, () => BuilderEmitter.EmitRobot(robot)));

        var enums = model.SelectMany(static (m, _) => m.Enums).WithTrackingName(TrackingNames.Enums);
        context.RegisterSourceOutput(enums, static (spc, e) =>
            Add(spc, $"ImageSdk.{e.Name}.g.cs", e.Name, () => EnumEmitter.Emit(e)));

        var catalog = model.Select(static (m, _) => m.Catalog).WithTrackingName(TrackingNames.Catalog);
        context.RegisterSourceOutput(catalog, static (spc, c) =>
        {
            if (c is not null)
            {
                Add(spc, $"ImageSdk.{c.TypeName}.g.cs", c.TypeName, () => CatalogEmitter.Emit(c));
            }
        });

        var envelope = model.Select(static (m, _) => m.Envelope).WithTrackingName(TrackingNames.Envelope);
        context.RegisterSourceOutput(envelope, static (spc, e) =>
        {
            if (e is not null)
            {
                Add(spc, $"ImageSdk.{e.BuilderName}.g.cs", e.BuilderName, () => BuilderEmitter.EmitEnvelope(e));
            }
        });

        var tables = model.Select(static (m, _) => m.Tables).WithTrackingName(TrackingNames.Tables);
        context.RegisterSourceOutput(tables, static (spc, t) =>
        {
            if (t is not null)
            {
                Add(spc, "ImageSdk.Tables.SchemaTables.g.cs", "SchemaTables", () => TablesEmitter.Emit(t));
            }
        });
    }

    private static bool IsUserRobots(string? output) => string.Equals(output, "UserRobots", StringComparison.OrdinalIgnoreCase);

    /// <summary>Adds one generated file; an emitter failure becomes IMG9999 instead of crashing the compiler.</summary>
    private static void Add(SourceProductionContext context, string hintName, string what, Func<string> emit)
    {
        try
        {
            context.AddSource(hintName, SourceText.From(emit(), System.Text.Encoding.UTF8));
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.InternalError, Location.None, $"The generator failed emitting {what} ({hintName}): {DiagnosticInfo.Describe(ex)}. Please report it with the schema"));
        }
    }
}
