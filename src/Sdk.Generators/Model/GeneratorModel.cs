using System.Linq;
using ImageSdk.Generators.Infrastructure;
using ImageSdk.Tables;

namespace ImageSdk.Generators.Model;

/// <summary>
/// One parameter of a robot or of the envelope, as the emitters need it. <c>Schema</c> is set where the typed
/// columns do not hold the whole schema (an imported robot's union of differently constrained branches, arrays of strings or
/// objects, objects, records, enums without distinct C# names): its checking keywords as JSON, by which the engine judges values.
/// </summary>
internal sealed record ParameterModel(
    string JsonName,
    string MethodName,
    string Description,
    bool Required,
    string? DefaultJson,
    ValueForms Forms,
    double? Minimum,
    double? Maximum,
    int? MinLength,
    string? Pattern,
    string? EnumType,
    EquatableArray<string> EnumValues,
    EquatableArray<string> MapKeys,
    string? Catalog,
    string? Capability,
    EquatableArray<string> UseRoles,
    string? UseRoleEnum,
    EquatableArray<ParameterModel> Members,
    string? Schema = null);

/// <summary>A generated enum: its C# name, its JSON values and where it is documented.</summary>
internal sealed record EnumModel(string Name, string Description, EquatableArray<string> Values, bool UserDefined = false, bool InTables = false);

/// <summary>One robot and its builder.</summary>
internal sealed record RobotModel(
    string Name,
    string BuilderName,
    string Description,
    string? RequiredStepName,
    EquatableArray<ParameterModel> Parameters,
    bool UserDefined = false,
    string? Category = null,
    string? FilesWithoutUse = null,
    string? FilesWithoutUseParameter = null,
    bool AllowedInSmartCdn = false);

/// <summary>The assembly envelope: its builder and top-level keys.</summary>
internal sealed record EnvelopeModel(string BuilderName, string Description, EquatableArray<ParameterModel> Keys, EquatableArray<RobotModel> Robots)
{
    /// <summary>Transloadit's Smart CDN rules (<c>x-imagesdk-smart-cdn</c> of the envelope), if the schema states them.</summary>
    public SmartCdnModel? SmartCdn { get; init; }
}

/// <summary>What makes an assembly a Smart CDN one (a step of <paramref name="Robot"/>) and how many steps it may have.</summary>
internal sealed record SmartCdnModel(string Robot, int MaxSteps);

/// <summary>One provider route and what it does natively (null when the catalog does not say).</summary>
internal sealed record ProviderRouteModel(string Provider, string ModelId, RouteModel? Native);

/// <summary>A route's native capabilities.</summary>
internal sealed record RouteModel(
    EquatableArray<string> Formats,
    int MaxOutputsPerCall,
    EquatableArray<string> AspectRatios,
    string Mask,
    bool Seed,
    EquatableArray<string> Styles,
    string? SvgModelId,
    int MaxInputImages,
    EquatableArray<string> SvgStyles,
    EquatableArray<string> ImageSizes,
    string? SizeInput,
    string? ImageField,
    string? InputRatio,
    string? FastInput);

/// <summary>One model of the catalog.</summary>
internal sealed record CatalogEntry(
    string Id,
    string MemberName,
    EquatableArray<string> Aliases,
    string DisplayName,
    string Description,
    EquatableArray<ProviderRouteModel> Providers,
    EquatableArray<string> Formats,
    string DefaultFormat,
    bool ImageInput,
    bool MaskInput,
    EquatableArray<string> InputRoles,
    EquatableArray<string> RequiredInputs,
    int MaxOutputsPerCall,
    EquatableArray<string> AspectRatios,
    string DefaultAspectRatio,
    bool SizeSupported,
    int? SizeMin,
    int? SizeMax,
    int? SizeMultipleOf,
    EquatableArray<string> Styles,
    bool Seed,
    EquatableArray<string> SvgStyles);

/// <summary>The model catalog and the name of its C# type.</summary>
internal sealed record CatalogModel(string TypeName, EquatableArray<CatalogEntry> Entries, string MaskEnum, CapabilityVocabulary Capabilities);

/// <summary>The catalog parts a robot parameter can be checked against (<c>x-imagesdk-capability</c>): the enum's C# name and its values.</summary>
internal sealed record CapabilityVocabulary(string EnumName, EquatableArray<string> Values);

/// <summary>Everything the schema tables hold.</summary>
internal sealed record TablesModel(EquatableArray<RobotModel> Robots, EquatableArray<ParameterModel> EnvelopeKeys, CatalogModel? Catalog, string? DefaultModel, string? InterpolationPattern, string? EnvelopeBuilderName)
{
    /// <summary>The schema fragments that <see cref="ParameterModel.Schema"/> fragments name by <c>$ref</c>, by key.</summary>
    public EquatableArray<SchemaDefinition> Definitions { get; init; } = EquatableArray<SchemaDefinition>.Empty;

    /// <summary>Transloadit's Smart CDN rules, from the envelope.</summary>
    public SmartCdnModel? SmartCdn { get; init; }

    /// <summary>
    /// Whether the robots' parameters and the assembly keys are written as text that <c>SpecText</c> decodes (the tables-only
    /// output, the analyzer's: one reader JIT-compiled in a fresh compiler instead of a method per robot) rather than as
    /// constructor calls (src/Sdk, ReadyToRun in <c>imagesdk validate</c>).
    /// </summary>
    public bool Encoded { get; init; }
}

/// <summary>A schema fragment that parameter fragments reference: its key (<c>file#pointer</c>) and its checking keywords as JSON.</summary>
internal sealed record SchemaDefinition(string Key, string Json);

/// <summary>The whole schema, read and resolved: the single input of every emitter.</summary>
internal sealed record GeneratorModel(
    EquatableArray<RobotModel> Robots,
    EquatableArray<EnumModel> Enums,
    EnvelopeModel? Envelope,
    CatalogModel? Catalog,
    TablesModel? Tables,
    EquatableArray<DiagnosticInfo> Diagnostics)
{
    /// <summary>The same model with only the schema tables left to emit, and the enums they are written with.</summary>
    public GeneratorModel TablesOnly() => this with
    {
        Robots = EquatableArray<RobotModel>.Empty,
        Enums = Enums.Where(e => e.InTables).ToEquatableArray(),
        Envelope = null,
        Catalog = null,
        Tables = Tables is null ? null : Tables with { Encoded = true },
    };

    /// <summary>
    /// The same model with only the project's own robots and the enums their schemas declare: in a project that uses the
    /// package, whose builders, tables and catalog are compiled into ImageSdk.dll already.
    /// </summary>
    public GeneratorModel UserRobotsOnly() => this with
    {
        Robots = Robots.Where(r => r.UserDefined).ToEquatableArray(),
        Enums = Enums.Where(e => e.UserDefined).ToEquatableArray(),
        Envelope = null,
        Catalog = null,
        Tables = null,
    };
}
