using System.Globalization;
using System.Text;

namespace ImageSdk.Generators.Infrastructure;

/// <summary>Names and literals for generated C#.</summary>
internal static class Text
{
    /// <summary><c>num_outputs</c> to <c>NumOutputs</c>, <c>google/nano-banana</c> to <c>GoogleNanoBanana</c>.</summary>
    public static string Pascal(string value)
    {
        var builder = new StringBuilder(value.Length);
        var upper = true;
        foreach (var c in value)
        {
            if (char.IsLetterOrDigit(c) && c < 128)
            {
                builder.Append(upper ? char.ToUpperInvariant(c) : c);
                upper = false;
            }
            else
            {
                upper = true;
            }
        }

        if (builder.Length == 0 || char.IsDigit(builder[0]))
        {
            builder.Insert(0, "Value");
        }

        return builder.ToString();
    }

    /// <summary>A C# string literal.</summary>
    public static string Literal(string? value)
    {
        if (value is null)
        {
            return "null";
        }

        var builder = new StringBuilder(value.Length + 2);
        builder.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                default:
                    if (c < 32)
                    {
                        builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        builder.Append('"');
        return builder.ToString();
    }

    /// <summary>A C# double literal, or <c>null</c>.</summary>
    public static string Literal(double? value) =>
        value is { } v ? v.ToString("R", CultureInfo.InvariantCulture) + "d" : "null";

    /// <summary>A C# int literal, or <c>null</c>.</summary>
    public static string Literal(int? value) =>
        value is { } v ? v.ToString(CultureInfo.InvariantCulture) : "null";

    /// <summary>Escapes text for an XML doc comment.</summary>
    public static string Xml(string value) =>
        value.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");

    /// <summary>A number for prose, invariant.</summary>
    public static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
