using System;
using System.Collections.Generic;
using System.Linq;
using ImageSdk.Generators.Infrastructure;
using ImageSdk.Generators.Json;
using ImageSdk.Generators.Model;

namespace ImageSdk.Generators.Reading;

/// <summary>
/// The enums the schema declares, by C# name: each <c>enum</c> a parameter's forms, an array's items or <c>use</c>'s roles
/// give, named by <c>x-imagesdk-enum</c> or after its parameter. One name declared twice must have the same values.
/// </summary>
internal sealed class EnumRegistry
{
    private readonly ReadContext _context;
    private readonly GeneratedNames _names;
    private readonly Dictionary<string, EnumModel> _byName = new(StringComparer.Ordinal);

    public EnumRegistry(ReadContext context, GeneratedNames names)
    {
        _context = context;
        _names = names;
    }

    /// <summary>The enums, by name.</summary>
    public EquatableArray<EnumModel> Enums => _byName.Values.OrderBy(e => e.Name, StringComparer.Ordinal).ToEquatableArray();

    /// <summary>
    /// Registers the enum of <c>enumNode["enum"]</c> under the name <paramref name="nameNode"/> gives (<c>x-imagesdk-enum</c>),
    /// else <paramref name="fallbackName"/>; returns its name, or null after a diagnostic. An enum <paramref name="inTables"/>
    /// is one the schema tables are written with, so the tables-only output emits it too.
    /// </summary>
    public string? Register(SchemaDocument document, JsonNode enumNode, JsonNode? nameNode, string fallbackName, string description, bool inTables = false)
    {
        if (enumNode["enum"]!.Items.Count > Names.MaxEnumValues)
        {
            _context.Report("IMG9009", document, enumNode["enum"]!, $"The enum has {enumNode["enum"]!.Items.Count} values; the generator emits enums of at most {Names.MaxEnumValues}. Type the parameter as a string (with a pattern), or split the enum");
            return null;
        }

        var values = enumNode["enum"]!.Strings().ToEquatableArray();
        if (nameNode is not null && nameNode.AsString() is null)
        {
            _context.Report("IMG9008", document, nameNode, "'x-imagesdk-enum' must be a string");
            return null;
        }

        var name = nameNode?.AsString() ?? fallbackName;
        var at = nameNode ?? enumNode;
        if (_byName.TryGetValue(name, out var existing))
        {
            if (!existing.Values.Equals(values))
            {
                _context.Report("IMG9004", document, at, $"The enum '{name}' is declared twice with different values: {Text.Shown(string.Join(", ", existing.Values))} and {Text.Shown(string.Join(", ", values))}");
                return null;
            }

            return name;
        }

        var owner = $"the enum '{name}'";
        if (!_names.TakeType(document, at, name, owner) || !_names.TakeType(document, at, name + "Extensions", owner))
        {
            return null;
        }

        var members = new NameScope("the enum");
        foreach (var value in values)
        {
            var member = Text.Pascal(value);
            if (Names.Problem(member) is { } problem)
            {
                _context.Report("IMG9008", document, at, $"The value {Text.Shown(value)} of enum '{name}' maps to a C# name that {problem}");
                return null;
            }

            if (!members.TryTake(member, "the value " + Text.Shown(value), out var holder))
            {
                _context.Report("IMG9004", document, at, $"The value {Text.Shown(value)} of enum '{name}' maps to the C# member '{member}', as {holder} does");
                return null;
            }
        }

        _byName[name] = new EnumModel(name, description, values, document.UserRobot, inTables);
        return name;
    }
}
