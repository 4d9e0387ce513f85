using System;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ImageSdk.Generators.Tests;

/// <summary>
/// The generator emits the builder type names (SchemaTables.BuilderTypeNames) that the analyzer finds chains by (see
/// ImageSdk.Analyzer.Tests.AssemblyBuilderAnalyzerTests), a builder renamed through x-imagesdk-builder included.
/// </summary>
public class TablesEmitterTests
{
    [Fact]
    public void The_generator_emits_every_builder_name_a_schema_gives_renamed_ones_included()
    {
        var files = GeneratorHarness.SchemaFiles();
        var robot = files.Keys.Single(k => k.EndsWith("image-generate.schema.json", StringComparison.Ordinal));
        files[robot] = files[robot].Replace("\"x-imagesdk-builder\": \"ImageGenerateStep\"", "\"x-imagesdk-builder\": \"Generate\"", StringComparison.Ordinal);

        var (driver, _, diagnostics) = GeneratorHarness.Run(files);
        var tables = GeneratorHarness.Generated(driver)["ImageSdk.Tables.SchemaTables.g.cs"];

        Assert.Empty(diagnostics);
        var names = System.Text.RegularExpressions.Regex.Match(tables, "class BuilderTypeNameTable\\s*\\{\\s*public static readonly string\\[\\] Items = new\\[\\] \\{ (.*?) \\};").Groups[1].Value.Split(", ");
        Assert.Equal("\"AssemblyBuilder\"", names[0]);
        Assert.Contains("\"Generate\"", names);
        Assert.Contains("\"UploadHandleStep\"", names);
        Assert.Contains("\"ImageResizeStep\"", names);
        Assert.DoesNotContain("\"ImageGenerateStep\"", names);
        Assert.Contains("public const string AssemblyBuilderTypeName = \"ImageSdk.AssemblyBuilder\";", tables, StringComparison.Ordinal);
    }

    /// <summary>
    /// Each table is built on its first read, in a holder class of its own, so that a reader builds (and a fresh compiler
    /// running the analyzer JIT-compiles) only the tables it reads: SchemaTables itself initializes nothing but the empty
    /// array, every table property reads its holder, and the validator's robot strings are not built with the robot names.
    /// </summary>
    [Fact]
    public void Each_table_is_built_in_a_holder_of_its_own_so_reading_one_builds_no_other()
    {
        var (driver, _, diagnostics) = GeneratorHarness.Run(GeneratorHarness.SchemaFiles());
        var root = CSharpSyntaxTree.ParseText(GeneratorHarness.Generated(driver)["ImageSdk.Tables.SchemaTables.g.cs"]).GetRoot();
        var tables = root.DescendantNodes().OfType<ClassDeclarationSyntax>().Single(c => c.Identifier.ValueText == "SchemaTables");

        Assert.Empty(diagnostics);
        var ownFields = tables.Members.OfType<FieldDeclarationSyntax>().Where(f => !f.Modifiers.Any(SyntaxKind.ConstKeyword)).SelectMany(f => f.Declaration.Variables).Select(v => v.Identifier.ValueText);
        Assert.Equal(new[] { "s_none" }, ownFields);
        Assert.DoesNotContain(tables.Members.OfType<PropertyDeclarationSyntax>(), p => p.Initializer is not null);
        var holders = tables.Members.OfType<ClassDeclarationSyntax>().ToDictionary(c => c.Identifier.ValueText, StringComparer.Ordinal);
        foreach (var (table, holder) in new[]
        {
            ("AssemblyKeys", "AssemblyKeyTable"), ("Models", "ModelTable"), ("BuilderTypeNames", "BuilderTypeNameTable"),
            ("Grammar", "GrammarTable"), ("SchemaDefinitions", "DefinitionTable"), ("RobotStrings", "RobotStringTable"), ("RobotNames", "RobotSpecs"),
        })
        {
            var property = tables.Members.OfType<PropertyDeclarationSyntax>().Single(p => p.Identifier.ValueText == table);
            var read = Assert.IsType<MemberAccessExpressionSyntax>(property.ExpressionBody?.Expression);
            Assert.Equal(holder, read.Expression.ToString());
            Assert.True(holders.ContainsKey(holder), holder);
        }

        // The robot names' holder builds no robot string and no spec: each spec has a method of its own.
        var specs = holders["RobotSpecs"].Members.OfType<FieldDeclarationSyntax>().SelectMany(f => f.Declaration.Variables).Select(v => v.Identifier.ValueText);
        Assert.Equal(new[] { "Names", "RequiredStepNames", "Table" }, specs);
    }
}
