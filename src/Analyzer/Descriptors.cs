// Generated from the diagnostic catalogue (src/Shared/Validation/ValidationRule.cs) by
// tests/ImageSdk.Analyzer.Tests/DiagnosticCatalogueTests.cs: do not edit; run those tests with IMAGESDK_REGENERATE=1.
// Written as ordinary source (no generated-code marker), so that release tracking (RS2000-RS2008) still analyses it.
using System.Collections.Immutable;
using System.Linq;
using ImageSdk.Validation;
using Microsoft.CodeAnalysis;

namespace ImageSdk.Analyzer;

/// <summary>
/// One descriptor per IMG code of the catalogue (<see cref="ValidationRules"/>), with constant arguments so that
/// release tracking (AnalyzerReleases.*.md) sees them. Severities can be changed per code in .editorconfig
/// (<c>dotnet_diagnostic.IMG1502.severity = warning</c>).
/// </summary>
internal static class Descriptors
{
    private const string Help = "https://github.com/imagesdk/imagesdk/blob/main/docs/diagnostics.md#";
    /// <summary>IMG1000: Input cannot be read.</summary>
    public static readonly DiagnosticDescriptor Unreadable = new(DiagnosticIds.Unreadable, "Input cannot be read", "{0}", "ImageSdk.Syntax", DiagnosticSeverity.Error, isEnabledByDefault: true, description: null, helpLinkUri: Help + "img1000");

    /// <summary>IMG1001: Invalid JSON.</summary>
    public static readonly DiagnosticDescriptor InvalidJson = new(DiagnosticIds.InvalidJson, "Invalid JSON", "{0}", "ImageSdk.Syntax", DiagnosticSeverity.Error, isEnabledByDefault: true, description: "Transloadit reports this as invalid-json.", helpLinkUri: Help + "img1001");

    /// <summary>IMG1002: Invalid UTF-8.</summary>
    public static readonly DiagnosticDescriptor InvalidUtf8 = new(DiagnosticIds.InvalidUtf8, "Invalid UTF-8", "{0}", "ImageSdk.Syntax", DiagnosticSeverity.Error, isEnabledByDefault: true, description: "Transloadit reports this as invalid-json.", helpLinkUri: Help + "img1002");

    /// <summary>IMG1003: Nesting too deep.</summary>
    public static readonly DiagnosticDescriptor TooDeep = new(DiagnosticIds.TooDeep, "Nesting too deep", "{0}", "ImageSdk.Syntax", DiagnosticSeverity.Error, isEnabledByDefault: true, description: "Transloadit reports this as invalid-json.", helpLinkUri: Help + "img1003");

    /// <summary>IMG1004: Duplicate key.</summary>
    public static readonly DiagnosticDescriptor DuplicateKey = new(DiagnosticIds.DuplicateKey, "Duplicate key", "{0}", "ImageSdk.Syntax", DiagnosticSeverity.Warning, isEnabledByDefault: true, description: "Transloadit reports this as duplicate-key-in-step.", helpLinkUri: Help + "img1004");

    /// <summary>IMG1005: Document too large.</summary>
    public static readonly DiagnosticDescriptor TooLarge = new(DiagnosticIds.TooLarge, "Document too large", "{0}", "ImageSdk.Syntax", DiagnosticSeverity.Error, isEnabledByDefault: true, description: null, helpLinkUri: Help + "img1005");

    /// <summary>IMG1101: Instructions are not an object.</summary>
    public static readonly DiagnosticDescriptor NotAnObject = new(DiagnosticIds.NotAnObject, "Instructions are not an object", "{0}", "ImageSdk.Structure", DiagnosticSeverity.Error, isEnabledByDefault: true, description: "Transloadit reports this as ASSEMBLY_INVALID_STEPS.", helpLinkUri: Help + "img1101");

    /// <summary>IMG1102: Unknown top-level key.</summary>
    public static readonly DiagnosticDescriptor UnknownKey = new(DiagnosticIds.UnknownKey, "Unknown top-level key", "{0}", "ImageSdk.Structure", DiagnosticSeverity.Warning, isEnabledByDefault: true, description: null, helpLinkUri: Help + "img1102");

