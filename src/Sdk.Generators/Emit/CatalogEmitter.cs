using System.Linq;
using ImageSdk.Generators.Infrastructure;
using ImageSdk.Generators.Model;

namespace ImageSdk.Generators.Emit;

/// <summary>Emits the model type: one static member per catalog entry.</summary>
internal static class CatalogEmitter
{
    public static string Emit(CatalogModel catalog)
    {
        var t = catalog.TypeName;
        var w = Emitter.Begin(Emitter.RootNamespace);
        Emitter.Summary(w, "An image model: one member per entry of the catalog in schema/models.json. A model newer than the catalog can be named with FromName.");
        w.WriteLine(Emitter.GeneratedCode);
        w.WriteLine($"public readonly partial struct {t} : global::System.IEquatable<{t}>");
        w.OpenBrace();
        w.WriteLine("private readonly string? _id;");
        w.WriteLine();
        w.WriteLine($"private {t}(string id)");
        w.OpenBrace();
        w.WriteLine("_id = id;");
        w.CloseBrace();
        w.WriteLine();
        w.WriteLine("/// <summary>The id used in assembly JSON.</summary>");
        w.WriteLine("public string Id => _id ?? string.Empty;");
        foreach (var entry in catalog.Entries)
        {
            w.WriteLine();
            var providers = string.Join(", ", entry.Providers.Select(p => p.Provider));
            var aliases = entry.Aliases.Count > 0 ? " Aliases: " + string.Join(", ", entry.Aliases) + "." : string.Empty;
            w.WriteLine($"/// <summary>{Text.Xml(entry.DisplayName)}: <c>{Text.Xml(entry.Id)}</c>. {Text.Xml(entry.Description)}</summary>");
            w.WriteLine($"/// <remarks>Providers: {Text.Xml(providers)}. Formats: {Text.Xml(string.Join(", ", entry.Formats))} (default {Text.Xml(entry.DefaultFormat)}).{Text.Xml(aliases)}</remarks>");
            w.WriteLine($"public static {t} {entry.MemberName} => new {t}({Text.Literal(entry.Id)});");
        }

        w.WriteLine();
        w.WriteLine("/// <summary>Every model of the catalog, in catalog order.</summary>");
        w.WriteLine($"public static global::System.Collections.Generic.IReadOnlyList<{t}> All {{ get; }} = new {t}[]");
        w.OpenBrace();
        foreach (var entry in catalog.Entries)
        {
            w.WriteLine(entry.MemberName + ",");
        }

        w.CloseBrace(";");
        w.WriteLine();
        w.WriteLine("/// <summary>The model named <paramref name=\"idOrAlias\"/>: its catalog id when it is known (aliases resolve), else the name as given.</summary>");
        w.WriteLine("/// <param name=\"idOrAlias\">A model id or alias.</param>");
        w.WriteLine($"public static {t} FromName(string idOrAlias)");
        w.OpenBrace();
        w.WriteLine("if (idOrAlias is null)");
        w.OpenBrace();
        w.WriteLine("throw new global::System.ArgumentNullException(nameof(idOrAlias));");
        w.CloseBrace();
        w.WriteLine();
        w.WriteLine($"return new {t}(global::ImageSdk.Tables.SchemaTables.FindModel(idOrAlias)?.Id ?? idOrAlias);");
        w.CloseBrace();
        w.WriteLine();
        w.WriteLine("/// <summary>The catalog entry, or null for a model newer than the catalog.</summary>");
        w.WriteLine("public global::ImageSdk.Tables.ModelSpec? Spec => global::ImageSdk.Tables.SchemaTables.FindModel(Id);");
        w.WriteLine();
        w.WriteLine("/// <inheritdoc/>");
        w.WriteLine($"public bool Equals({t} other) => string.Equals(Id, other.Id, global::System.StringComparison.Ordinal);");
        w.WriteLine();
        w.WriteLine("/// <inheritdoc/>");
        w.WriteLine($"public override bool Equals(object? obj) => obj is {t} other && Equals(other);");
        w.WriteLine();
        w.WriteLine("/// <inheritdoc/>");
        w.WriteLine("public override int GetHashCode() => global::System.StringComparer.Ordinal.GetHashCode(Id);");
        w.WriteLine();
        w.WriteLine("/// <inheritdoc/>");
        w.WriteLine("public override string ToString() => Id;");
        w.WriteLine();
        w.WriteLine("/// <summary>Compares two models by id.</summary>");
        w.WriteLine($"public static bool operator ==({t} left, {t} right) => left.Equals(right);");
        w.WriteLine();
        w.WriteLine("/// <summary>Compares two models by id.</summary>");
        w.WriteLine($"public static bool operator !=({t} left, {t} right) => !left.Equals(right);");
        w.CloseBrace();
        return Emitter.End(w);
    }
}
