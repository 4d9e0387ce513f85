using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace ImageSdk.Analyzer;

/// <summary>Small Roslyn helpers the analyzer and the transpiler's chain reader share, written once.</summary>
internal static class RoslynExtensions
{
    /// <summary>The operation under any implicit conversions (a builder passed where its base type is expected).</summary>
    public static IOperation WithoutImplicitConversions(this IOperation operation)
    {
        while (operation is IConversionOperation { IsImplicit: true } conversion)
        {
            operation = conversion.Operand;
        }

        return operation;
    }

    /// <summary>The type's own name, without namespace or alias qualifier: <c>ImageSdk.AssemblyBuilder</c> gives <c>AssemblyBuilder</c>.</summary>
    public static string RightmostName(this Microsoft.CodeAnalysis.CSharp.Syntax.TypeSyntax type) => type switch
    {
        Microsoft.CodeAnalysis.CSharp.Syntax.QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
        Microsoft.CodeAnalysis.CSharp.Syntax.SimpleNameSyntax simple => simple.Identifier.ValueText,
        Microsoft.CodeAnalysis.CSharp.Syntax.AliasQualifiedNameSyntax alias => alias.Name.Identifier.ValueText,
        _ => string.Empty,
    };

    /// <summary>The first parent that is not an implicit conversion.</summary>
    public static IOperation? ParentWithoutImplicitConversions(this IOperation operation)
    {
        var parent = operation.Parent;
        while (parent is IConversionOperation { IsImplicit: true })
        {
            parent = parent.Parent;
        }

        return parent;
    }

    /// <summary>
    /// The type named <paramref name="metadataName"/> as the dotnet/runtime and roslyn-analyzers helper finds it: the
    /// compilation's own type first, else the one accessible type among the references, else null when none or several
    /// (two copies of ImageSdk referenced) are found. <c>GetTypeByMetadataName</c> returns null as soon as there are two.
    /// </summary>
    public static INamedTypeSymbol? GetBestTypeByMetadataName(this Compilation compilation, string metadataName)
    {
        if (compilation.Assembly.GetTypeByMetadataName(metadataName) is { } own)
        {
            return own;
        }

        INamedTypeSymbol? found = null;
        foreach (var reference in compilation.References)
        {
            if (compilation.GetAssemblyOrModuleSymbol(reference) is not IAssemblySymbol assembly
                || assembly.GetTypeByMetadataName(metadataName) is not { } type
                || !compilation.IsSymbolAccessibleWithin(type, compilation.Assembly))
            {
                continue;
            }

            if (found is not null && !SymbolEqualityComparer.Default.Equals(found, type))
            {
                return null;
            }

            found = type;
        }

        return found;
    }
}