    /// <summary>IMG1103: Missing steps.</summary>
    public static readonly DiagnosticDescriptor MissingSteps = new(DiagnosticIds.MissingSteps, "Missing steps", "{0}", "ImageSdk.Structure", DiagnosticSeverity.Error, isEnabledByDefault: true, description: "Transloadit reports this as ASSEMBLY_NO_STEPS.", helpLinkUri: Help + "img1103");

    /// <summary>IMG1104: Steps are not an object.</summary>
    public static readonly DiagnosticDescriptor StepsNotAnObject = new(DiagnosticIds.StepsNotAnObject, "Steps are not an object", "{0}", "ImageSdk.Structure", DiagnosticSeverity.Error, isEnabledByDefault: true, description: "Transloadit reports this as ASSEMBLY_INVALID_STEPS.", helpLinkUri: Help + "img1104");

    /// <summary>IMG1105: No steps.</summary>
    public static readonly DiagnosticDescriptor EmptySteps = new(DiagnosticIds.EmptySteps, "No steps", "{0}", "ImageSdk.Structure", DiagnosticSeverity.Warning, isEnabledByDefault: true, description: "Transloadit reports this as ASSEMBLY_EMPTY_STEPS.", helpLinkUri: Help + "img1105");

    /// <summary>IMG1106: No input step.</summary>
    public static readonly DiagnosticDescriptor MissingInput = new(DiagnosticIds.MissingInput, "No input step", "{0}", "ImageSdk.Structure", DiagnosticSeverity.Error, isEnabledByDefault: true, description: "Transloadit reports this as missing-input.", helpLinkUri: Help + "img1106");

    /// <summary>IMG1107: Robot not allowed in a Smart CDN assembly.</summary>
    public static readonly DiagnosticDescriptor SmartCdnRobotNotAllowed = new(DiagnosticIds.SmartCdnRobotNotAllowed, "Robot not allowed in a Smart CDN assembly", "{0}", "ImageSdk.Structure", DiagnosticSeverity.Error, isEnabledByDefault: true, description: "Transloadit reports this as smart-cdn-robot-not-allowed.", helpLinkUri: Help + "img1107");

    /// <summary>IMG1108: Too many steps for a Smart CDN assembly.</summary>
    public static readonly DiagnosticDescriptor SmartCdnTooManySteps = new(DiagnosticIds.SmartCdnTooManySteps, "Too many steps for a Smart CDN assembly", "{0}", "ImageSdk.Structure", DiagnosticSeverity.Error, isEnabledByDefault: true, description: "Transloadit reports this as smart-cdn-max-steps-exceeded.", helpLinkUri: Help + "img1108");

    /// <summary>IMG1201: Step is not an object.</summary>
    public static readonly DiagnosticDescriptor StepNotAnObject = new(DiagnosticIds.StepNotAnObject, "Step is not an object", "{0}", "ImageSdk.Step", DiagnosticSeverity.Error, isEnabledByDefault: true, description: "Transloadit reports this as ASSEMBLY_STEP_INVALID.", helpLinkUri: Help + "img1201");

    /// <summary>IMG1202: Missing robot.</summary>
    public static readonly DiagnosticDescriptor MissingRobot = new(DiagnosticIds.MissingRobot, "Missing robot", "{0}", "ImageSdk.Step", DiagnosticSeverity.Error, isEnabledByDefault: true, description: "Transloadit reports this as ASSEMBLY_STEP_NO_ROBOT.", helpLinkUri: Help + "img1202");

    /// <summary>IMG1203: Unknown robot.</summary>
    public static readonly DiagnosticDescriptor UnknownRobot = new(DiagnosticIds.UnknownRobot, "Unknown robot", "{0}", "ImageSdk.Step", DiagnosticSeverity.Error, isEnabledByDefault: true, description: "Transloadit reports this as ASSEMBLY_STEP_UNKNOWN_ROBOT.", helpLinkUri: Help + "img1203");

