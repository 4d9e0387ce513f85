using System;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ImageSdk.Generators.Tests;

/// <summary>
/// A project's own robot schema is text a reviewer may not see in full: every piece of it that reaches generated C# stays
/// inside its comment or literal, whatever line terminator (U+2028, U+2029, U+0085, CR, LF) or XML it holds.
/// </summary>
public class SchemaInjectionTests
{
    private const string Payload = "[System.Runtime.CompilerServices.ModuleInitializer] internal static void Injected() { } public class InjectedType { } //";

    private const string EvilRobot = $$"""
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "$id": "https://example.com/robots/evil.schema.json",
          "title": "/evil/robot\u2028{{Payload}}",
          "description": "Evil robot.\u2028{{Payload}}",
          "x-imagesdk-builder": "EvilStep",
          "x-imagesdk-step-name": "evil\u0085{{Payload}}",
          "type": "object",
          "properties": {
            "robot": { "const": "/evil/robot\u2029{{Payload}}" },
            "width": { "description": "Width.\r{{Payload}}", "type": "integer", "minimum": -1e400, "maximum": 1e400, "default": 5 },
            "mode": {
              "description": "Mode.\u0085{{Payload}}",
              "enum": ["fit\u2028{{Payload}}", "fill</c></summary>{{Payload}}", "crop\"; {{Payload}}"],
              "x-imagesdk-enum": "EvilMode",
              "default": "fit\u2028{{Payload}}"
            },
            "note": { "description": "</summary>{{Payload}}<summary>", "type": "string", "pattern": "^a\u2029{{Payload}}$", "default": "x\n{{Payload}}" },
            "flags": {
              "description": "Flags.\u0000\ud800\u202e\r\n{{Payload}}",
              "type": "object",
              "properties": { "on\u2028{{Payload}}": { "type": "boolean" } },
              "additionalProperties": { "type": "boolean" }
            }
          },
          "required": ["robot"],
          "additionalProperties": false
        }
        """;

    [Fact]
    public void Line_terminators_and_xml_in_a_robot_schema_stay_inside_comments_and_literals()
    {
        var files = GeneratorHarness.SchemaFiles();
        files["robots/evil.schema.json"] = EvilRobot;

        var (driver, output, diagnostics) = GeneratorHarness.Run(files, userRobots: new[] { "robots/evil.schema.json" });

        GeneratorHarness.AssertNoException(driver);
        Assert.Empty(diagnostics);
        var problems = output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Info).ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems));

        // Exactly the types and members the schema names, nothing the payload declares.
        Assert.Equal(new[] { "EvilStep", "ParameterNames" }, TypeNames(output, "ImageSdk.EvilStep.g.cs"));
        Assert.Equal(new[] { "EvilMode", "EvilModeExtensions" }, TypeNames(output, "ImageSdk.EvilMode.g.cs"));
        var step = output.GetTypeByMetadataName("ImageSdk.EvilStep")!;
        Assert.Equal(
            new[] { ".cctor", ".ctor", "<Spec>k__BackingField", "Flags", "Mode", "Note", "ParameterNames", "RequiredStepName", "RobotName", "Spec", "Width", "get_Spec", "s_parameterNames" },
            step.GetMembers().Select(m => m.Name).Distinct().OrderBy(n => n, StringComparer.Ordinal));
        Assert.Equal(3, output.GetTypeByMetadataName("ImageSdk.EvilMode")!.GetMembers().OfType<IFieldSymbol>().Count());
        Assert.Empty(output.GetSymbolsWithName(n => n is "Injected" or "InjectedType", SymbolFilter.All));

        foreach (var hint in new[] { "ImageSdk.EvilStep.g.cs", "ImageSdk.EvilMode.g.cs", "ImageSdk.Tables.SchemaTables.g.cs" })
        {
            var root = Tree(output, hint).GetRoot();
            Assert.DoesNotContain(root.DescendantNodes().OfType<AttributeSyntax>(), a => a.ToString().Contains("ModuleInitializer", StringComparison.Ordinal));
            Assert.DoesNotContain(root.DescendantTokens(), t => t.IsKind(SyntaxKind.IdentifierToken) && t.ValueText is "ModuleInitializer" or "Injected" or "InjectedType");
        }

        // The text is still there, as documentation and data.
        var builder = GeneratorHarness.Generated(driver)["ImageSdk.EvilStep.g.cs"];
        Assert.Contains("step. Evil robot.\n    /// " + Payload + "\n    /// </summary>", builder, StringComparison.Ordinal);
        Assert.Contains("public const string RobotName = \"/evil/robot\\u2029[System.Runtime.CompilerServices.ModuleInitializer]", builder, StringComparison.Ordinal);
        Assert.Contains("&lt;/summary&gt;[System.Runtime.CompilerServices.ModuleInitializer]", builder, StringComparison.Ordinal);
        Assert.Contains("Default: <c>\"fit\\u2028[System.Runtime", builder, StringComparison.Ordinal);
        Assert.Contains("Values: <c>fit&#x2028;[System.Runtime", builder, StringComparison.Ordinal);
    }

    private static SyntaxTree Tree(Compilation output, string hintName) =>
        output.SyntaxTrees.Single(t => t.FilePath.EndsWith(hintName, StringComparison.Ordinal));

    private static string[] TypeNames(Compilation output, string hintName) =>
        Tree(output, hintName).GetRoot().DescendantNodes().OfType<BaseTypeDeclarationSyntax>().Select(t => t.Identifier.ValueText).ToArray();
}
