using System.Collections.Generic;

namespace ImageSdk.Tables;

/// <summary>What the schema says about one robot parameter: the data the validation rules read.</summary>
/// <param name="Name">The JSON name, e.g. <c>num_outputs</c>.</param>
/// <param name="Forms">The JSON forms the value may take.</param>
/// <param name="Required">Whether the step must set it.</param>
/// <param name="Minimum">The smallest allowed number, if bounded.</param>
/// <param name="Maximum">The largest allowed number, if bounded.</param>
/// <param name="MinLength">The shortest allowed string, if bounded.</param>
/// <param name="Pattern">The regular expression a plain string value must match, if any.</param>
/// <param name="EnumValues">The allowed strings of an <see cref="ValueForms.Enum"/> or <see cref="ValueForms.EnumArray"/> value.</param>
/// <param name="MapKeys">The documented keys of a <see cref="ValueForms.BooleanMap"/> value.</param>
/// <param name="UseRoles">For <c>use</c>: the allowed <c>as</c> roles; empty when any string is allowed.</param>
/// <param name="Catalog">The name of the catalog the value comes from (e.g. <c>ImageModel</c>), if any.</param>
/// <param name="Capability">The part of the model's catalog entry the value is checked against (its route, formats, aspect ratios, size or styles), if any.</param>
/// <param name="DefaultJson">The default value as JSON text, if the schema gives one.</param>
/// <param name="Description">The schema description.</param>
/// <param name="Members">For an <see cref="ValueForms.Object"/> value: the documented members (other members are allowed).</param>
/// <param name="Schema">
/// Where the typed columns do not hold the whole schema (an imported robot's union of differently constrained branches,
/// arrays of strings or objects, objects, records, enums without distinct C# names): the checking keywords of the
/// parameter's schema as JSON, each <c>$ref</c> a key of <see cref="SchemaTables.SchemaDefinitions"/>. Values are judged by it.
/// </param>
public sealed record ParameterSpec(
    string Name,
    ValueForms Forms,
    bool Required,
    double? Minimum,
    double? Maximum,
    int? MinLength,
    string? Pattern,
    IReadOnlyList<string> EnumValues,
    IReadOnlyList<string> MapKeys,
    IReadOnlyList<string> UseRoles,
    string? Catalog,
    ModelCapability? Capability,
    string? DefaultJson,
    string Description,
    IReadOnlyList<ParameterSpec>? Members = null,
    string? Schema = null)
{
    // The generator's contract with the readers of builder code: required, so every spec the generator writes has them.

    /// <summary>The builder method the generator emits for it, e.g. <c>NumOutputs</c>: the generated contract readers use instead of recomputing names.</summary>
    public required string MemberName { get; init; }

    /// <summary>The generated enum member of each of <see cref="EnumValues"/>, in the same order.</summary>
    public required IReadOnlyList<string> EnumMembers { get; init; }

    /// <summary>The generated input factory of each of <see cref="UseRoles"/>, in the same order.</summary>
    public required IReadOnlyList<string> UseRoleMembers { get; init; }

    /// <summary>The argument types of the generated builder methods, one flag per overload.</summary>
    public required BuilderArguments Arguments { get; init; }

    /// <summary>The generated type those methods take, if any: the enum of an enum value, the input type of <c>use</c>.</summary>
    public required string? ArgumentTypeName { get; init; }

    /// <summary>The JSON value whose generated enum member is <paramref name="member"/> (an enum value or an input role), or null.</summary>
    public string? ValueOfMember(string member)
    {
        var values = IndexIn(EnumMembers, member) is var i and >= 0 ? EnumValues[i] : null;
        return values ?? (IndexIn(UseRoleMembers, member) is var r and >= 0 ? UseRoles[r] : null);
    }

    /// <summary>The generated enum member of <paramref name="value"/> (an enum value or an input role), or null.</summary>
    public string? MemberOfValue(string value) =>
        IndexIn(EnumValues, value) is var i and >= 0 && i < EnumMembers.Count ? EnumMembers[i]
        : IndexIn(UseRoles, value) is var r and >= 0 && r < UseRoleMembers.Count ? UseRoleMembers[r]
        : null;

    private static int IndexIn(IReadOnlyList<string> list, string item)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (string.Equals(list[i], item, System.StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The documented members of an object value; empty for other values.</summary>
    public IReadOnlyList<ParameterSpec> ObjectMembers => Members ?? System.Array.Empty<ParameterSpec>();

    /// <summary>Whether the value may be the given form.</summary>
    public bool Accepts(ValueForms form) => (Forms & form) != 0;

    /// <summary>Whether a generated builder method takes the given argument type.</summary>
    public bool Takes(BuilderArguments argument) => (Arguments & argument) != 0;
}
