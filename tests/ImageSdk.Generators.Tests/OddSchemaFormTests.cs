using System;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace ImageSdk.Generators.Tests;

/// <summary>
/// Schema forms the generator cannot express, fuzzed through the whole pipeline (reader, emitters, compilation): each is
/// an IMG9xxx diagnostic that names the robot's file and the parameter, or a parameter that generates and compiles; never
/// an exception, an IMG9999 or generated code that does not compile. Once as a project's own robot (the strict forms) and
/// once as an imported one (x-imagesdk-source: forms the typed columns cannot hold are checked by their schema fragment).
/// </summary>
public class OddSchemaFormTests
{
    /// <summary>Odd parameter schemas, one parameter each.</summary>
    private static readonly string[] Forms =
    {
        """{ "type": ["string", "null"] }""",
        """{ "type": "null" }""",
        """{ "const": 5 }""",
        """{}""",
        """{ "not": {} }""",
        """{ "anyOf": [] }""",
        """{ "anyOf": [{ "anyOf": [{ "type": "string" }] }] }""",
        """{ "oneOf": [{ "type": "string" }, { "type": "integer" }] }""",
        """{ "allOf": [{ "type": "string" }] }""",
        """{ "type": "array" }""",
        """{ "type": "array", "items": { "type": "object" } }""",
        """{ "type": "array", "items": { "enum": [] } }""",
        """{ "type": "object" }""",
        """{ "enum": [] }""",
        """{ "enum": [1, 2] }""",
        """{ "enum": ["a", 1, null] }""",
        """{ "enum": ["a", "A"] }""",
        """{ "enum": [""] }""",
        """{ "anyOf": [{ "enum": ["x"] }, { "enum": ["y"] }] }""",
        """{ "type": "integer", "minimum": "x", "maximum": [] }""",
        """{ "type": "integer", "minimum": 1e400 }""",
        """{ "type": "number", "maximum": -1e400 }""",
        """{ "type": "string", "minLength": 1e20 }""",
        """{ "type": "string", "minLength": -1 }""",
        """{ "type": "string", "pattern": 5 }""",
        """{ "anyOf": [{ "type": "integer" }, { "type": "string", "pattern": ["x"] }] }""",
        """{ "x-imagesdk-type": 5 }""",
        """{ "x-imagesdk-type": "json", "properties": { "a": { "type": "null" }, "": { "type": "string" } } }""",
        """{ "x-imagesdk-type": "use" }""",
        """{ "x-imagesdk-form": "interpolation" }""",
        """{ "anyOf": [{ "x-imagesdk-form": 7 }, { "type": "boolean" }] }""",
        """{ "$ref": 5 }""",
        """{ "anyOf": [{ "$ref": "#/nope" }, { "type": "string" }] }""",
        """{ "type": "object", "additionalProperties": { "type": "boolean" }, "properties": { "a": 5 } }""",
        """{ "type": "object", "additionalProperties": 5 }""",
        """true""",
        """false""",
        """[]""",
        """ "string" """,
        """null""",
        """{ "type": "string", "default": { "deep": [1, { "x": null }] }, "description": 5 }""",
        """{ "type": "string", "x-imagesdk-catalog": 5 }""",
        """{ "type": "string", "x-imagesdk-capability": ["formats"] }""",
        """{ "type": "integer", "x-imagesdk-enum": "Odd" }""",
        """{ "enum": ["q"], "x-imagesdk-enum": 5 }""",
        """{ "type": "string", "description": "ends in a comment */ and a </summary> and \u0000" }""",
    };

    [Fact]
    public void Odd_forms_are_diagnostics_naming_the_robot_and_the_parameter_or_generate_code_that_compiles()
    {
        // Both robots in one generator run and one compilation (a compilation of every builder is this suite's costliest
        // step): one as a project's own robot, one as an imported one.
        var robots = new[] { (File: "odd-forms", Robot: "/odd/forms", Builder: "OddFormsStep", Imported: false), (File: "odd-imported", Robot: "/odd/imported", Builder: "OddImportedStep", Imported: true) };
        var parameters = string.Join(",\n", Forms.Select((form, i) => $"    \"p{i:D2}\": {form}"));
        var files = GeneratorHarness.SchemaFiles();
        foreach (var robot in robots)
        {
            files[$"robots/{robot.File}.schema.json"] = $$"""
                {
                  "$id": "https://example.com/robots/{{robot.File}}.schema.json",
                  "x-imagesdk-kind": "robot",
                  {{(robot.Imported ? "\"x-imagesdk-source\": { \"package\": \"test\" }," : string.Empty)}}
                  "type": "object",
                  "properties": {
                    "robot": { "const": "{{robot.Robot}}" },
                {{parameters}}
                  }
                }
                """;
        }

        var (driver, output, _) = GeneratorHarness.Run(files, userRobots: robots.Select(r => $"robots/{r.File}.schema.json"));

        GeneratorHarness.AssertNoException(driver);
        var diagnostics = GeneratorHarness.GeneratorDiagnostics(driver);
        Assert.DoesNotContain(diagnostics, d => d.Id == "IMG9999" || !d.Id.StartsWith("IMG9", StringComparison.Ordinal));
        Assert.All(diagnostics, d => Assert.Matches(@"\(at odd-(forms|imported)\.schema\.json#/properties/p\d\d(/|\))", d.GetMessage()));
        foreach (var robot in robots)
        {
            // Each diagnostic sits in the file its message names.
            var own = diagnostics.Where(d => d.GetMessage().Contains($"(at {robot.File}.schema.json#", StringComparison.Ordinal)).ToList();
            Assert.All(own, d => Assert.EndsWith($"{robot.File}.schema.json", d.Location.GetLineSpan().Path, StringComparison.Ordinal));

            // Each parameter has its builder method, or a diagnostic says why not: none is dropped in silence.
            var builder = output.GetTypeByMetadataName("ImageSdk." + robot.Builder);
            var silent = Forms.Select((form, i) => (Name: $"p{i:D2}", Form: form))
                .Where(p => builder?.GetMembers("P" + p.Name.Substring(1)).IsEmpty != false
                    && !own.Any(d => d.GetMessage().Contains($"#/properties/{p.Name}", StringComparison.Ordinal)))
                .ToList();
            Assert.True(silent.Count == 0, robot.Robot + " dropped without a diagnostic: " + string.Join(", ", silent.Select(p => p.Name + " " + p.Form)) + "\n--- generator:\n" + string.Join("\n", diagnostics));
            Assert.NotNull(builder);
        }

        // What generates compiles: no error in the robots' builders, their enums or the tables.
        var errors = output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors.Take(20)) + "\n--- generator:\n" + string.Join("\n", diagnostics));
    }
}