    /// <summary>IMG1204: Unknown parameter.</summary>
    public static readonly DiagnosticDescriptor UnknownParameter = new(DiagnosticIds.UnknownParameter, "Unknown parameter", "{0}", "ImageSdk.Step", DiagnosticSeverity.Error, isEnabledByDefault: true, description: "Transloadit reports this as ROBOT_VALIDATION_BASE_ERROR.", helpLinkUri: Help + "img1204");

    /// <summary>IMG1205: Wrong step name.</summary>
    public static readonly DiagnosticDescriptor WrongStepName = new(DiagnosticIds.WrongStepName, "Wrong step name", "{0}", "ImageSdk.Step", DiagnosticSeverity.Error, isEnabledByDefault: true, description: "Transloadit reports this as INVALID_UPLOAD_HANDLE_STEP_NAME.", helpLinkUri: Help + "img1205");

    /// <summary>IMG1206: Reserved step name.</summary>
    public static readonly DiagnosticDescriptor ReservedStepName = new(DiagnosticIds.ReservedStepName, "Reserved step name", "{0}", "ImageSdk.Step", DiagnosticSeverity.Warning, isEnabledByDefault: true, description: "Transloadit reports this as INVALID_STEP_NAME.", helpLinkUri: Help + "img1206");

    /// <summary>IMG1207: Duplicate step name.</summary>
    public static readonly DiagnosticDescriptor DuplicateStep = new(DiagnosticIds.DuplicateStep, "Duplicate step name", "{0}", "ImageSdk.Step", DiagnosticSeverity.Error, isEnabledByDefault: true, description: null, helpLinkUri: Help + "img1207");

    /// <summary>IMG1208: Step name is not a safe file name.</summary>
    public static readonly DiagnosticDescriptor UnsafeStepName = new(DiagnosticIds.UnsafeStepName, "Step name is not a safe file name", "{0}", "ImageSdk.Step", DiagnosticSeverity.Warning, isEnabledByDefault: true, description: null, helpLinkUri: Help + "img1208");

    /// <summary>IMG1301: Missing required parameter.</summary>
    public static readonly DiagnosticDescriptor MissingParameter = new(DiagnosticIds.MissingParameter, "Missing required parameter", "{0}", "ImageSdk.Parameter", DiagnosticSeverity.Error, isEnabledByDefault: true, description: "Transloadit reports this as ROBOT_VALIDATION_BASE_ERROR.", helpLinkUri: Help + "img1301");

    /// <summary>IMG1302: Wrong type.</summary>
    public static readonly DiagnosticDescriptor WrongType = new(DiagnosticIds.WrongType, "Wrong type", "{0}", "ImageSdk.Parameter", DiagnosticSeverity.Error, isEnabledByDefault: true, description: "Transloadit reports this as ROBOT_VALIDATION_BASE_ERROR.", helpLinkUri: Help + "img1302");

    /// <summary>IMG1303: Out of range.</summary>
    public static readonly DiagnosticDescriptor OutOfRange = new(DiagnosticIds.OutOfRange, "Out of range", "{0}", "ImageSdk.Parameter", DiagnosticSeverity.Error, isEnabledByDefault: true, description: "Transloadit reports this as ROBOT_VALIDATION_BASE_ERROR.", helpLinkUri: Help + "img1303");

    /// <summary>IMG1304: Empty value.</summary>
    public static readonly DiagnosticDescriptor TooShort = new(DiagnosticIds.TooShort, "Empty value", "{0}", "ImageSdk.Parameter", DiagnosticSeverity.Error, isEnabledByDefault: true, description: "Transloadit reports this as ROBOT_VALIDATION_BASE_ERROR.", helpLinkUri: Help + "img1304");

    /// <summary>IMG1305: Malformed value.</summary>
    public static readonly DiagnosticDescriptor Malformed = new(DiagnosticIds.Malformed, "Malformed value", "{0}", "ImageSdk.Parameter", DiagnosticSeverity.Error, isEnabledByDefault: true, description: "Transloadit reports this as ROBOT_VALIDATION_BASE_ERROR.", helpLinkUri: Help + "img1305");

