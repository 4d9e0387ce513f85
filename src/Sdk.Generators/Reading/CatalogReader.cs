using System;
using System.Collections.Generic;
using System.Linq;
using ImageSdk.Generators.Infrastructure;
using ImageSdk.Generators.Json;
using ImageSdk.Generators.Model;

namespace ImageSdk.Generators.Reading;

/// <summary>
/// Reads the model catalog (<c>models.json</c>): the model type's name (<c>csharpType</c>), and each model's id, aliases,
/// provider routes and capabilities. Two models of one name, or a name that is no C# member, are diagnostics.
/// </summary>
internal sealed class CatalogReader
{
    /// <summary>Where the catalog's schema declares a route's <c>mask</c> values: the instance path, <c>[]</c> for an array's items.</summary>
    private static readonly string[] s_maskPath = { "models", "[]", "providers", "[]", "native", "mask" };

    private readonly ReadContext _context;
    private readonly GeneratedNames _names;
    private readonly ReferenceResolver _references;
    private readonly EnumRegistry _enums;

    public CatalogReader(ReadContext context, GeneratedNames names, ReferenceResolver references, EnumRegistry enums)
    {
        _context = context;
        _names = names;
        _references = references;
        _enums = enums;
    }

    public CatalogModel? Read(SchemaDocument document)
    {
        var root = document.Root!;
        var typeName = root["csharpType"]?.AsString();
        if (typeName is null || Names.Problem(typeName) is not null)
        {
            _context.Report("IMG9005", document, root["csharpType"]!, "'csharpType' must be a PascalCase C# type name");
            return null;
        }

        if (!_names.TakeType(document, root["csharpType"]!, typeName, "the model type"))
        {
            return null;
        }

        if (CatalogSchema(document) is not var (schemaDocument, schemaRoot)
            || ReadMaskEnum(schemaDocument, schemaRoot) is not { } mask
            || ReadCapabilityEnum(schemaDocument, schemaRoot) is not { } capability)
        {
            return null;
        }

        var models = root["models"];
        if (models is not { Kind: JsonKind.Array })
        {
            _context.Report("IMG9005", document, models!, "'models' must be an array");
            return null;
        }

        var entries = new List<CatalogEntry>();
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        var members = new NameScope("the model type", Names.CatalogMembers, Names.ObjectMembers);
        members.TryTake(typeName, "the model type itself", out _);
        foreach (var model in models.Items)
        {
            _context.CancellationToken.ThrowIfCancellationRequested();
            if (ReadCatalogEntry(document, model, mask.Values) is not { } entry)
            {
                continue;
            }

            if (names.TryGetValue(entry.Id, out var owner))
            {
                _context.Report("IMG9007", document, model["id"]!, entry.Id, owner);
                continue;
            }

            if (Names.Problem(entry.MemberName) is { } problem)
            {
                _context.Report("IMG9008", document, model["id"]!, $"The model {Text.Shown(entry.Id)} maps to a C# name that {problem}");
                continue;
            }

            if (!members.TryTake(entry.MemberName, "the model " + Text.Shown(entry.Id), out var clash))
            {
                _context.Report("IMG9004", document, model["id"]!, $"The model {Text.Shown(entry.Id)} maps to the C# member '{typeName}.{entry.MemberName}', which {clash} uses");
                continue;
            }

            names[entry.Id] = entry.Id;
            var aliases = new List<string>();
            foreach (var alias in entry.Aliases)
            {
                if (names.TryGetValue(alias, out var aliasOwner))
                {
                    _context.Report("IMG9007", document, model["aliases"]!, alias, aliasOwner);
                }
                else
                {
                    names[alias] = entry.Id;
                    aliases.Add(alias);
                }
            }

            entries.Add(entry with { Aliases = aliases.ToEquatableArray() });
        }

        return new CatalogModel(typeName, entries.ToEquatableArray(), mask.Name, capability);
    }

    /// <summary>The schema the catalog names in <c>$schema</c>, which declares the catalog's enums. Null after a diagnostic.</summary>
    private (SchemaDocument Document, JsonNode Root)? CatalogSchema(SchemaDocument catalog)
    {
        var root = catalog.Root!;
        if (root["$schema"] is not { } reference)
        {
            _context.Report("IMG9005", catalog, root, "The catalog names its schema in '$schema' (\"./models.schema.json\"), which declares the values of a route's 'mask' and the capabilities a parameter can name");
            return null;
        }

        return _references.ResolveReference(catalog, reference);
    }

    /// <summary>
    /// The enum of the catalog parts a robot parameter can be checked against (<c>x-imagesdk-capability</c>), declared in the
    /// catalog's schema at <c>$defs/capability</c>: the tables are written with it, and each parameter's value is held to it.
    /// </summary>
    private CapabilityVocabulary? ReadCapabilityEnum(SchemaDocument document, JsonNode root)
    {
        if (root["$defs"]?["capability"] is not { } declared || _references.Deref(document, declared) is not { } capability)
        {
            _context.Report("IMG9005", document, root, "The catalog's schema declares no '$defs/capability': the catalog parts a robot parameter can name in 'x-imagesdk-capability'");
            return null;
        }

        if (capability.Node["enum"] is not { Kind: JsonKind.Array } values || values.Items.Count == 0 || values.Items.Any(v => v.AsString() is null))
        {
            _context.Report("IMG9005", capability.Document, capability.Node, "'$defs/capability' is declared as an enum of one or more strings");
            return null;
        }

        var name = _enums.Register(capability.Document, capability.Node, capability.Node["x-imagesdk-enum"], "ModelCapability", capability.Description ?? "A catalog part a parameter is checked against.", inTables: true);
        return name is null ? null : new CapabilityVocabulary(name, values.Strings().ToEquatableArray());
    }

