using System;
using System.Collections.Generic;
using System.Linq;
using ImageSdk.Generators.Emit;
using ImageSdk.Generators.Infrastructure;
using ImageSdk.Generators.Json;
using ImageSdk.Generators.Model;
using ImageSdk.Tables;

namespace ImageSdk.Generators.Reading;

/// <summary>
/// Reads parameters: the <c>properties</c> of a robot, of the envelope or of an object parameter. Each parameter's schema
/// (after <c>$ref</c>) becomes its value forms: the <c>x-imagesdk-type</c> kinds (use, steps, fields, json), or the branches
/// of its <c>anyOf</c> (type, enum, interpolation and boolean-string forms); an imported robot's form the typed columns cannot
/// hold is kept as a schema fragment (<c>ParameterReader.Fragments.cs</c>).
/// </summary>
internal sealed partial class ParameterReader
{
    private readonly ReadContext _context;
    private readonly ReferenceResolver _references;
    private readonly EnumRegistry _enums;
    private readonly GeneratedNames _names;
    private int _objectDepth;

    public ParameterReader(ReadContext context, ReferenceResolver references, EnumRegistry enums, GeneratedNames names)
    {
        _context = context;
        _references = references;
        _enums = enums;
        _names = names;
    }

    /// <summary>The catalog parts a parameter can name in <c>x-imagesdk-capability</c> (the catalog's schema declares them); null without a catalog.</summary>
    public CapabilityVocabulary? Capabilities { get; set; }

    /// <summary>The pattern of the interpolation form, from the first parameter that has one.</summary>
    public string? InterpolationPattern { get; private set; }

    /// <summary>The parameters of <paramref name="root"/>'s <c>properties</c>, each with its builder method in <paramref name="ownerName"/>, but <paramref name="skip"/>.</summary>
    public EquatableArray<ParameterModel> ReadParameters(SchemaDocument document, JsonNode root, string ownerName, string? skip)
    {
        var properties = root["properties"];
        if (properties is null || properties.Kind != JsonKind.Object)
        {
            _context.Report("IMG9002", document, root, "a robot or envelope schema needs an object of 'properties'");
            return EquatableArray<ParameterModel>.Empty;
        }

        var required = new HashSet<string>(root["required"]?.Strings() ?? Enumerable.Empty<string>(), StringComparer.Ordinal);
        var result = new List<ParameterModel>();
        var methodNames = new NameScope("the builder base type", Names.BuilderMembers, Names.ObjectMembers);
        methodNames.TryTake(ownerName, "the builder type itself", out _);
        foreach (var member in properties.Members)
        {
            _context.CancellationToken.ThrowIfCancellationRequested();
            if (member.Name == skip)
            {
                continue;
            }

            var methodName = Text.Pascal(member.Name);
            if (Names.Problem(methodName) is { } problem)
            {
                _context.Report("IMG9008", document, member.Value, $"The parameter {Text.Shown(member.Name)} maps to a C# name that {problem}");
                continue;
            }

            // The envelope's steps and fields keys get the methods Step and Field, beside the base type's Steps and Fields.
            if (member.Name is not ("steps" or "fields") && !methodNames.TryTake(methodName, "the parameter " + Text.Shown(member.Name), out var holder))
            {
                _context.Report("IMG9004", document, member.Value, $"The parameter {Text.Shown(member.Name)} maps to the C# method '{ownerName}.{methodName}', which {holder} uses");
                continue;
            }

            if (ReadParameter(document, member.Name, methodName, member.Value, required.Contains(member.Name), ownerName) is { } parameter)
            {
                result.Add(parameter);
            }
        }

        return result.ToEquatableArray();
    }