    /// <summary>IMG1306: Value not allowed.</summary>
    public static readonly DiagnosticDescriptor NotAllowed = new(DiagnosticIds.NotAllowed, "Value not allowed", "{0}", "ImageSdk.Parameter", DiagnosticSeverity.Error, isEnabledByDefault: true, description: "Transloadit reports this as ROBOT_VALIDATION_BASE_ERROR.", helpLinkUri: Help + "img1306");

    /// <summary>IMG1307: Boolean as string.</summary>
    public static readonly DiagnosticDescriptor BooleanString = new(DiagnosticIds.BooleanString, "Boolean as string", "{0}", "ImageSdk.Parameter", DiagnosticSeverity.Warning, isEnabledByDefault: true, description: null, helpLinkUri: Help + "img1307");

    /// <summary>IMG1308: Not an integer.</summary>
    public static readonly DiagnosticDescriptor NotAnInteger = new(DiagnosticIds.NotAnInteger, "Not an integer", "{0}", "ImageSdk.Parameter", DiagnosticSeverity.Error, isEnabledByDefault: true, description: "Transloadit reports this as ROBOT_VALIDATION_BASE_ERROR.", helpLinkUri: Help + "img1308");

    /// <summary>IMG1309: Number string out of range.</summary>
    public static readonly DiagnosticDescriptor NumberStringUnchecked = new(DiagnosticIds.NumberStringUnchecked, "Number string out of range", "{0}", "ImageSdk.Parameter", DiagnosticSeverity.Warning, isEnabledByDefault: true, description: null, helpLinkUri: Help + "img1309");

    /// <summary>IMG1310: Value outside the documented list.</summary>
    public static readonly DiagnosticDescriptor UnknownValue = new(DiagnosticIds.UnknownValue, "Value outside the documented list", "{0}", "ImageSdk.Parameter", DiagnosticSeverity.Warning, isEnabledByDefault: true, description: null, helpLinkUri: Help + "img1310");

    /// <summary>IMG1401: Malformed use.</summary>
    public static readonly DiagnosticDescriptor MalformedUse = new(DiagnosticIds.MalformedUse, "Malformed use", "{0}", "ImageSdk.Use", DiagnosticSeverity.Error, isEnabledByDefault: true, description: "Transloadit reports this as ASSEMBLY_STEP_INVALID_USE.", helpLinkUri: Help + "img1401");

    /// <summary>IMG1402: Unknown step in use.</summary>
    public static readonly DiagnosticDescriptor UnknownStep = new(DiagnosticIds.UnknownStep, "Unknown step in use", "{0}", "ImageSdk.Use", DiagnosticSeverity.Error, isEnabledByDefault: true, description: "Transloadit reports this as ASSEMBLY_STEP_UNKNOWN_USE.", helpLinkUri: Help + "img1402");

    /// <summary>IMG1403: Cycle in use.</summary>
    public static readonly DiagnosticDescriptor UseCycle = new(DiagnosticIds.UseCycle, "Cycle in use", "{0}", "ImageSdk.Use", DiagnosticSeverity.Error, isEnabledByDefault: true, description: "Transloadit reports this as ASSEMBLY_INFINITE.", helpLinkUri: Help + "img1403");

    /// <summary>IMG1404: Input role passed in the prompt.</summary>
    public static readonly DiagnosticDescriptor UnknownRole = new(DiagnosticIds.UnknownRole, "Input role passed in the prompt", "{0}", "ImageSdk.Use", DiagnosticSeverity.Warning, isEnabledByDefault: true, description: null, helpLinkUri: Help + "img1404");

    /// <summary>IMG1501: Unknown model.</summary>
    public static readonly DiagnosticDescriptor UnknownModel = new(DiagnosticIds.UnknownModel, "Unknown model", "{0}", "ImageSdk.Model", DiagnosticSeverity.Error, isEnabledByDefault: true, description: "Transloadit reports this as IMAGE_GENERATE_VALIDATION.", helpLinkUri: Help + "img1501");

