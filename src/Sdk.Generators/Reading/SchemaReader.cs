using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using ImageSdk.Generators.Infrastructure;
using ImageSdk.Generators.Json;
using ImageSdk.Generators.Model;
using ImageSdk.Tables;

namespace ImageSdk.Generators.Reading;

/// <summary>
/// Reads the parsed schema files into the <see cref="GeneratorModel"/>. This is the top of the reading: it classifies the
/// documents, then ties the parts that do one job each: <see cref="ReferenceResolver"/> ($ref and $dynamicRef across files),
/// <see cref="ParameterReader"/> (each parameter's value forms), <see cref="EnumRegistry"/> (the enums),
/// <see cref="CatalogReader"/> (models.json) and <see cref="GeneratedNames"/> (the type names taken). Anything it cannot
/// map becomes an IMG9xxx diagnostic at the schema file and line.
/// </summary>
internal sealed class SchemaReader
{
    private readonly List<SchemaDocument> _documents;
    private readonly ReadContext _context;
    private readonly GeneratedNames _names;
    private readonly ReferenceResolver _references;
    private readonly EnumRegistry _enums;
    private readonly CatalogReader _catalog;
    private readonly ParameterReader _parameters;

    private readonly bool _taggedOnly;

    private SchemaReader(IEnumerable<SchemaDocument> documents, bool taggedOnly, CancellationToken cancellationToken)
    {
        _taggedOnly = taggedOnly;
        _documents = documents.OrderBy(d => d.Path, StringComparer.Ordinal).ToList();
        _context = new ReadContext(cancellationToken);
        _names = new GeneratedNames(_context);
        _references = new ReferenceResolver(_context);
        _enums = new EnumRegistry(_context, _names);
        _catalog = new CatalogReader(_context, _names, _references, _enums);
        _parameters = new ParameterReader(_context, _references, _enums, _names);
    }

    /// <summary>Reads the documents into the model.</summary>
    /// <param name="documents">The parsed schema files.</param>
    /// <param name="cancellationToken">Cancels the reading.</param>
    /// <param name="taggedOnly">
    /// In a project that uses the package: only files with <c>ImageSdkSchema</c> item metadata are ImageSdk's, and another
    /// <c>*.schema.json</c> without <c>x-imagesdk-kind</c> is someone else's, left alone rather than reported.
    /// </param>
    public static GeneratorModel Read(ImmutableArray<SchemaDocument> documents, CancellationToken cancellationToken, bool taggedOnly = false)
    {
        try
        {
            return new SchemaReader(documents, taggedOnly, cancellationToken).Read();
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
                _context.Diagnostics.Add(error);
            }
            else if (document.Root is { Kind: JsonKind.Object })
            {
                if (_context.Guarded(document, () => ReferenceResolver.DocumentUri(document)) is { } uri)
                {
                    usable.Add(document);
                    _references.Add(uri, document);
                    if (_context.Guarded(document, () => ReferenceResolver.FileUri(document)) is { } file)
                    {
                        _references.Add(file, document); // a path from a file beside it names it too, as the catalog's $schema does
                    }
                }
            }
            else
            {
                _context.Report("IMG9002", document, document.Root!, "a schema file must hold a JSON object");
            }
        }

        var robotDocuments = new List<(SchemaDocument Document, string Name)>();
        SchemaDocument? envelopeDocument = null;
        SchemaDocument? catalogDocument = null;
        foreach (var document in usable)
        {
            var root = document.Root!;
            var (kind, problem) = DocumentKinds.Of(document, out var overridden);
            var keyword = root[DocumentKinds.Keyword] ?? root;
            if (problem is not null)
            {
                if (!_taggedOnly || document.Tagged)
                {
                    _context.Report("IMG9010", document, keyword, problem);
                }

                continue;
            }

            if (overridden is not null)
            {
                _context.Report("IMG9011", document, keyword, $"The schema file is a robot of the project's own (item metadata ImageSdkSchema=\"robot\"), which wins over its \"{DocumentKinds.Keyword}\" {overridden}; it is read as a robot");
            }

            switch (kind)
            {
                case DocumentKind.Catalog:
                    catalogDocument = document;
                    break;
                case DocumentKind.Envelope:
                    envelopeDocument = document;
                    break;
                case DocumentKind.Robot when (root["properties"]?["robot"]?["const"]?.AsString() is { } robotName):
                    robotDocuments.Add((document, robotName));
                    break;
                case DocumentKind.Robot:
                    _context.Report("IMG9010", document, root["properties"]?["robot"] ?? root, "A robot schema names its robot in properties.robot.const, e.g. \"robot\": {\"const\": \"/image/resize\"}");
                    break;
            }
        }

