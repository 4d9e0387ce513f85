using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using ImageSdk.Generators.Emit;
using ImageSdk.Generators.Infrastructure;
using ImageSdk.Generators.Json;
using ImageSdk.Generators.Model;
using ImageSdk.Tables;

namespace ImageSdk.Generators;

/// <summary>
/// Reads the parsed schema files into the <see cref="GeneratorModel"/>: resolves <c>$ref</c> and <c>$dynamicRef</c>
/// across files, turns each parameter's <c>anyOf</c> branches into value forms, and reads the model catalog.
/// Anything it cannot map becomes an IMG9xxx diagnostic at the schema file and line.
/// </summary>
internal sealed partial class SchemaReader
{
    private const int MaxReferenceHops = 32;
    private const int MaxSearchDepth = JsonParser.MaxDepth + 2 * MaxReferenceHops;

    private readonly List<SchemaDocument> _documents;
    private readonly Dictionary<string, SchemaDocument> _byUri = new(StringComparer.Ordinal);
    private readonly List<DiagnosticInfo> _diagnostics = new();
    private readonly Dictionary<string, EnumModel> _enums = new(StringComparer.Ordinal);
    // Ignoring case: each type's name is the name of its generated file, and Roslyn's hint names (like some file systems) ignore case.
    private readonly NameScope _types = new(StringComparer.OrdinalIgnoreCase, "the generated code", Names.ReservedTypeNames);
    private readonly Dictionary<string, JsonPointer> _pointers = new(StringComparer.Ordinal);
    private readonly HashSet<DiagnosticInfo> _reported = new();
    private readonly CancellationToken _cancellationToken;
    private string? _interpolationPattern;
    private int _objectDepth;

    private SchemaReader(IEnumerable<SchemaDocument> documents, CancellationToken cancellationToken)
    {
        _documents = documents.OrderBy(d => d.Path, StringComparer.Ordinal).ToList();
        _cancellationToken = cancellationToken;
    }

    public static GeneratorModel Read(ImmutableArray<SchemaDocument> documents, CancellationToken cancellationToken)
    {
        try
        {
            return new SchemaReader(documents, cancellationToken).Read();
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            // Each file's part is read under Guarded; this is the last resort for what lies between.
            return Empty(new[] { DiagnosticInfo.Internal(documents.IsDefaultOrEmpty ? string.Empty : documents[0].Path, ex) });
        }
    }

    private static GeneratorModel Empty(IEnumerable<DiagnosticInfo> diagnostics) => new(
        EquatableArray<RobotModel>.Empty, EquatableArray<EnumModel>.Empty, null, null, null, diagnostics.ToEquatableArray());

    private GeneratorModel Read()
    {
        var usable = new List<SchemaDocument>();
        foreach (var document in _documents)
        {
            if (document.Error is { } error)
            {
                _diagnostics.Add(error);
            }
            else if (document.Root is { Kind: JsonKind.Object })
            {
                if (Guarded(document, () => DocumentUri(document)) is { } uri)
                {
                    usable.Add(document);
                    _byUri[uri] = document;
                }
            }
            else
            {
                Report("IMG9002", document, document.Root!, "a schema file must hold a JSON object");
            }
        }

        var robotDocuments = new List<(SchemaDocument Document, string Name)>();
        SchemaDocument? envelopeDocument = null;
        SchemaDocument? catalogDocument = null;
        foreach (var document in usable)
        {
            var root = document.Root!;
            if (root["csharpType"] is not null && root["models"] is not null)
            {
                catalogDocument = document;
            }
            else if (root["properties"]?["robot"]?["const"]?.AsString() is { } robotName)
            {
                robotDocuments.Add((document, robotName));
            }
            else if (root["properties"]?["steps"]?["x-imagesdk-type"]?.AsString() == "steps")
            {
                envelopeDocument = document;
            }
        }

        // Type names are taken in this order: the model type, the assembly builder, then each robot's builder, enums and input type.
        var catalog = catalogDocument is null ? null : Guarded(catalogDocument, () => ReadCatalog(catalogDocument));
        var envelopeName = envelopeDocument is null ? null : TypeName(envelopeDocument, envelopeDocument.Root!, "x-imagesdk-builder", "AssemblyBuilder", envelopeDocument.Root!, "the assembly builder");
        var robots = new List<RobotModel>();
        foreach (var (document, robotName) in robotDocuments)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            if (Guarded(document, () => ReadRobot(document, robotName)) is { } robot)
            {
                robots.Add(robot with { UserDefined = document.UserRobot });
            }
        }

