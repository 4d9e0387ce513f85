using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using ImageSdk.Generators.Infrastructure;
using Microsoft.CodeAnalysis;

namespace ImageSdk.Generators.Tests;

/// <summary>
/// Names from a schema become C# names only as valid identifiers that clash with nothing the generator emits; anything
/// else is an IMG9008 (not a C# name) or IMG9004 (taken) at the schema file and JSON pointer, and is left out, so the
/// output still compiles. One generator run over several user robot schemas holds every case.
/// </summary>
public class SchemaNameTests
{
    [Theory]
    [InlineData("num_outputs", "NumOutputs")]
    [InlineData("google/nano-banana-pro", "GoogleNanoBananaPro")]
    [InlineData("openai/gpt-image-2", "OpenAIGptImage2")]
    [InlineData("/ai/chat", "AIChat")]
    [InlineData("/file/read", "FileRead")]
    [InlineData("aio", "Aio")]
    [InlineData("16:9", "Value169")]
    public void The_naming_rule_capitalizes_each_word_and_spells_acronyms_and_brands_as_dotnet_names_do(string value, string name)
    {
        Assert.Equal(name, Text.Pascal(value));
        Assert.Null(Names.Problem(name));
    }

    private static string Robot(string name, string builder, string properties, string? roles = null) => $$"""
        {
          "$id": "https://example.com/robots/{{name}}.schema.json",
          "description": "A robot of the project's own.",
          "x-imagesdk-builder": {{builder}},
          {{(roles is null ? string.Empty : $"\"$defs\": {{ \"as\": {{ \"$dynamicAnchor\": \"useAs\", \"enum\": {roles}, \"x-imagesdk-enum\": \"RolesRole\" }} }},")}}
          "type": "object",
          "properties": {
            "robot": { "const": "/{{name}}/run" },
            {{properties}}
          }
        }
        """;

    private static readonly Dictionary<string, string> Robots = new(StringComparer.Ordinal)
    {
        ["robots/keyword.schema.json"] = Robot("keyword", "\"class\"", "\"width\": { \"type\": \"integer\" }"),
        ["robots/colon.schema.json"] = Robot("colon", "\":\"", "\"width\": { \"type\": \"integer\" }"),
        ["robots/number.schema.json"] = Robot("number", "42", "\"width\": { \"type\": \"integer\" }"),
        ["robots/taken.schema.json"] = Robot("taken", "\"StepUse\"", "\"width\": { \"type\": \"integer\" }"),
        ["robots/twin.schema.json"] = Robot("twin", "\"ImageGenerateStep\"", "\"width\": { \"type\": \"integer\" }"),
        ["robots/odd.schema.json"] = Robot("odd", "\"OddStep\"", """
            "mode": { "enum": ["a", "b"], "x-imagesdk-enum": "Foo { A } public class Bar" },
            "kind": { "enum": ["a", "b"], "x-imagesdk-enum": "int" },
            "shape": { "enum": ["a", "b"], "x-imagesdk-enum": "OddStep" },
            "tint": { "enum": ["a", "b"], "x-imagesdk-enum": "Tables" },
            "hue": { "enum": ["a", "b"], "x-imagesdk-enum": "Oddstep" },
            "size": { "enum": ["small", "small!"] },
            "a-b": { "type": "integer" },
            "2x": { "type": "integer" },
            "a_b": { "type": "integer" },
            "parameter_names": { "type": "string" },
            "odd_step": { "type": "string" },
            "write_to": { "type": "string" },
            "equals": { "type": "string" },
            "{{new string('x', 129)}}": { "type": "string" },
            "model": { "type": "string", "x-imagesdk-catalog": "Image Model" },
            "fine": { "enum": ["one", "two"], "x-imagesdk-enum": "OddFine" }
            """.Replace("{{new string('x', 129)}}", new string('x', 129), StringComparison.Ordinal)),
        ["robots/roles.schema.json"] = Robot("roles", "\"RolesStep\"", "\"use\": { \"$ref\": \"https://schemas.imagesdk.dev/robot-shared.schema.json#/$defs/use\" }", roles: "[\"image\", \"name\"]"),
    };