    /// <summary>
    /// The enum of a route's <c>mask</c> (<see cref="s_maskPath"/>), from the catalog's schema: the tables are written with it,
    /// and the catalog's values are held to it. Null after a diagnostic.
    /// </summary>
    private (string Name, EquatableArray<string> Values)? ReadMaskEnum(SchemaDocument document, JsonNode node)
    {
        foreach (var step in s_maskPath)
        {
            if (_references.Deref(document, node) is not { } resolved)
            {
                return null;
            }

            (document, node) = (resolved.Document, resolved.Node);
            if ((step == "[]" ? node["items"] : node["properties"]?[step]) is not { } next)
            {
                _context.Report("IMG9005", document, node, $"The catalog's schema declares no '{string.Join(".", s_maskPath).Replace(".[]", "[]")}': the values of a route's mask");
                return null;
            }

            node = next;
        }

        if (_references.Deref(document, node) is not { } mask)
        {
            return null;
        }

        if (mask.Node["enum"] is not { Kind: JsonKind.Array } values || values.Items.Count == 0 || values.Items.Any(v => v.AsString() is null))
        {
            _context.Report("IMG9005", mask.Document, mask.Node, "A route's 'mask' is declared as an enum of one or more strings");
            return null;
        }

        var name = _enums.Register(mask.Document, mask.Node, mask.Node["x-imagesdk-enum"], "MaskConvention", mask.Description ?? "How a provider route takes a mask.", inTables: true);
        return name is null ? null : (name, values.Strings().ToEquatableArray());
    }

    private CatalogEntry? ReadCatalogEntry(SchemaDocument document, JsonNode model, EquatableArray<string> masks)
    {
        string? Str(JsonNode? owner, string name, bool required = true)
        {
            var value = owner?[name]?.AsString();
            if (value is null && required)
            {
                _context.Report("IMG9005", document, owner?[name] ?? owner ?? model, $"'{name}' must be a string");
            }

            return value;
        }

        bool Bool(JsonNode owner, string name)
        {
            var value = owner[name]?.AsBoolean();
            if (value is null)
            {
                _context.Report("IMG9005", document, owner[name] ?? owner, $"'{name}' must be a boolean");
            }

            return value ?? false;
        }

        EquatableArray<string> Strings(JsonNode owner, string name)
        {
            if (owner[name] is not { Kind: JsonKind.Array } array)
            {
                _context.Report("IMG9005", document, owner[name] ?? owner, $"'{name}' must be an array of strings");
                return EquatableArray<string>.Empty;
            }

            return array.Strings().ToEquatableArray();
        }

        string Mask(JsonNode native)
        {
            var value = native["mask"]?.AsString();
            if (value is null || !masks.Contains(value))
            {
                _context.Report("IMG9005", document, native["mask"] ?? native, $"'mask' {(value is null ? "is missing or not a string" : "is " + Text.Shown(value))}; it must be one of {string.Join(", ", masks)}");
                return masks[0];
            }

            return value;
        }

        // The use roles a model takes, by the catalog's convention: capability "{role}Input": true.
        static EquatableArray<string> InputRoles(JsonNode capabilities) =>
            capabilities.Members
                .Where(m => m.Name.Length > 5 && m.Name.EndsWith("Input", StringComparison.Ordinal) && m.Value.AsBoolean() == true)
                .Select(m => m.Name.Substring(0, m.Name.Length - 5))
                .ToEquatableArray();

        if (model.Kind != JsonKind.Object)
        {
            _context.Report("IMG9005", document, model, "each model must be an object");
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
            _context.Report("IMG9005", document, capabilities ?? model, $"model '{id}' needs a 'capabilities' object");
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
                            _context.Report("IMG9005", document, n["maxOutputsPerCall"] ?? n, $"model '{id}', route '{provider}': 'maxOutputsPerCall' must be a positive integer");
                        }

                        native = new RouteModel(
                            Strings(n, "formats"),
                            perCall ?? 1,
                            n["aspectRatios"] is null ? EquatableArray<string>.Empty : Strings(n, "aspectRatios"),
                            Mask(n),
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
            _context.Report("IMG9005", document, model["providers"] ?? model, $"model '{id}' needs an array of 'providers'");
        }

        var size = capabilities["size"];
        var maxOutputs = capabilities["maxOutputsPerCall"]?.AsInt32();
        if (maxOutputs is null or < 1)
        {
            _context.Report("IMG9005", document, capabilities["maxOutputsPerCall"] ?? capabilities, $"model '{id}': 'maxOutputsPerCall' must be a positive integer");
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
}
