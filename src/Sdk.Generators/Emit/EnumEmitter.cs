using ImageSdk.Generators.Infrastructure;
using ImageSdk.Generators.Model;

namespace ImageSdk.Generators.Emit;

/// <summary>Emits one enum per schema enum, with its JSON conversions.</summary>
internal static class EnumEmitter
{
    public static string Emit(EnumModel model)
    {
        var w = Emitter.Begin(Emitter.RootNamespace);
        Emitter.Summary(w, model.Description);
        w.WriteLine(Emitter.GeneratedCode);
        w.WriteLine($"public enum {model.Name}");
        w.OpenBrace();
        foreach (var value in model.Values)
        {
            w.WriteLine($"/// <summary>JSON value <c>{Text.Xml(value)}</c>.</summary>");
            w.WriteLine(Text.Pascal(value) + ",");
        }

        w.CloseBrace();
        w.WriteLine();
        w.WriteLine($"/// <summary>Converts <see cref=\"{Text.XmlAttribute(model.Name)}\"/> to and from its JSON value.</summary>");
        w.WriteLine(Emitter.GeneratedCode);
        w.WriteLine($"public static partial class {model.Name}Extensions");
        w.OpenBrace();
        w.WriteLine($"/// <summary>The JSON value of <paramref name=\"value\"/>.</summary>");
        w.WriteLine($"/// <param name=\"value\">The value.</param>");
        w.WriteLine($"public static string ToJsonValue(this {model.Name} value) => value switch");
        w.OpenBrace();
        foreach (var value in model.Values)
        {
            w.WriteLine($"{model.Name}.{Text.Pascal(value)} => {Text.Literal(value)},");
        }

        w.WriteLine("_ => throw new global::System.ArgumentOutOfRangeException(nameof(value), value, null),");
        w.CloseBrace(";");
        w.WriteLine();
        w.WriteLine($"/// <summary>Parses a JSON value of <see cref=\"{Text.XmlAttribute(model.Name)}\"/>.</summary>");
        w.WriteLine("/// <param name=\"json\">The JSON value.</param>");
        w.WriteLine("/// <param name=\"value\">The parsed value.</param>");
        w.WriteLine("/// <returns>Whether <paramref name=\"json\"/> is a value of the enum.</returns>");
        w.WriteLine($"public static bool TryParse(string? json, out {model.Name} value)");
        w.OpenBrace();
        w.WriteLine("switch (json)");
        w.OpenBrace();
        foreach (var value in model.Values)
        {
            w.WriteLine($"case {Text.Literal(value)}:");
            w.Indent();
            w.WriteLine($"value = {model.Name}.{Text.Pascal(value)};");
            w.WriteLine("return true;");
            w.Outdent();
        }

        w.WriteLine("default:");
        w.Indent();
        w.WriteLine("value = default;");
        w.WriteLine("return false;");
        w.Outdent();
        w.CloseBrace();
        w.CloseBrace();
        w.CloseBrace();
        return Emitter.End(w);
    }
}