    private ParameterModel? ReadParameter(SchemaDocument document, string name, string methodName, JsonNode schema, bool required, string ownerName)
    {
        if (_references.Deref(document, schema) is not { } resolved)
        {
            return null;
        }

        var reported = _context.Diagnostics.Count;
        var node = resolved.Node;
        var description = schema["description"]?.AsString() ?? resolved.Description ?? string.Empty;
        var defaultJson = (schema["default"] ?? node["default"])?.ToJson();
        var enumValues = EquatableArray<string>.Empty;
        var mapKeys = EquatableArray<string>.Empty;
        var useRoles = EquatableArray<string>.Empty;
        var members = EquatableArray<ParameterModel>.Empty;
        string? enumType = null;
        string? useRoleEnum = null;
        double? minimum = null;
        double? maximum = null;
        int? minLength = null;
        string? pattern = null;
        var forms = ValueForms.None;
        var imported = document.Root?["x-imagesdk-source"] is not null;
        var general = false;

        switch (node["x-imagesdk-type"]?.AsString())
        {
            case "use":
                forms = ValueForms.Use;
                if (FindDynamicRole(resolved.Document, node, document) is { } role)
                {
                    useRoles = role.Values;
                    useRoleEnum = role.EnumName;
                    if (role.Values.Count > 0 && (role.EnumName is null || !TakeInputNames(document, schema, ownerName, role.Values)))
                    {
                        return null;
                    }
                }

                break;
            case "steps":
                forms = ValueForms.Steps;
                break;
            case "fields":
                forms = ValueForms.Scalar;
                break;
            case "json":
                forms = ValueForms.Object;
                if (node["properties"] is { Kind: JsonKind.Object })
                {
                    // Object parameters nest through $ref, which can loop: a depth budget instead of a stack overflow.
                    if (_objectDepth >= ReferenceResolver.MaxReferenceHops)
                    {
                        _context.Report("IMG9003", resolved.Document, node, $"object parameters nest deeper than {ReferenceResolver.MaxReferenceHops} levels (a $ref cycle?)");
                        return null;
                    }

                    _objectDepth++;
                    try
                    {
                        members = ReadParameters(resolved.Document, node, ownerName + methodName, skip: null);
                    }
                    finally
                    {
                        _objectDepth--;
                    }
                }

                break;
            case { } unknown:
                _context.Report("IMG9002", resolved.Document, node["x-imagesdk-type"]!, $"unknown x-imagesdk-type '{unknown}'; use, steps, fields or json");
                return null;
            default:
            {
                var branches = new List<(SchemaDocument Document, JsonNode Node)>();
                if (node["anyOf"] is { Kind: JsonKind.Array } anyOf)
                {
                    foreach (var item in anyOf.Items)
                    {
                        if (_references.Deref(resolved.Document, item) is { } branch)
                        {
                            branches.Add((branch.Document, branch.Node));
                        }
                    }
                }
                else
                {
                    branches.Add((resolved.Document, node));
                }

                var hasInteger = branches.Any(b => b.Node["type"]?.AsString() is "integer" or "number");
                foreach (var (branchDocument, branch) in branches)
                {
                    // An imported robot's form that the typed columns cannot hold is not rejected: the parameter keeps the
                    // typed overloads it has, gets the raw JSON one, and is checked by its schema fragment.
                    if (imported && Untyped(branchDocument, branch, enumType, pattern, minimum, maximum, hasInteger) is { } extra)
                    {
                        general = true;
                        forms |= extra;
                        continue;
                    }

                    var form = branch["x-imagesdk-form"]?.AsString();
                    var type = branch["type"]?.AsString();
                    if (form == "interpolation")
                    {
                        forms |= ValueForms.Interpolation;
                        InterpolationPattern ??= branch["pattern"]?.AsString();
                    }
                    else if (form == "boolean-string")
                    {
                        forms |= ValueForms.BooleanString;
                    }
                    else if (branch["enum"] is { Kind: JsonKind.Array } values)
                    {
                        forms |= ValueForms.Enum;
                        enumValues = values.Strings().ToEquatableArray();
                        enumType = _enums.Register(branchDocument, branch, branch["x-imagesdk-enum"], ownerName.Replace("Step", string.Empty) + methodName, description);
                        if (enumType is null)
                        {
                            return null;
                        }
                    }
                    else if (type == "string")
                    {
                        forms |= hasInteger ? ValueForms.IntegerString : ValueForms.String;
                        pattern = branch["pattern"]?.AsString() ?? pattern;
                        minLength = branch["minLength"]?.AsInt32() ?? minLength;
                        if (hasInteger && branch["pattern"] is null)
                        {
                            _context.Report("IMG9002", branchDocument, branch, $"the string form of the number '{name}' needs a 'pattern' that says which strings hold a number");
                        }
                    }
                    else if (type is "integer" or "number")
                    {
                        forms |= type == "integer" ? ValueForms.Integer : ValueForms.Number;
                        minimum = branch["minimum"]?.AsNumber();
                        maximum = branch["maximum"]?.AsNumber();
                    }
                    else if (type == "boolean")
                    {
                        forms |= ValueForms.Boolean;
                    }
                    else if (type == "array" && KnownStrings(branch["items"]) is { } items)
                    {
                        // items: {"enum": [...]}, or {"anyOf": [{"enum": [...]}, {"type": "string"}]} for a documented list that takes other strings too
                        forms |= ValueForms.EnumArray | (items.Open ? ValueForms.OpenEnum : ValueForms.None);
                        enumValues = items.Enum["enum"]!.Strings().ToEquatableArray();
                        enumType = _enums.Register(branchDocument, items.Enum, items.Enum["x-imagesdk-enum"] ?? branch["x-imagesdk-enum"], ownerName.Replace("Step", string.Empty) + methodName + "Value", description);
                        if (enumType is null)
                        {
                            return null;
                        }
                    }
                    else if (type == "null")
                    {
                        forms |= ValueForms.Null;
                    }
                    else if (type == "object" && branch["additionalProperties"] is { Kind: JsonKind.Object } values3 && _references.Deref(branchDocument, values3) is { } switches && TakesBoolean(switches.Document, switches.Node))
                    {
                        forms |= ValueForms.BooleanMap;
                        mapKeys = (branch["properties"]?.Members.Select(m => m.Name) ?? Enumerable.Empty<string>()).ToEquatableArray();
                    }
                    else if (branch["const"] is not null)
                    {
                        _context.Report("IMG9002", branchDocument, branch, $"'{name}' is a const; only 'robot' may be one");
                    }
                    else
                    {
                        _context.Report("IMG9002", branchDocument, branch, $"the parameter '{name}' has a form the generator cannot type (type '{type ?? "none"}'); supported: string, integer, number, boolean, enum, array of enum, object of booleans, or an x-imagesdk-form/x-imagesdk-type");
                    }
                }

                break;
            }
        }

        // A form no builder method takes: said here unless a branch has said why already (never left out in silence).
        if ((forms == ValueForms.None || forms == ValueForms.Null) && !general)
        {
            if (_context.Diagnostics.Count == reported)
            {
                _context.Report("IMG9002", document, schema, forms == ValueForms.None
                    ? $"the parameter '{name}' takes no value the generator can type (an empty anyOf?); it gets no builder method"
                    : $"the parameter '{name}' takes only null, which no builder method can set; give it another form beside null");
            }

            return null;
        }

        var (capabilityDocument, capabilityNode) = schema["x-imagesdk-capability"] is { } given ? (document, given) : (resolved.Document, node["x-imagesdk-capability"]);
        string? capability = null;
        if (capabilityNode is not null && Capabilities is not null && (capability = Capability(capabilityDocument, capabilityNode)) is null)
        {
            return null; // without a usable catalog, the catalog's own diagnostic (IMG9005, IMG9006) says why nothing is checked
        }

        var (catalogDocument, catalogName) = node["x-imagesdk-catalog"] is { } own ? (resolved.Document, own) : (document, schema["x-imagesdk-catalog"]);
        if (catalogName is not null && (catalogName.AsString() is not { } catalogType || Names.Problem(catalogType) is not null))
        {
            _context.Report("IMG9008", catalogDocument, catalogName, $"'x-imagesdk-catalog' must name the model type, a PascalCase C# name: {Text.Shown(catalogName.AsString() ?? catalogName.ToJson())} is not one");
            return null;
        }

        return new ParameterModel(
            name,
            methodName,
            description,
            required,
            defaultJson,
            forms,
            minimum,
            maximum,
            minLength,
            pattern,
            enumType,
            enumValues,
            mapKeys,
            catalogName?.AsString(),
            capability,
            useRoles,
            useRoleEnum,
            members,
            general ? Fragment(document, schema) : null);
    }