        robots.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        var envelope = envelopeDocument is null || envelopeName is null ? null : Guarded(envelopeDocument, () => ReadEnvelope(envelopeDocument, envelopeName, robots));
        if (usable.Count > 0 && robots.Count > 0)
        {
            if (envelopeDocument is null)
            {
                Report("IMG9006", usable[0], usable[0].Root!, "No assembly envelope schema found: a *.schema.json whose 'steps' property has \"x-imagesdk-type\": \"steps\"");
            }

            if (catalogDocument is null)
            {
                Report("IMG9006", usable[0], usable[0].Root!, "No model catalog found: a models.json with 'csharpType' and 'models'");
            }
        }

        var robotArray = robots.ToEquatableArray();
        string? defaultModel = null;
        foreach (var parameter in robots.SelectMany(r => r.Parameters))
        {
            if (parameter.Catalog is not null && parameter.DefaultJson is { Length: > 2 } json && json[0] == '"')
            {
                defaultModel = json.Substring(1, json.Length - 2);
            }
        }

        var tables = robots.Count == 0 && catalog is null
            ? null
            : new TablesModel(robotArray, envelope?.Keys ?? EquatableArray<ParameterModel>.Empty, catalog, defaultModel, _interpolationPattern, envelope?.BuilderName)
            {
                Definitions = Definitions(),
            };