    /// <summary>IMG1502: Format not supported by the model.</summary>
    public static readonly DiagnosticDescriptor FormatNotSupported = new(DiagnosticIds.FormatNotSupported, "Format not supported by the model", "{0}", "ImageSdk.Model", DiagnosticSeverity.Error, isEnabledByDefault: true, description: "Transloadit reports this as IMAGE_GENERATE_VALIDATION.", helpLinkUri: Help + "img1502");

    /// <summary>IMG1503: Input not supported by the model.</summary>
    public static readonly DiagnosticDescriptor InputNotSupported = new(DiagnosticIds.InputNotSupported, "Input not supported by the model", "{0}", "ImageSdk.Model", DiagnosticSeverity.Error, isEnabledByDefault: true, description: "Transloadit reports this as IMAGE_GENERATE_VALIDATION.", helpLinkUri: Help + "img1503");

    /// <summary>IMG1504: Required input missing.</summary>
    public static readonly DiagnosticDescriptor MissingInputRole = new(DiagnosticIds.MissingInputRole, "Required input missing", "{0}", "ImageSdk.Model", DiagnosticSeverity.Error, isEnabledByDefault: true, description: "Transloadit reports this as IMAGE_GENERATE_VALIDATION.", helpLinkUri: Help + "img1504");

    /// <summary>IMG1505: Size ignored by the model.</summary>
    public static readonly DiagnosticDescriptor SizeIgnored = new(DiagnosticIds.SizeIgnored, "Size ignored by the model", "{0}", "ImageSdk.Model", DiagnosticSeverity.Warning, isEnabledByDefault: true, description: null, helpLinkUri: Help + "img1505");

    /// <summary>IMG1506: Aspect ratio snapped.</summary>
    public static readonly DiagnosticDescriptor AspectRatioSnapped = new(DiagnosticIds.AspectRatioSnapped, "Aspect ratio snapped", "{0}", "ImageSdk.Model", DiagnosticSeverity.Warning, isEnabledByDefault: true, description: null, helpLinkUri: Help + "img1506");

    /// <summary>IMG1507: Style ignored by the model.</summary>
    public static readonly DiagnosticDescriptor StyleIgnored = new(DiagnosticIds.StyleIgnored, "Style ignored by the model", "{0}", "ImageSdk.Model", DiagnosticSeverity.Warning, isEnabledByDefault: true, description: null, helpLinkUri: Help + "img1507");

    /// <summary>IMG1508: Style not supported by the model.</summary>
    public static readonly DiagnosticDescriptor StyleNotSupported = new(DiagnosticIds.StyleNotSupported, "Style not supported by the model", "{0}", "ImageSdk.Model", DiagnosticSeverity.Warning, isEnabledByDefault: true, description: null, helpLinkUri: Help + "img1508");

    /// <summary>Every descriptor, in code order.</summary>
    public static ImmutableArray<DiagnosticDescriptor> All { get; } = ImmutableArray.Create(Unreadable, InvalidJson, InvalidUtf8, TooDeep, DuplicateKey, TooLarge, NotAnObject, UnknownKey, MissingSteps, StepsNotAnObject, EmptySteps, MissingInput, SmartCdnRobotNotAllowed, SmartCdnTooManySteps, StepNotAnObject, MissingRobot, UnknownRobot, UnknownParameter, WrongStepName, ReservedStepName, DuplicateStep, UnsafeStepName, MissingParameter, WrongType, OutOfRange, TooShort, Malformed, NotAllowed, BooleanString, NotAnInteger, NumberStringUnchecked, UnknownValue, MalformedUse, UnknownStep, UseCycle, UnknownRole, UnknownModel, FormatNotSupported, InputNotSupported, MissingInputRole, SizeIgnored, AspectRatioSnapped, StyleIgnored, StyleNotSupported);

    /// <summary>The descriptor of a rule.</summary>
    public static DiagnosticDescriptor For(ValidationRule rule) => All.First(d => d.Id == rule.Code);
}