    /// <summary>
    /// The enum member (<c>ModelCapability.Formats</c>) of an <c>x-imagesdk-capability</c> value, held to the vocabulary the
    /// catalog's schema declares; null after a diagnostic. A name no rule knows would otherwise check nothing, in silence.
    /// </summary>
    private string? Capability(SchemaDocument document, JsonNode value)
    {
        var vocabulary = Capabilities!;
        if (value.AsString() is not { } text || !vocabulary.Values.Contains(text))
        {
            _context.Report("IMG9002", document, value, $"'x-imagesdk-capability' is {(value.AsString() is { } shown ? Text.Shown(shown) : value.ToJson())}; the catalog's schema allows {string.Join(", ", vocabulary.Values)}");
            return null;
        }

        return vocabulary.EnumName + "." + Text.Pascal(text);
    }

    /// <summary>The enum of an array's items: the items schema itself, or its enum branch beside a plain string one (then open).</summary>
    private static (JsonNode Enum, bool Open)? KnownStrings(JsonNode? items)
    {
        if (items?["enum"] is { Kind: JsonKind.Array })
        {
            return (items, false);
        }

        if (items?["anyOf"] is { Kind: JsonKind.Array } anyOf
            && anyOf.Items.FirstOrDefault(b => b["enum"] is { Kind: JsonKind.Array }) is { } known
            && anyOf.Items.Any(b => b["type"]?.AsString() == "string" && b["enum"] is null && b["pattern"] is null))
        {
            return (known, true);
        }

        return null;
    }