    [Fact]
    public void Names_that_are_not_csharp_names_or_are_taken_give_IMG9008_or_IMG9004_at_the_pointer_and_the_rest_compiles()
    {
        var files = GeneratorHarness.SchemaFiles();
        foreach (var robot in Robots)
        {
            files[robot.Key] = robot.Value;
        }

        var (driver, output, _) = GeneratorHarness.Run(files, userRobots: Robots.Keys);

        GeneratorHarness.AssertNoException(driver);
        var diagnostics = GeneratorHarness.GeneratorDiagnostics(driver).Select(d => $"{d.Id} {d.GetMessage()}").ToList();
        string Expect(string id, string file, string pointer, string text, bool cut = false)
        {
            // A long pointer is cut after 100 characters, with "...".
            var at = $"(at {file}#{pointer}" + (cut ? string.Empty : ")");
            var found = diagnostics.SingleOrDefault(d => d.StartsWith(id + " ", StringComparison.Ordinal) && d.Contains(at, StringComparison.Ordinal) && d.Contains(text, StringComparison.Ordinal));
            Assert.True(found is not null, $"no {id} at {file}#{pointer} with '{text}' in:\n{string.Join("\n", diagnostics)}");
            diagnostics.Remove(found!);
            return found!;
        }

        Expect("IMG9008", "keyword.schema.json", "/x-imagesdk-builder", "\"class\" of the builder of robot \"/keyword/run\" is not a PascalCase C# name");
        Expect("IMG9008", "colon.schema.json", "/x-imagesdk-builder", "\":\"");
        Expect("IMG9008", "number.schema.json", "/x-imagesdk-builder", "'x-imagesdk-builder' must be a string");
        Expect("IMG9004", "taken.schema.json", "/x-imagesdk-builder", "'StepUse' of the builder of robot \"/taken/run\" is taken by the generated code");
        Expect("IMG9004", "twin.schema.json", "/x-imagesdk-builder", "'ImageGenerateStep' of the builder of robot \"/twin/run\" is taken by the builder of robot \"/image/generate\"");
        Expect("IMG9008", "odd.schema.json", "/properties/mode/x-imagesdk-enum", "\"Foo { A } public class Bar\" of the enum");
        Expect("IMG9008", "odd.schema.json", "/properties/kind/x-imagesdk-enum", "\"int\"");
        Expect("IMG9004", "odd.schema.json", "/properties/shape/x-imagesdk-enum", "'OddStep' of the enum 'OddStep' is taken by the builder of robot \"/odd/run\"");
        Expect("IMG9004", "odd.schema.json", "/properties/tint/x-imagesdk-enum", "'Tables' of the enum 'Tables' is taken by the generated code");
        Expect("IMG9004", "odd.schema.json", "/properties/hue/x-imagesdk-enum", "'Oddstep' of the enum 'Oddstep' is taken by the builder of robot \"/odd/run\"");
        Expect("IMG9004", "odd.schema.json", "/properties/size", "'Small'");
        Expect("IMG9004", "odd.schema.json", "/properties/a_b", "'OddStep.AB', which the parameter \"a-b\" uses");
        Expect("IMG9004", "odd.schema.json", "/properties/parameter_names", "'OddStep.ParameterNames', which the builder base type uses");
        Expect("IMG9004", "odd.schema.json", "/properties/odd_step", "'OddStep.OddStep', which the builder type itself uses");
        Expect("IMG9004", "odd.schema.json", "/properties/write_to", "'OddStep.WriteTo'");
        Expect("IMG9004", "odd.schema.json", "/properties/equals", "'OddStep.Equals'");
        Expect("IMG9008", "odd.schema.json", "/properties/" + new string('x', 70), "is 129 characters long; at most 128 are allowed", cut: true);
        Expect("IMG9008", "odd.schema.json", "/properties/model/x-imagesdk-catalog", "\"Image Model\"");
        Expect("IMG9004", "roles.schema.json", "/properties/use", "The role \"name\" maps to the C# member 'RolesInput.Name', which the input type uses");
        Assert.True(diagnostics.Count == 0, "unexpected: " + string.Join("\n", diagnostics));

        // What is left out is left out whole; the rest generates and compiles, with names by the one naming rule.
        var problems = output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Info).ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        var generated = GeneratorHarness.Generated(driver);
        Assert.DoesNotContain(generated.Keys, k => k.Contains(".Bar", StringComparison.Ordinal) || k.Contains("class", StringComparison.Ordinal) || k.Contains(':', StringComparison.Ordinal));
        Assert.Empty(output.GetSymbolsWithName(n => n is "Bar" or "Foo", SymbolFilter.Type));
        var odd = output.GetTypeByMetadataName("ImageSdk.OddStep")!;
        Assert.Equal(
            new[] { "AB", "Fine", "Value2x" },
            odd.GetMembers().OfType<IMethodSymbol>().Where(m => m.MethodKind == MethodKind.Ordinary).Select(m => m.Name).Distinct().OrderBy(n => n, StringComparer.Ordinal));
        Assert.NotNull(output.GetTypeByMetadataName("ImageSdk.OddFine"));
        Assert.Null(output.GetTypeByMetadataName("ImageSdk.RolesInput"));
    }

    [Fact]
    public void The_reserved_builder_members_cover_every_member_of_the_runtime_builder_base_types()
    {
        var runtime = GeneratorHarness.RuntimeCompilation();
        foreach (var baseType in new[] { "ImageSdk.Instructions.StepBuilder", "ImageSdk.Instructions.AssemblyBuilderBase" })
        {
            var members = runtime.GetTypeByMetadataName(baseType)!.GetMembers()
                .Where(m => m.DeclaredAccessibility is Accessibility.Public or Accessibility.Protected or Accessibility.ProtectedOrInternal && !m.IsImplicitlyDeclared && m is not IMethodSymbol { MethodKind: MethodKind.Constructor or MethodKind.PropertyGet })
                .Select(m => m is IPropertySymbol { IsIndexer: true } ? "Item" : m.Name);
            Assert.Empty(members.Except(Names.BuilderMembers).Except(Names.ObjectMembers));
        }
    }

    [Fact]
    public void Every_ImageSdk_name_the_generated_code_refers_to_is_generated_or_reserved()
    {
        var (driver, output, _) = GeneratorHarness.RealSchemaRun();
        var generatedTypes = output.SyntaxTrees.Where(t => t.FilePath.EndsWith(".g.cs", StringComparison.Ordinal))
            .SelectMany(t => t.GetRoot().DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.BaseTypeDeclarationSyntax>())
            .Select(t => t.Identifier.ValueText);
        var referenced = GeneratorHarness.Generated(driver).Values
            .SelectMany(code => Regex.Matches(code, @"global::ImageSdk\.(\w+)").Select(m => m.Groups[1].Value))
            .Distinct();

        Assert.Empty(referenced.Except(generatedTypes).Except(Names.ReservedTypeNames));
    }
}
