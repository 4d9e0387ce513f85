using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using ImageSdk.Generators.Infrastructure;
using ImageSdk.Generators.Json;
using ImageSdk.Generators.Model;
using ImageSdk.Tables;

namespace ImageSdk.Generators.Reading;

/// <summary>
/// The forms of imported robot schemas that the typed columns of <see cref="ParameterSpec"/> cannot hold, and the schema
/// fragments that carry them instead: the checking keywords of the parameter's schema, with every <c>$ref</c> named by a key
/// (<c>file#pointer</c>) whose fragment the tables hold once.
/// </summary>
internal sealed partial class ParameterReader
{
    /// <summary>The keywords a fragment keeps: the ones that decide whether a value is taken. Prose and names are left out.</summary>
    private static readonly HashSet<string> s_checkingKeys = new(StringComparer.Ordinal)
    {
        "type", "enum", "const", "anyOf", "oneOf", "allOf", "not", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum",
        "pattern", "minLength", "maxLength", "items", "prefixItems", "minItems", "maxItems", "properties", "required",
        "additionalProperties", "$ref", "x-imagesdk-ignore-case", "x-imagesdk-check", "x-imagesdk-number-string", "format",
    };

    /// <summary>Keys a branch may carry and still be typed exactly: prose, names and facts the typed check already holds.</summary>
    private static readonly HashSet<string> s_typedKeys = new(StringComparer.Ordinal)
    {
        "type", "description", "title", "examples", "default", "deprecated", "$comment", "x-imagesdk-enum", "x-imagesdk-number-string",
    };

    private readonly Dictionary<string, string?> _definitions = new(StringComparer.Ordinal);

    /// <summary>
    /// Null when the typed columns hold <paramref name="branch"/> exactly (the caller reads it); else the typed forms it still
    /// gives a builder overload for (possibly none), and the parameter is checked by its fragment.
    /// </summary>
    private ValueForms? Untyped(SchemaDocument document, JsonNode branch, string? enumType, string? pattern, double? minimum, double? maximum, bool hasInteger)
    {
        var form = branch["x-imagesdk-form"]?.AsString();
        if (form is "interpolation" or "boolean-string")
        {
            return null;
        }

        var type = branch["type"]?.AsString();
        if (form is not null)
        {
            return ValueForms.None; // interpolation-partial: text with ${...} anywhere, beside a constrained string
        }

        if (branch["enum"] is { Kind: JsonKind.Array } values)
        {
            var exact = type is null && enumType is null && values.Items.All(v => v.Kind == JsonKind.String)
                && values.Items.Count <= Names.MaxEnumValues && DistinctMembers(values.Strings())
                && Only(branch, "enum");
            return exact ? null : values.Items.Any(v => v.Kind == JsonKind.String) ? ValueForms.String : ValueForms.None;
        }

        switch (type)
        {
            case "string":
                var samePattern = pattern is null || branch["pattern"] is null || branch["pattern"]!.AsString() == pattern;
                return Only(branch, "pattern", "minLength") && samePattern && (!hasInteger || branch["pattern"] is not null)
                    ? null
                    : hasInteger ? ValueForms.IntegerString : ValueForms.String;
            case "integer" or "number":
                return Only(branch, "minimum", "maximum") && minimum is null && maximum is null
                    ? null
                    : type == "integer" ? ValueForms.Integer : ValueForms.Number;
            case "boolean":
                return Only(branch) ? null : ValueForms.Boolean;
            case "null":
                return Only(branch) ? null : ValueForms.Null;
            case "array":
                if (KnownStrings(branch["items"]) is not null && Only(branch, "items"))
                {
                    return null;
                }

                return StringItems(document, branch["items"]) ? ValueForms.StringArray : ValueForms.None;
            case "object":
                var plainBooleans = branch["additionalProperties"] is { Kind: JsonKind.Object } map
                    && _references.Deref(document, map) is { } target && target.Node["type"]?.AsString() == "boolean" && Only(target.Node);
                return plainBooleans && Only(branch, "additionalProperties") ? null : ValueForms.Object;
            default:
                return ValueForms.None; // const, any value ({}), never ({"not": {}}), type lists
        }
    }