        // Type names are taken in this order: the model type, the assembly builder, then each robot's builder, enums and input type.
        var catalog = catalogDocument is null ? null : _context.Guarded(catalogDocument, () => _catalog.Read(catalogDocument));
        _parameters.Capabilities = catalog?.Capabilities;
        var envelopeName = envelopeDocument is null ? null : _names.TypeName(envelopeDocument, envelopeDocument.Root!, "x-imagesdk-builder", "AssemblyBuilder", envelopeDocument.Root!, "the assembly builder");
        var robots = new List<RobotModel>();
        foreach (var (document, robotName) in robotDocuments)
        {
            _context.CancellationToken.ThrowIfCancellationRequested();
            _context.Robot = (robotName, document.Path);
            var read = _context.Guarded(document, () => ReadRobot(document, robotName));
            _context.Robot = null;
            if (read is { } robot)
            {
                robots.Add(robot with { UserDefined = document.UserRobot });
            }
        }

        robots.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        var envelope = envelopeDocument is null || envelopeName is null ? null : _context.Guarded(envelopeDocument, () => ReadEnvelope(envelopeDocument, envelopeName, robots));
        if (usable.Count > 0 && robots.Count > 0)
        {
            if (envelopeDocument is null)
            {
                _context.Report("IMG9006", usable[0], usable[0].Root!, $"No assembly envelope schema found: a *.schema.json with \"{DocumentKinds.Keyword}\": \"envelope\"");
            }

            if (catalogDocument is null)
            {
                _context.Report("IMG9006", usable[0], usable[0].Root!, $"No model catalog found: a models.json with \"{DocumentKinds.Keyword}\": \"catalog\"");
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
            : new TablesModel(robotArray, envelope?.Keys ?? EquatableArray<ParameterModel>.Empty, catalog, defaultModel, _parameters.InterpolationPattern, envelope?.BuilderName)
            {
                Definitions = _parameters.Definitions(),
                SmartCdn = envelope?.SmartCdn,
            };

        return new GeneratorModel(
            robotArray,
            _enums.Enums,
            envelope,
            catalog,
            tables,
            _context.Diagnostics.ToEquatableArray());
    }

    // ---- robots and envelope -------------------------------------------------------------------------------------

    private RobotModel? ReadRobot(SchemaDocument document, string robotName)
    {
        var root = document.Root!;
        if (_names.TypeName(document, root, "x-imagesdk-builder", Text.Pascal(robotName) + "Step", root["properties"]!["robot"]!, $"the builder of robot {Text.Shown(robotName)}") is not { } builderName)
        {
            return null;
        }

        var parameters = _parameters.ReadParameters(document, root, builderName, skip: "robot");
        var (files, decider) = ReadFilesWithoutUse(document, root["x-imagesdk-files-without-use"], parameters);
        return new RobotModel(
            robotName,
            builderName,
            root["description"]?.AsString() ?? robotName,
            root["x-imagesdk-step-name"]?.AsString(),
            parameters,
            Category: root["x-imagesdk-category"]?.AsString(),
            FilesWithoutUse: files,
            FilesWithoutUseParameter: decider,
            AllowedInSmartCdn: ReadFlag(document, root, "x-imagesdk-smart-cdn"));
    }

    /// <summary>
    /// A robot's <c>x-imagesdk-files-without-use</c> (<c>{"when": "always"}</c>, or <c>"given"</c> / <c>"non-empty-string"</c>
    /// with the deciding <c>"parameter"</c>) as the <c>FilesWithoutUse</c> member's name and that parameter; nulls when absent
    /// (never), and after an IMG9002.
    /// </summary>
    private (string? Member, string? Parameter) ReadFilesWithoutUse(SchemaDocument document, JsonNode? annotation, EquatableArray<ParameterModel> parameters)
    {
        if (annotation is null)
        {
            return (null, null);
        }

        var when = annotation["when"]?.AsString();
        var parameter = annotation["parameter"]?.AsString();
        var member = when switch
        {
            "always" => nameof(FilesWithoutUse.Always),
            "given" => nameof(FilesWithoutUse.WhenGiven),
            "non-empty-string" => nameof(FilesWithoutUse.WhenNonEmptyString),
            _ => null,
        };
        var problem = member is null ? "its 'when' must be \"always\", \"given\" or \"non-empty-string\""
            : when == "always" ? (annotation["parameter"] is null ? null : "\"always\" takes no 'parameter'")
            : parameter is null ? $"\"{when}\" needs the deciding 'parameter'"
            : parameters.Any(p => p.JsonName == parameter) ? null
            : $"its 'parameter' {Text.Shown(parameter)} is not a parameter of the robot";
        if (problem is not null)
        {
            _context.Report("IMG9002", document, annotation, $"'x-imagesdk-files-without-use' is an object {{\"when\": ..., \"parameter\": ...}}: {problem}");
            return (null, null);
        }

        return (member, parameter);
    }

    private EnvelopeModel ReadEnvelope(SchemaDocument document, string builderName, List<RobotModel> robots)
    {
        var root = document.Root!;
        var keys = _parameters.ReadParameters(document, root, builderName, skip: null);

        // Every robot with a schema must be one the envelope's steps accept; a project's own robots (UserRobot) are its own.
        var listed = new HashSet<string>(StringComparer.Ordinal);
        if (root["properties"]?["steps"]?["additionalProperties"] is { } stepRef &&
            _references.Deref(document, stepRef) is { } step &&
            step.Node["properties"]?["robot"]?["enum"] is { } robotEnum)
        {
            listed.UnionWith(robotEnum.Strings());
            foreach (var robot in robots)
            {
                if (!listed.Contains(robot.Name) && !robot.UserDefined)
                {
                    _context.Report("IMG9006", step.Document, robotEnum, $"The robot '{robot.Name}' has a schema, but the envelope's step 'robot' enum does not list it");
                }
            }
        }

        return new EnvelopeModel(builderName, root["description"]?.AsString() ?? string.Empty, keys, robots.ToEquatableArray())
        {
            SmartCdn = ReadSmartCdn(document, root["x-imagesdk-smart-cdn"], robots),
        };
    }

    /// <summary>A boolean annotation of <paramref name="root"/>; false when absent, IMG9002 when not a boolean.</summary>
    private bool ReadFlag(SchemaDocument document, JsonNode root, string keyword)
    {
        if (root[keyword] is not { } flag)
        {
            return false;
        }

        if (flag.Kind is not (JsonKind.True or JsonKind.False))
        {
            _context.Report("IMG9002", document, flag, $"'{keyword}' must be true or false");
            return false;
        }

        return flag.Kind == JsonKind.True;
    }

    /// <summary>
    /// The envelope's <c>x-imagesdk-smart-cdn</c>, <c>{"robot": "/file/serve", "maxSteps": 20}</c>: a step of that robot makes
    /// an assembly a Smart CDN one, which may have at most that many steps, each of a robot allowed there. IMG9002 when malformed.
    /// </summary>
    private SmartCdnModel? ReadSmartCdn(SchemaDocument document, JsonNode? annotation, IReadOnlyList<RobotModel> robots)
    {
        if (annotation is null)
        {
            return null;
        }

        if (annotation["robot"]?.AsString() is not { } robot || annotation["maxSteps"]?.AsNumber() is not { } max || max < 1 || max != Math.Floor(max) || max > int.MaxValue)
        {
            _context.Report("IMG9002", document, annotation, "'x-imagesdk-smart-cdn' is {\"robot\": the robot that serves files, \"maxSteps\": a positive integer}");
            return null;
        }

        if (!robots.Any(r => string.Equals(r.Name, robot, StringComparison.Ordinal)))
        {
            _context.Report("IMG9002", document, annotation["robot"]!, $"'x-imagesdk-smart-cdn' names the robot {Text.Shown(robot)}, which has no schema");
            return null;
        }

        return new SmartCdnModel(robot, (int)max);
    }
}