        return new GeneratorModel(
            robotArray,
            _enums.Values.OrderBy(e => e.Name, StringComparer.Ordinal).ToEquatableArray(),
            envelope,
            catalog,
            tables,
            _diagnostics.ToEquatableArray());
    }

    /// <summary>
    /// Reads one file's part. An exception the reader did not expect becomes IMG9999 at that file, with no stack trace, and
    /// the other files still generate.
    /// </summary>
    private T? Guarded<T>(SchemaDocument document, Func<T?> read)
        where T : class
    {
        try
        {
            return read();
        }
        catch (OperationCanceledException) when (_cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            _diagnostics.Add(DiagnosticInfo.Internal(document.Path, ex));
            return null;
        }
    }

    // ---- robots and envelope -------------------------------------------------------------------------------------

    private RobotModel? ReadRobot(SchemaDocument document, string robotName)
    {
        var root = document.Root!;
        if (TypeName(document, root, "x-imagesdk-builder", Text.Pascal(robotName) + "Step", root["properties"]!["robot"]!, $"the builder of robot {Text.Shown(robotName)}") is not { } builderName)
        {
            return null;
        }

        var parameters = ReadParameters(document, root, builderName, skip: "robot");
        return new RobotModel(
            robotName,
            builderName,
            root["description"]?.AsString() ?? robotName,
            root["x-imagesdk-step-name"]?.AsString(),
            parameters);
    }

    private EnvelopeModel ReadEnvelope(SchemaDocument document, string builderName, List<RobotModel> robots)
    {
        var root = document.Root!;
        var keys = ReadParameters(document, root, builderName, skip: null);

        // Every robot with a schema must be one the envelope's steps accept; a project's own robots (UserRobot) are its own.
        var listed = new HashSet<string>(StringComparer.Ordinal);
        if (root["properties"]?["steps"]?["additionalProperties"] is { } stepRef &&
            Deref(document, stepRef) is { } step &&
            step.Node["properties"]?["robot"]?["enum"] is { } robotEnum)
        {
            listed.UnionWith(robotEnum.Strings());
            foreach (var robot in robots)
            {
                if (!listed.Contains(robot.Name) && !robot.UserDefined)
                {
                    Report("IMG9006", step.Document, robotEnum, $"The robot '{robot.Name}' has a schema, but the envelope's step 'robot' enum does not list it");
                }
            }
        }

        return new EnvelopeModel(builderName, root["description"]?.AsString() ?? string.Empty, keys, robots.ToEquatableArray());
    }

    private EquatableArray<ParameterModel> ReadParameters(SchemaDocument document, JsonNode root, string ownerName, string? skip)
    {
        var properties = root["properties"];
        if (properties is null || properties.Kind != JsonKind.Object)
        {
            Report("IMG9002", document, root, "a robot or envelope schema needs an object of 'properties'");
            return EquatableArray<ParameterModel>.Empty;
        }

        var required = new HashSet<string>(root["required"]?.Strings() ?? Enumerable.Empty<string>(), StringComparer.Ordinal);
        var result = new List<ParameterModel>();
        var methodNames = new NameScope("the builder base type", Names.BuilderMembers, Names.ObjectMembers);
        methodNames.TryTake(ownerName, "the builder type itself", out _);
        foreach (var member in properties.Members)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            if (member.Name == skip)
            {
                continue;
            }

            var methodName = Text.Pascal(member.Name);
            if (Names.Problem(methodName) is { } problem)
            {
                Report("IMG9008", document, member.Value, $"The parameter {Text.Shown(member.Name)} maps to a C# name that {problem}");
                continue;
            }

            // The envelope's steps and fields keys get the methods Step and Field, beside the base type's Steps and Fields.
            if (member.Name is not ("steps" or "fields") && !methodNames.TryTake(methodName, "the parameter " + Text.Shown(member.Name), out var holder))
            {
                Report("IMG9004", document, member.Value, $"The parameter {Text.Shown(member.Name)} maps to the C# method '{ownerName}.{methodName}', which {holder} uses");
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
        if (Deref(document, schema) is not { } resolved)
        {
            return null;
        }

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
                    if (_objectDepth >= MaxReferenceHops)
                    {
                        Report("IMG9003", resolved.Document, node, $"object parameters nest deeper than {MaxReferenceHops} levels (a $ref cycle?)");
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
                Report("IMG9002", resolved.Document, node["x-imagesdk-type"]!, $"unknown x-imagesdk-type '{unknown}'; use, steps, fields or json");
                return null;
            default:
            {
                var branches = new List<(SchemaDocument Document, JsonNode Node)>();
                if (node["anyOf"] is { Kind: JsonKind.Array } anyOf)
                {
                    foreach (var item in anyOf.Items)
                    {
                        if (Deref(resolved.Document, item) is { } branch)
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
                        _interpolationPattern ??= branch["pattern"]?.AsString();
                    }
                    else if (form == "boolean-string")
                    {
                        forms |= ValueForms.BooleanString;
                    }
                    else if (branch["enum"] is { Kind: JsonKind.Array } values)
                    {
                        forms |= ValueForms.Enum;
                        enumValues = values.Strings().ToEquatableArray();
                        enumType = RegisterEnum(branchDocument, branch, branch["x-imagesdk-enum"], ownerName.Replace("Step", string.Empty) + methodName, description);
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
                            Report("IMG9002", branchDocument, branch, $"the string form of the number '{name}' needs a 'pattern' that says which strings hold a number");
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
                        enumType = RegisterEnum(branchDocument, items.Enum, items.Enum["x-imagesdk-enum"] ?? branch["x-imagesdk-enum"], ownerName.Replace("Step", string.Empty) + methodName + "Value", description);
                        if (enumType is null)
                        {
                            return null;
                        }
                    }
                    else if (type == "null")
                    {
                        forms |= ValueForms.Null;
                    }
                    else if (type == "object" && branch["additionalProperties"] is { Kind: JsonKind.Object } values3 && Deref(branchDocument, values3) is { } switches && TakesBoolean(switches.Document, switches.Node))
                    {
                        forms |= ValueForms.BooleanMap;
                        mapKeys = (branch["properties"]?.Members.Select(m => m.Name) ?? Enumerable.Empty<string>()).ToEquatableArray();
                    }
                    else if (branch["const"] is not null)
                    {
                        Report("IMG9002", branchDocument, branch, $"'{name}' is a const; only 'robot' may be one");
                    }
                    else
                    {
                        Report("IMG9002", branchDocument, branch, $"the parameter '{name}' has a form the generator cannot type (type '{type ?? "none"}'); supported: string, integer, number, boolean, enum, array of enum, object of booleans, or an x-imagesdk-form/x-imagesdk-type");
                    }
                }

                break;
            }
        }

        if (forms == ValueForms.None && !general)
        {
            return null;
        }

        var (catalogDocument, catalogName) = node["x-imagesdk-catalog"] is { } own ? (resolved.Document, own) : (document, schema["x-imagesdk-catalog"]);
        if (catalogName is not null && (catalogName.AsString() is not { } catalogType || Names.Problem(catalogType) is not null))
        {
            Report("IMG9008", catalogDocument, catalogName, $"'x-imagesdk-catalog' must name the model type, a PascalCase C# name: {Text.Shown(catalogName.AsString() ?? catalogName.ToJson())} is not one");
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
            node["x-imagesdk-capability"]?.AsString() ?? schema["x-imagesdk-capability"]?.AsString(),
            useRoles,
            useRoleEnum,
            members,
            general ? Fragment(document, schema) : null);
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
        || (node["anyOf"] is { Kind: JsonKind.Array } anyOf && anyOf.Items.Any(b => Deref(document, b) is { } branch && branch.Node["type"]?.AsString() == "boolean"));

    private (EquatableArray<string> Values, string? EnumName)? FindDynamicRole(SchemaDocument useDocument, JsonNode useNode, SchemaDocument robotDocument)
    {
        var visited = new HashSet<JsonNode>(ReferenceEqualityComparer.Instance);
        var dynamicRef = FindMember(useDocument, useNode, "$dynamicRef", visited);
        if (dynamicRef is null)
        {
            return null;
        }

        var anchor = dynamicRef.Value.Node.AsString()?.TrimStart('#') ?? string.Empty;

        // Dynamic scope: the robot schema's own anchor wins over the shared default.
        var target = FindAnchor(robotDocument.Root!, anchor) is { } own
            ? (robotDocument, own)
            : FindAnchor(dynamicRef.Value.Document.Root!, anchor) is { } shared ? (dynamicRef.Value.Document, shared) : default;
        if (target.Item2 is null)
        {
            Report("IMG9003", dynamicRef.Value.Document, dynamicRef.Value.Node, $"no $dynamicAnchor '{anchor}' found");
            return null;
        }

        // The roles: {"enum": [...]}, or {"anyOf": [{"enum": [...]}, {"type": "string"}]} for documented roles beside any other.
        if (KnownStrings(target.Item2) is not { } roles)
        {
            return (EquatableArray<string>.Empty, null);
        }

        var strings = roles.Enum["enum"]!.Strings().ToEquatableArray();
        return (strings, RegisterEnum(target.Item1, roles.Enum, roles.Enum["x-imagesdk-enum"] ?? target.Item2["x-imagesdk-enum"], "InputRole", target.Item2["description"]?.AsString() ?? "The role of an input."));
    }

    private (SchemaDocument Document, JsonNode Node)? FindMember(SchemaDocument document, JsonNode node, string name, HashSet<JsonNode> visited, int depth = 0)
    {
        if (!visited.Add(node))
        {
            return null;
        }

        // Each $ref followed is a level on top of the file's own nesting: a budget instead of a stack overflow.
        if (depth > MaxSearchDepth)
        {
            Report("IMG9003", document, node, $"the search for {name} goes deeper than {MaxSearchDepth} levels through $ref");
            return null;
        }

        if (node[name] is { } direct)
        {
            return (document, direct);
        }

        if (node["$ref"] is { } reference && ResolveReference(document, reference) is { } target &&
            FindMember(target.Document, target.Node, name, visited, depth + 1) is { } viaRef)
        {
            return viaRef;
        }

        foreach (var child in node.Members.Select(m => m.Value).Concat(node.Items))
        {
            if (child.Kind is JsonKind.Object or JsonKind.Array && FindMember(document, child, name, visited, depth + 1) is { } found)
            {
                return found;
            }
        }

        return null;
    }

    private static JsonNode? FindAnchor(JsonNode node, string anchor)
    {
        if (node["$dynamicAnchor"]?.AsString() == anchor)
        {
            return node;
        }

        foreach (var child in node.Members.Select(m => m.Value).Concat(node.Items))
        {
            if (child.Kind is JsonKind.Object or JsonKind.Array && FindAnchor(child, anchor) is { } found)
            {
                return found;
            }
        }

        return null;
    }

    /// <summary>
    /// Registers the enum of <c>enumNode["enum"]</c> under the name <paramref name="nameNode"/> gives (<c>x-imagesdk-enum</c>),
    /// else <paramref name="fallbackName"/>; returns its name, or null after a diagnostic.
    /// </summary>
    private string? RegisterEnum(SchemaDocument document, JsonNode enumNode, JsonNode? nameNode, string fallbackName, string description)
    {
        if (enumNode["enum"]!.Items.Count > Names.MaxEnumValues)
        {
            Report("IMG9009", document, enumNode["enum"]!, $"The enum has {enumNode["enum"]!.Items.Count} values; the generator emits enums of at most {Names.MaxEnumValues}. Type the parameter as a string (with a pattern), or split the enum");
            return null;
        }

        var values = enumNode["enum"]!.Strings().ToEquatableArray();
        if (nameNode is not null && nameNode.AsString() is null)
        {
            Report("IMG9008", document, nameNode, "'x-imagesdk-enum' must be a string");
            return null;
        }

        var name = nameNode?.AsString() ?? fallbackName;
        var at = nameNode ?? enumNode;
        if (_enums.TryGetValue(name, out var existing))
        {
            if (!existing.Values.Equals(values))
            {
                Report("IMG9004", document, at, $"The enum '{name}' is declared twice with different values: {Text.Shown(string.Join(", ", existing.Values))} and {Text.Shown(string.Join(", ", values))}");
                return null;
            }

            return name;
        }

        var owner = $"the enum '{name}'";
        if (!TakeType(document, at, name, owner) || !TakeType(document, at, name + "Extensions", owner))
        {
            return null;
        }

        var members = new NameScope("the enum");
        foreach (var value in values)
        {
            var member = Text.Pascal(value);
            if (Names.Problem(member) is { } problem)
            {
                Report("IMG9008", document, at, $"The value {Text.Shown(value)} of enum '{name}' maps to a C# name that {problem}");
                return null;
            }

            if (!members.TryTake(member, "the value " + Text.Shown(value), out var holder))
            {
                Report("IMG9004", document, at, $"The value {Text.Shown(value)} of enum '{name}' maps to the C# member '{member}', as {holder} does");
                return null;
            }
        }

        _enums[name] = new EnumModel(name, description, values, document.UserRobot);
        return name;
    }

    /// <summary>Takes the typed input of a builder whose <c>use</c> has roles, and one factory member per role; false after a diagnostic.</summary>
    private bool TakeInputNames(SchemaDocument document, JsonNode at, string builderName, EquatableArray<string> roles)
    {
        var inputType = BuilderContract.InputTypeName(builderName);
        if (!TakeType(document, at, inputType, $"the typed input of '{builderName}'"))
        {
            return false;
        }

        var members = new NameScope("the input type", Names.InputMembers, Names.ObjectMembers);
        members.TryTake(inputType, "the input type itself", out _);
        foreach (var role in roles)
        {
            if (!members.TryTake(Text.Pascal(role), "the role " + Text.Shown(role), out var holder))
            {
                Report("IMG9004", document, at, $"The role {Text.Shown(role)} maps to the C# member '{inputType}.{Text.Pascal(role)}', which {holder} uses");
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The C# type name a schema gives in <paramref name="key"/> of <paramref name="owner"/>, else <paramref name="fallback"/>,
    /// checked and taken in the namespace; null after a diagnostic.
    /// </summary>
    private string? TypeName(SchemaDocument document, JsonNode owner, string key, string fallback, JsonNode fallbackAt, string what)
    {
        var given = owner[key];
        if (given is not null && given.AsString() is null)
        {
            Report("IMG9008", document, given, $"'{key}' must be a string");
            return null;
        }

        var name = given?.AsString() ?? fallback;
        return TakeType(document, given ?? fallbackAt, name, what) ? name : null;
    }

    /// <summary>Takes a type name in the generated namespace for <paramref name="owner"/>; false after a diagnostic.</summary>
    private bool TakeType(SchemaDocument document, JsonNode at, string name, string owner)
    {
        if (Names.Problem(name) is { } problem)
        {
            Report("IMG9008", document, at, $"The name {Text.Shown(name)} of {owner} {problem}");
            return false;
        }

        if (!_types.TryTake(name, owner, out var holder))
        {
            Report("IMG9004", document, at, $"The name '{name}' of {owner} is taken by {holder}");
            return false;
        }

        return true;
    }

    // ---- catalog -------------------------------------------------------------------------------------------------

    private CatalogModel? ReadCatalog(SchemaDocument document)
    {
        var root = document.Root!;
        var typeName = root["csharpType"]?.AsString();
        if (typeName is null || Names.Problem(typeName) is not null)
        {
            Report("IMG9005", document, root["csharpType"]!, "'csharpType' must be a PascalCase C# type name");
            return null;
        }

        if (!TakeType(document, root["csharpType"]!, typeName, "the model type"))
        {
            return null;
        }

        var models = root["models"];
        if (models is not { Kind: JsonKind.Array })
        {
            Report("IMG9005", document, models!, "'models' must be an array");
            return null;
        }

        var entries = new List<CatalogEntry>();
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        var members = new NameScope("the model type", Names.CatalogMembers, Names.ObjectMembers);
        members.TryTake(typeName, "the model type itself", out _);
        foreach (var model in models.Items)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            if (ReadCatalogEntry(document, model) is not { } entry)
            {
                continue;
            }

            if (names.TryGetValue(entry.Id, out var owner))
            {
                Report("IMG9007", document, model["id"]!, entry.Id, owner);
                continue;
            }

            if (Names.Problem(entry.MemberName) is { } problem)
            {
                Report("IMG9008", document, model["id"]!, $"The model {Text.Shown(entry.Id)} maps to a C# name that {problem}");
                continue;
            }

            if (!members.TryTake(entry.MemberName, "the model " + Text.Shown(entry.Id), out var clash))
            {
                Report("IMG9004", document, model["id"]!, $"The model {Text.Shown(entry.Id)} maps to the C# member '{typeName}.{entry.MemberName}', which {clash} uses");
                continue;
            }

            names[entry.Id] = entry.Id;
            var aliases = new List<string>();
            foreach (var alias in entry.Aliases)
            {
                if (names.TryGetValue(alias, out var aliasOwner))
                {
                    Report("IMG9007", document, model["aliases"]!, alias, aliasOwner);
                }
                else
                {
                    names[alias] = entry.Id;
                    aliases.Add(alias);
                }
            }

            entries.Add(entry with { Aliases = aliases.ToEquatableArray() });
        }

        return new CatalogModel(typeName, entries.ToEquatableArray());
    }

    private CatalogEntry? ReadCatalogEntry(SchemaDocument document, JsonNode model)
    {
        string? Str(JsonNode? owner, string name, bool required = true)
        {
            var value = owner?[name]?.AsString();
            if (value is null && required)
            {
                Report("IMG9005", document, owner?[name] ?? owner ?? model, $"'{name}' must be a string");
            }

            return value;
        }

        bool Bool(JsonNode owner, string name)
        {
            var value = owner[name]?.AsBoolean();
            if (value is null)
            {
                Report("IMG9005", document, owner[name] ?? owner, $"'{name}' must be a boolean");
            }

            return value ?? false;
        }

        EquatableArray<string> Strings(JsonNode owner, string name)
        {
            if (owner[name] is not { Kind: JsonKind.Array } array)
            {
                Report("IMG9005", document, owner[name] ?? owner, $"'{name}' must be an array of strings");
                return EquatableArray<string>.Empty;
            }

            return array.Strings().ToEquatableArray();
        }

        // The use roles a model takes, by the catalog's convention: capability "{role}Input": true.
        static EquatableArray<string> InputRoles(JsonNode capabilities) =>
            capabilities.Members
                .Where(m => m.Name.Length > 5 && m.Name.EndsWith("Input", StringComparison.Ordinal) && m.Value.AsBoolean() == true)
                .Select(m => m.Name.Substring(0, m.Name.Length - 5))
                .ToEquatableArray();

        if (model.Kind != JsonKind.Object)
        {
            Report("IMG9005", document, model, "each model must be an object");
            return null;
        }

        var id = Str(model, "id");
        var capabilities = model["capabilities"];
        if (id is null || id.Length == 0)
        {
            return null;
        }

        if (capabilities is not { Kind: JsonKind.Object })
        {
            Report("IMG9005", document, capabilities ?? model, $"model '{id}' needs a 'capabilities' object");
            return null;
        }

        var providers = new List<ProviderRouteModel>();
        if (model["providers"] is { Kind: JsonKind.Array } routes)
        {
            foreach (var route in routes.Items)
            {
                if (Str(route, "provider") is { } provider && Str(route, "modelId") is { } modelId)
                {
                    RouteModel? native = null;
                    if (route["native"] is { Kind: JsonKind.Object } n)
                    {
                        var perCall = n["maxOutputsPerCall"]?.AsInt32();
                        if (perCall is null or < 1)
                        {
                            Report("IMG9005", document, n["maxOutputsPerCall"] ?? n, $"model '{id}', route '{provider}': 'maxOutputsPerCall' must be a positive integer");
                        }

                        native = new RouteModel(
                            Strings(n, "formats"),
                            perCall ?? 1,
                            n["aspectRatios"] is null ? EquatableArray<string>.Empty : Strings(n, "aspectRatios"),
                            Str(n, "mask") ?? "none",
                            Bool(n, "seed"),
                            n["styles"] is null ? EquatableArray<string>.Empty : Strings(n, "styles"),
                            Str(n, "svgModelId", required: false),
                            n["maxInputImages"]?.AsInt32() ?? 1,
                            n["svgStyles"] is null ? EquatableArray<string>.Empty : Strings(n, "svgStyles"),
                            n["imageSizes"] is null ? EquatableArray<string>.Empty : Strings(n, "imageSizes"),
                            Str(n, "sizeInput", required: false),
                            Str(n, "imageField", required: false),
                            Str(n, "inputRatio", required: false),
                            Str(n, "fastInput", required: false));
                    }

                    providers.Add(new ProviderRouteModel(provider, modelId, native));
                }
            }
        }
        else
        {
            Report("IMG9005", document, model["providers"] ?? model, $"model '{id}' needs an array of 'providers'");
        }

        var size = capabilities["size"];
        var maxOutputs = capabilities["maxOutputsPerCall"]?.AsInt32();
        if (maxOutputs is null or < 1)
        {
            Report("IMG9005", document, capabilities["maxOutputsPerCall"] ?? capabilities, $"model '{id}': 'maxOutputsPerCall' must be a positive integer");
        }

        return new CatalogEntry(
            id,
            Text.Pascal(id),
            Strings(model, "aliases"),
            Str(model, "displayName") ?? id,
            Str(model, "description", required: false) ?? string.Empty,
            providers.ToEquatableArray(),
            Strings(capabilities, "formats"),
            Str(capabilities, "defaultFormat") ?? "png",
            Bool(capabilities, "imageInput"),
            Bool(capabilities, "maskInput"),
            InputRoles(capabilities),
            Strings(capabilities, "requiredInputs"),
            maxOutputs ?? 1,
            Strings(capabilities, "aspectRatios"),
            Str(capabilities, "defaultAspectRatio") ?? "1:1",
            size?["supported"]?.AsBoolean() ?? false,
            size?["min"]?.AsInt32(),
            size?["max"]?.AsInt32(),
            size?["multipleOf"]?.AsInt32(),
            Strings(capabilities, "styles"),
            Bool(capabilities, "seed"),
            capabilities["svgStyles"] is null ? EquatableArray<string>.Empty : Strings(capabilities, "svgStyles"));
    }

    // ---- references ----------------------------------------------------------------------------------------------

    private sealed record Resolved(SchemaDocument Document, JsonNode Node, string? Description);

    /// <summary>Follows <c>$ref</c> from <paramref name="node"/> to the schema it names, keeping the nearest description.</summary>
    private Resolved? Deref(SchemaDocument document, JsonNode node)
    {
        var description = node["description"]?.AsString();
        for (var hop = 0; hop < MaxReferenceHops; hop++)
        {
            if (node["$ref"] is not { } reference)
            {
                return new Resolved(document, node, description);
            }

            if (ResolveReference(document, reference) is not { } target)
            {
                return null;
            }

            document = target.Document;
            node = target.Node;
            description ??= node["description"]?.AsString();
        }

        Report("IMG9003", document, node, "$ref chain longer than 32 hops (a cycle?)");
        return null;
    }

    private (SchemaDocument Document, JsonNode Node)? ResolveReference(SchemaDocument from, JsonNode reference)
    {
        var text = reference.AsString();
        if (text is null)
        {
            Report("IMG9003", from, reference, "$ref must be a string");
            return null;
        }

        Uri target;
        try
        {
            target = new Uri(new Uri(DocumentUri(from)), text);
        }
        catch (UriFormatException ex)
        {
            Report("IMG9003", from, reference, text, ex.Message);
            return null;
        }

        var documentUri = target.GetLeftPart(UriPartial.Query);
        if (!_byUri.TryGetValue(documentUri, out var document))
        {
            Report("IMG9003", from, reference, text, $"no schema file has the $id or path {documentUri}");
            return null;
        }

        var node = document.Root!;
        var fragment = Uri.UnescapeDataString(target.Fragment.TrimStart('#'));
        if (fragment.Length == 0)
        {
            return (document, node);
        }

        if (fragment[0] != '/')
        {
            Report("IMG9003", from, reference, text, "only JSON Pointer fragments are supported");
            return null;
        }

        foreach (var token in fragment.Substring(1).Split('/'))
        {
            var name = token.Replace("~1", "/").Replace("~0", "~");
            var next = node.Kind == JsonKind.Array && int.TryParse(name, out var index) && index >= 0 && index < node.Items.Count
                ? node.Items[index]
                : node[name];
            if (next is null)
            {
                Report("IMG9003", from, reference, text, $"'{name}' is not found in {documentUri}");
                return null;
            }

            node = next;
        }

        return (document, node);
    }

    private static string DocumentUri(SchemaDocument document)
    {
        if (document.Root?["$id"]?.AsString() is { } id && Uri.TryCreate(id, UriKind.Absolute, out var idUri))
        {
            return idUri.GetLeftPart(UriPartial.Query);
        }

        var path = document.Path.Replace('\\', '/');
        return new Uri("file://" + (path.StartsWith("/", StringComparison.Ordinal) ? path : "/" + path)).GetLeftPart(UriPartial.Query);
    }

    private void Report(string id, SchemaDocument document, JsonNode at, params string[] args)
    {
        var message = id switch
        {
            "IMG9003" when args.Length == 2 => $"The reference '{args[0]}' does not resolve: {args[1]}",
            "IMG9007" => $"The model name '{args[0]}' names two models of the catalog; it stays with '{args[1]}'",
            "IMG9002" => "Unsupported schema construct: " + args[0],
            "IMG9003" => "Unresolved schema reference: " + args[0],
            "IMG9005" => "Invalid model catalog: " + args[0],
            _ => args[0],
        };
        if (!_pointers.TryGetValue(document.Path, out var pointers))
        {
            pointers = _pointers[document.Path] = new JsonPointer(document.Root!);
        }

        var diagnostic = DiagnosticInfo.At(id, document.Path, at.Position, $"{message} (at {Text.Shown(System.IO.Path.GetFileName(document.Path) + "#" + pointers.Of(at), quoted: false)})");
        if (_reported.Add(diagnostic))
        {
            // A part that many parameters share by $ref is reported once.
            _diagnostics.Add(diagnostic);
        }
    }
}

/// <summary>Reference equality for the visited sets of tree walks (records compare by value).</summary>
internal sealed class ReferenceEqualityComparer : IEqualityComparer<JsonNode>
{
    public static readonly ReferenceEqualityComparer Instance = new();

    public bool Equals(JsonNode? x, JsonNode? y) => ReferenceEquals(x, y);

    public int GetHashCode(JsonNode obj) => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(obj);
}
