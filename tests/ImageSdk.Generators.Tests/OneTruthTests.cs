using System;
using System.Linq;
using System.Text.RegularExpressions;

namespace ImageSdk.Generators.Tests;

/// <summary>A model added only to models.json reaches the model type and the schema tables with no C# edit.</summary>
public class OneTruthTests
{
    [Fact]
    public void A_model_added_only_to_models_json_appears_in_the_model_type_and_the_rule_tables()
    {
        var files = GeneratorHarness.SchemaFiles();
        var catalog = files["models.json"];
        var start = catalog.IndexOf("    {\n      \"id\": \"flux-schnell\"", StringComparison.Ordinal);
        var end = catalog.IndexOf("\n    },\n", start, StringComparison.Ordinal) + "\n    },\n".Length;
        var copy = catalog.Substring(start, end - start).Replace("\"id\": \"flux-schnell\"", "\"id\": \"acme/flux-copy\"", StringComparison.Ordinal);
        files["models.json"] = catalog.Insert(end, copy);

        var (driver, output, diagnostics) = GeneratorHarness.Run(files);
        var generated = GeneratorHarness.Generated(driver);

        Assert.Empty(diagnostics);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error));
        Assert.Contains("public static ImageModel AcmeFluxCopy => new ImageModel(\"acme/flux-copy\");", generated["ImageSdk.ImageModel.g.cs"], StringComparison.Ordinal);
        Assert.Matches(new Regex("new ModelSpec\\(\\s*\"acme/flux-copy\","), generated["ImageSdk.Tables.SchemaTables.g.cs"]);
        var models = System.Text.Json.Nodes.JsonNode.Parse(files["models.json"])!["models"]!.AsArray().Count; // the catalog's models, the copy included
        Assert.Equal(models, Regex.Matches(generated["ImageSdk.Tables.SchemaTables.g.cs"], "new ModelSpec\\(").Count);
    }
}