    /// <summary>Whether a map's value schema takes a boolean: <c>{"type": "boolean"}</c>, or an anyOf with such a branch.</summary>
    private bool TakesBoolean(SchemaDocument document, JsonNode node) =>
        node["type"]?.AsString() == "boolean"
        || (node["anyOf"] is { Kind: JsonKind.Array } anyOf && anyOf.Items.Any(b => _references.Deref(document, b) is { } branch && branch.Node["type"]?.AsString() == "boolean"));

    private (EquatableArray<string> Values, string? EnumName)? FindDynamicRole(SchemaDocument useDocument, JsonNode useNode, SchemaDocument robotDocument)
    {
        var visited = new HashSet<JsonNode>(ReferenceEqualityComparer.Instance);
        var dynamicRef = _references.FindMember(useDocument, useNode, "$dynamicRef", visited);
        if (dynamicRef is null)
        {
            return null;
        }

        var anchor = dynamicRef.Value.Node.AsString()?.TrimStart('#') ?? string.Empty;

        // Dynamic scope: the robot schema's own anchor wins over the shared default.
        var target = ReferenceResolver.FindAnchor(robotDocument.Root!, anchor) is { } own
            ? (robotDocument, own)
            : ReferenceResolver.FindAnchor(dynamicRef.Value.Document.Root!, anchor) is { } shared ? (dynamicRef.Value.Document, shared) : default;
        if (target.Item2 is null)
        {
            _context.Report("IMG9003", dynamicRef.Value.Document, dynamicRef.Value.Node, $"no $dynamicAnchor '{anchor}' found");
            return null;
        }

        // The roles: {"enum": [...]}, or {"anyOf": [{"enum": [...]}, {"type": "string"}]} for documented roles beside any other.
        if (KnownStrings(target.Item2) is not { } roles)
        {
            return (EquatableArray<string>.Empty, null);
        }

        var strings = roles.Enum["enum"]!.Strings().ToEquatableArray();
        return (strings, _enums.Register(target.Item1, roles.Enum, roles.Enum["x-imagesdk-enum"] ?? target.Item2["x-imagesdk-enum"], "InputRole", target.Item2["description"]?.AsString() ?? "The role of an input."));
    }

    /// <summary>Takes the typed input of a builder whose <c>use</c> has roles, and one factory member per role; false after a diagnostic.</summary>
    private bool TakeInputNames(SchemaDocument document, JsonNode at, string builderName, EquatableArray<string> roles)
    {
        var inputType = BuilderContract.InputTypeName(builderName);
        if (!_names.TakeType(document, at, inputType, $"the typed input of '{builderName}'"))
        {
            return false;
        }

        var members = new NameScope("the input type", Names.InputMembers, Names.ObjectMembers);
        members.TryTake(inputType, "the input type itself", out _);
        foreach (var role in roles)
        {
            if (!members.TryTake(Text.Pascal(role), "the role " + Text.Shown(role), out var holder))
            {
                _context.Report("IMG9004", document, at, $"The role {Text.Shown(role)} maps to the C# member '{inputType}.{Text.Pascal(role)}', which {holder} uses");
                return false;
            }
        }

        return true;
    }
}
