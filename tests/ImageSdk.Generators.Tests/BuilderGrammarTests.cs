using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ImageSdk.Generators.Tests;

/// <summary>
/// The builder grammar the tables carry (<c>SchemaTables.Grammar</c>), by which the analyzer and the transpiler read and write
/// builder code, names what the compiled builders and the hand-written types they build on really have: a name changed in
/// one place and not the other fails here, not in a user's build.
/// </summary>
public class BuilderGrammarTests
{
    [Fact]
    public void Every_name_of_the_emitted_grammar_is_a_member_of_the_compiled_builders()
    {
        var (driver, output, _) = GeneratorHarness.RealSchemaRun();
        var grammar = EmittedGrammar(GeneratorHarness.Generated(driver)["ImageSdk.Tables.SchemaTables.g.cs"]);
        INamedTypeSymbol Type(string name)
        {
            var type = output.GetTypeByMetadataName(grammar["Namespace"][0] + "." + name);
            Assert.True(type is not null, $"the grammar names the type {name}, which the compilation lacks");
            return type!;
        }

        static IMethodSymbol[] Methods(INamedTypeSymbol type, string name) => type.GetMembers(name).OfType<IMethodSymbol>().ToArray();

        Assert.Equal(
            new[]
            {
                "AssemblyBuilder", "CatalogType", "FieldMethod", "InputParameters", "InputType", "InputsToUseMethod", "InterpolationFieldMethod",
                "InterpolationParseMethod", "InterpolationType", "Namespace", "RequiredStepNameConstant", "RobotNameConstant", "StepBuilder",
                "StepMethod", "UseBundleMethod", "UseBundleParameters", "UseInputsMethod", "UseStepMethod", "UseStepsMethod", "UseType",
            },
            grammar.Keys.OrderBy(k => k, StringComparer.Ordinal));

        var assembly = Type(grammar["AssemblyBuilder"][0]);
        var stepBuilder = Type(grammar["StepBuilder"][0]);
        Assert.Contains(Methods(assembly, grammar["StepMethod"][0]), m => m.Parameters.Length == 2 && SymbolEqualityComparer.Default.Equals(m.Parameters[1].Type, stepBuilder));
        Assert.Contains(Methods(assembly, grammar["StepMethod"][0]), m => m.Parameters.Length == 1); // Step(UploadHandleStep): a required step name
        Assert.Contains(Methods(assembly, grammar["FieldMethod"][0]), m => m.Parameters.Length == 2 && m.Parameters[0].Type.SpecialType == SpecialType.System_String);

        // Every step builder has the robot-name constant; the one with a required step name has that constant too.
        var builders = output.GetSymbolsWithName(n => n.EndsWith("Step", StringComparison.Ordinal), SymbolFilter.Type).OfType<INamedTypeSymbol>()
            .Where(t => SymbolEqualityComparer.Default.Equals(t.BaseType, stepBuilder)).ToList();
        Assert.True(builders.Count > 90, "step builders: " + builders.Count);
        Assert.All(builders, b => Assert.True(b.GetMembers(grammar["RobotNameConstant"][0]).OfType<IFieldSymbol>().Single().IsConst, b.Name));
        Assert.Contains(builders, b => b.GetMembers(grammar["RequiredStepNameConstant"][0]).OfType<IFieldSymbol>().Any(f => f.IsConst));

        var catalog = Type(grammar["CatalogType"][0]);
        Assert.Contains(catalog.GetMembers().OfType<IPropertySymbol>(), p => p.IsStatic && SymbolEqualityComparer.Default.Equals(p.Type, catalog));

        var interpolation = Type(grammar["InterpolationType"][0]);
        Assert.Single(Methods(interpolation, grammar["InterpolationFieldMethod"][0]), m => m.IsStatic && m.Parameters.Length == 1);
        Assert.Single(Methods(interpolation, grammar["InterpolationParseMethod"][0]), m => m.IsStatic && m.Parameters.Length == 1);

        var use = Type(grammar["UseType"][0]);
        Assert.Contains(Methods(use, grammar["UseStepMethod"][0]), m => m.IsStatic && m.Parameters.Length == 1);
        Assert.Contains(Methods(use, grammar["UseStepsMethod"][0]), m => m.IsStatic && m.Parameters.Length == 1 && m.Parameters[0].IsParams);
        Assert.Contains(Methods(use, grammar["UseInputsMethod"][0]), m => m.IsStatic && m.Parameters.Length == 1 && m.Parameters[0].IsParams);
        var bundle = Assert.Single(Methods(use, grammar["UseBundleMethod"][0]));
        Assert.Equal(grammar["UseBundleParameters"], bundle.Parameters.Select(p => p.Name));

        // The untyped input and every typed one take (Name, As, Fields); a typed one makes the use value of typed inputs.
        Assert.Contains(Type(grammar["InputType"][0]).InstanceConstructors, c => c.Parameters.Select(p => p.Name).SequenceEqual(grammar["InputParameters"]));
        var typed = Type("ImageGenerateInput");
        Assert.Contains(typed.InstanceConstructors, c => c.Parameters.Select(p => p.Name).SequenceEqual(grammar["InputParameters"]));
        Assert.Contains(Methods(typed, grammar["InputsToUseMethod"][0]), m => m.IsStatic && SymbolEqualityComparer.Default.Equals(m.ReturnType, use));
    }

    [Fact]
    public void The_grammar_names_the_schemas_own_type_names()
    {
        // The envelope's x-imagesdk-builder and the catalog's csharpType are the grammar's, not a reader's literal.
        var files = GeneratorHarness.SchemaFiles();
        files["assembly.schema.json"] = files["assembly.schema.json"].Replace("\"x-imagesdk-builder\": \"AssemblyBuilder\"", "\"x-imagesdk-builder\": \"PipelineBuilder\"", StringComparison.Ordinal);
        files["models.json"] = files["models.json"].Replace("\"csharpType\": \"ImageModel\"", "\"csharpType\": \"PictureModel\"", StringComparison.Ordinal);

        var (driver, _, _) = GeneratorHarness.Run(files);
        var grammar = EmittedGrammar(GeneratorHarness.Generated(driver)["ImageSdk.Tables.SchemaTables.g.cs"]);

        Assert.Equal("PipelineBuilder", Assert.Single(grammar["AssemblyBuilder"]));
        Assert.Equal("PictureModel", Assert.Single(grammar["CatalogType"]));
    }

    /// <summary>The initializer of the generated <c>Grammar</c> property: each member and its string value(s).</summary>
    private static Dictionary<string, string[]> EmittedGrammar(string tables)
    {
        // The grammar's initializer: in the class that builds it on first read (SchemaTables.Grammar => GrammarTable.Value).
        var holder = CSharpSyntaxTree.ParseText(tables).GetRoot().DescendantNodes().OfType<ClassDeclarationSyntax>()
            .Single(c => c.Identifier.ValueText == "GrammarTable");
        var field = holder.DescendantNodes().OfType<VariableDeclaratorSyntax>().Single(v => v.Identifier.ValueText == "Value");
        var initializer = ((BaseObjectCreationExpressionSyntax)field.Initializer!.Value).Initializer!;
        return initializer.Expressions.OfType<AssignmentExpressionSyntax>().ToDictionary(
            a => ((IdentifierNameSyntax)a.Left).Identifier.ValueText,
            a => a.Right.DescendantNodesAndSelf().OfType<LiteralExpressionSyntax>().Where(l => l.IsKind(SyntaxKind.StringLiteralExpression)).Select(l => l.Token.ValueText).ToArray(),
            StringComparer.Ordinal);
    }
}