    private static bool Only(JsonNode branch, params string[] keys) =>
        branch.Members.All(m => s_typedKeys.Contains(m.Name) || Array.IndexOf(keys, m.Name) >= 0);

    /// <summary>Whether every value maps to a distinct, usable C# member name (the enum a typed overload needs).</summary>
    private static bool DistinctMembers(IEnumerable<string> values)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        return values.All(v => Text.Pascal(v) is var member && Names.Problem(member) is null && seen.Add(member));
    }

    /// <summary>Whether an array's items take strings: <c>{"type": "string"}</c> or a union with a string branch.</summary>
    private bool StringItems(SchemaDocument document, JsonNode? items)
    {
        if (items is null || _references.Deref(document, items) is not { } resolved)
        {
            return false;
        }

        return resolved.Node["type"]?.AsString() == "string"
            || (resolved.Node["anyOf"] is { Kind: JsonKind.Array } anyOf && anyOf.Items.Any(b => _references.Deref(resolved.Document, b) is { } branch && branch.Node["type"]?.AsString() == "string"));
    }

    /// <summary>The checking keywords of <paramref name="schema"/> as compact JSON, every <c>$ref</c> replaced by its definition key.</summary>
    private string Fragment(SchemaDocument document, JsonNode schema)
    {
        var builder = new StringBuilder();
        WriteSchema(builder, document, schema);
        return builder.ToString();
    }

    /// <summary>The fragments that parameter fragments reference, in key order.</summary>
    public EquatableArray<SchemaDefinition> Definitions() =>
        _definitions.Where(d => d.Value is not null)
            .OrderBy(d => d.Key, StringComparer.Ordinal)
            .Select(d => new SchemaDefinition(d.Key, d.Value!))
            .ToEquatableArray();

    private void WriteSchema(StringBuilder builder, SchemaDocument document, JsonNode schema)
    {
        if (schema.Kind != JsonKind.Object)
        {
            builder.Append(schema.ToJson()); // true / false schemas
            return;
        }

        builder.Append('{');
        var first = true;
        foreach (var member in schema.Members)
        {
            if (!s_checkingKeys.Contains(member.Name))
            {
                continue;
            }

            if (!first)
            {
                builder.Append(',');
            }

            first = false;
            builder.Append(Text.Literal(member.Name)).Append(':');
            switch (member.Name)
            {
                case "$ref":
                    builder.Append(Text.Literal(DefinitionKey(document, member.Value)));
                    break;
                case "properties":
                    builder.Append('{');
                    for (var i = 0; i < member.Value.Members.Count; i++)
                    {
                        builder.Append(i > 0 ? "," : string.Empty).Append(Text.Literal(member.Value.Members[i].Name)).Append(':');
                        WriteSchema(builder, document, member.Value.Members[i].Value);
                    }

                    builder.Append('}');
                    break;
                case "anyOf" or "oneOf" or "allOf" or "prefixItems":
                    builder.Append('[');
                    for (var i = 0; i < member.Value.Items.Count; i++)
                    {
                        builder.Append(i > 0 ? "," : string.Empty);
                        WriteSchema(builder, document, member.Value.Items[i]);
                    }

                    builder.Append(']');
                    break;
                case "items" or "not" or "additionalProperties":
                    WriteSchema(builder, document, member.Value);
                    break;
                default:
                    builder.Append(member.Value.ToJson());
                    break;
            }
        }

        builder.Append('}');
    }

    /// <summary>The key of the fragment a <c>$ref</c> names (<c>robot-shared.schema.json#/$defs/interpolation</c>), written once.</summary>
    private string DefinitionKey(SchemaDocument document, JsonNode reference)
    {
        if (_references.ResolveReference(document, reference) is not { } target)
        {
            return string.Empty; // reported; an empty key checks nothing
        }

        var key = System.IO.Path.GetFileName(target.Document.Path) + "#" + _context.PointerOf(target.Document, target.Node);
        if (!_definitions.ContainsKey(key))
        {
            _definitions[key] = null; // a reference cycle stops here
            var builder = new StringBuilder();
            WriteSchema(builder, target.Document, target.Node);
            _definitions[key] = builder.ToString();
        }

        return key;
    }
}
