using System;
using ImageSdk.Generators.Infrastructure;
using ImageSdk.Generators.Json;

namespace ImageSdk.Generators.Reading;

/// <summary>
/// The type names taken in the generated namespace: the model type, the builders, the enums and the typed inputs. Ignoring
/// case: each type's name is the name of its generated file, and Roslyn's hint names (like some file systems) ignore case.
/// </summary>
internal sealed class GeneratedNames
{
    private readonly ReadContext _context;
    private readonly NameScope _types = new(StringComparer.OrdinalIgnoreCase, "the generated code", Names.ReservedTypeNames);

    public GeneratedNames(ReadContext context) => _context = context;

    /// <summary>
    /// The C# type name a schema gives in <paramref name="key"/> of <paramref name="owner"/>, else <paramref name="fallback"/>,
    /// checked and taken in the namespace; null after a diagnostic.
    /// </summary>
    public string? TypeName(SchemaDocument document, JsonNode owner, string key, string fallback, JsonNode fallbackAt, string what)
    {
        var given = owner[key];
        if (given is not null && given.AsString() is null)
        {
            _context.Report("IMG9008", document, given, $"'{key}' must be a string");
            return null;
        }

        var name = given?.AsString() ?? fallback;
        return TakeType(document, given ?? fallbackAt, name, what) ? name : null;
    }

    /// <summary>Takes a type name in the generated namespace for <paramref name="owner"/>; false after a diagnostic.</summary>
    public bool TakeType(SchemaDocument document, JsonNode at, string name, string owner)
    {
        if (Names.Problem(name) is { } problem)
        {
            _context.Report("IMG9008", document, at, $"The name {Text.Shown(name)} of {owner} {problem}");
            return false;
        }

        if (!_types.TryTake(name, owner, out var holder))
        {
            _context.Report("IMG9004", document, at, $"The name '{name}' of {owner} is taken by {holder}");
            return false;
        }

        return true;
    }
}
