using System;
using System.Globalization;

namespace ImageSdk.Tables;

/// <summary>
/// Reads parameter specs that the generator wrote as text: the analyzer's tables (ImageSdkGeneratorOutput=SchemaTables)
/// hold each robot's parameters, and the assembly keys, as one string literal that this reader decodes when the robot is
/// first read. A fresh compiler then JIT-compiles this one reader for every robot a project names, instead of one large
/// method of <c>new ParameterSpec(...)</c> calls per robot (docs/benchmarks.md, "Analyzer build overhead, fourth round").
/// The decoded specs equal the ones the literal form builds, and their names are the same instances: every string but a
/// description, a schema and a default is passed through <see cref="string.Intern"/>, which returns the string literal's
/// own instance, the one the validator's name table and the engine's reference comparisons hold.
/// </summary>
/// <remarks>
/// The format: a parameter is its fields in the order of <see cref="ParameterSpec"/>'s constructor and then its required
/// members, each field ended by <see cref="End"/>; <see cref="Null"/> alone is null; numbers in invariant culture (a double
/// as round-trip text); a list is its count, then its items; the members of an object value are their count (or null),
/// then the members; flags and <see cref="ModelCapability"/> as their numbers; a bool as 1 or 0. The text starts with the
/// count of parameters.
/// </remarks>
internal static class SpecText
{
    /// <summary>The character that ends each field (the unit separator, which no schema text the generator encodes holds).</summary>
    public const char End = '\u001f';

    /// <summary>A field that is this character alone is null.</summary>
    public const char Null = '\u0000';

    /// <summary>The parameters encoded in <paramref name="text"/>.</summary>
    public static ParameterSpec[] Parameters(string text)
    {
        var position = 0;
        return List(text, ref position, Int(text, ref position));
    }

    private static ParameterSpec[] List(string text, ref int position, int count)
    {
        var parameters = new ParameterSpec[count];
        for (var i = 0; i < parameters.Length; i++)
        {
            parameters[i] = Parameter(text, ref position);
        }

        return parameters;
    }

    private static ParameterSpec Parameter(string text, ref int position)
    {
        var name = Name(text, ref position)!;
        var forms = (ValueForms)Int(text, ref position);
        var required = Int(text, ref position) != 0;
        var minimum = Double(text, ref position);
        var maximum = Double(text, ref position);
        var minLength = Field(text, ref position) is { } length ? int.Parse(length, NumberStyles.Integer, CultureInfo.InvariantCulture) : (int?)null;
        var pattern = Name(text, ref position);
        var enumValues = Names(text, ref position);
        var mapKeys = Names(text, ref position);
        var useRoles = Names(text, ref position);
        var catalog = Name(text, ref position);
        var capability = Field(text, ref position) is { } number ? (ModelCapability)int.Parse(number, NumberStyles.Integer, CultureInfo.InvariantCulture) : (ModelCapability?)null;
        var defaultJson = Field(text, ref position);
        var description = Field(text, ref position)!;
        var members = Field(text, ref position) is { } count ? List(text, ref position, int.Parse(count, NumberStyles.Integer, CultureInfo.InvariantCulture)) : null;
        var schema = Field(text, ref position);
        return new ParameterSpec(name, forms, required, minimum, maximum, minLength, pattern, enumValues, mapKeys, useRoles, catalog, capability, defaultJson, description, members, schema)
        {
            MemberName = Name(text, ref position)!,
            EnumMembers = Names(text, ref position),
            UseRoleMembers = Names(text, ref position),
            Arguments = (BuilderArguments)Int(text, ref position),
            ArgumentTypeName = Name(text, ref position),
        };
    }

    /// <summary>The next field, or null.</summary>
    private static string? Field(string text, ref int position)
    {
        var end = text.IndexOf(End, position);
        var start = position;
        position = end + 1;
        return end - start == 1 && text[start] == Null ? null : text.Substring(start, end - start);
    }

    /// <summary>The next field as the interned instance of its text (that of its string literal), or null.</summary>
    private static string? Name(string text, ref int position) => Field(text, ref position) is { } name ? string.Intern(name) : null;

    private static string[] Names(string text, ref int position)
    {
        var count = Int(text, ref position);
        if (count == 0)
        {
            return Array.Empty<string>();
        }

        var names = new string[count];
        for (var i = 0; i < names.Length; i++)
        {
            names[i] = Name(text, ref position)!;
        }

        return names;
    }

    private static int Int(string text, ref int position)
    {
        var value = 0;
        var negative = text[position] == '-';
        if (negative)
        {
            position++;
        }

        while (text[position] != End)
        {
            value = (value * 10) + (text[position++] - '0');
        }

        position++;
        return negative ? -value : value;
    }

    private static double? Double(string text, ref int position) =>
        Field(text, ref position) is { } number ? double.Parse(number, NumberStyles.Float, CultureInfo.InvariantCulture) : null;
}
