using System.Collections.Generic;

namespace ImageSdk.Validation;

/// <summary>How serious a finding is.</summary>
public enum ValidationSeverity
{
    /// <summary>The assembly runs, but probably not as meant.</summary>
    Warning,

    /// <summary>The assembly must not run.</summary>
    Error,
}

/// <summary>One stable IMG code: what it means and how serious it is by default. The analyzer's descriptors are made from these.</summary>
/// <param name="Code">The stable code, e.g. <c>IMG1402</c>.</param>
/// <param name="Title">A short title.</param>
/// <param name="Category">The group of rules: Syntax, Structure, Step, Parameter, Use or Model.</param>
/// <param name="DefaultSeverity">The severity unless options change it.</param>
/// <param name="TransloaditCode">Transloadit's own error code for the same problem, if it has one.</param>
public sealed record ValidationRule(string Code, string Title, string Category, ValidationSeverity DefaultSeverity, string? TransloaditCode)
{
    /// <summary>
    /// Why this rule rejects what Transloadit's linter accepts, where it does (the "stricter than Transloadit" column of
    /// <c>docs/diagnostics.md</c>); null for a rule that rejects only what Transloadit rejects too.
    /// </summary>
    public string? StricterThanTransloadit { get; init; }

    /// <summary>The anchor of the rule's row in <c>docs/diagnostics.md</c>.</summary>
    public string HelpUri => "https://github.com/imagesdk/imagesdk/blob/main/docs/diagnostics.md#" + Code.ToLowerInvariant();
}

/// <summary>Every rule of the validator and the analyzer, one per IMG code (documented in <c>docs/diagnostics.md</c>).</summary>
public static class ValidationRules
{
    // ---- Syntax: the front end ----------------------------------------------------------------------------------
    /// <summary>IMG1000: the input cannot be read (a missing file, no permission).</summary>
    public static readonly ValidationRule Unreadable = new(DiagnosticIds.Unreadable, "Input cannot be read", "Syntax", ValidationSeverity.Error, null);
    /// <summary>IMG1001: the text is not JSON.</summary>
    public static readonly ValidationRule InvalidJson = new(DiagnosticIds.InvalidJson, "Invalid JSON", "Syntax", ValidationSeverity.Error, "invalid-json");
    /// <summary>IMG1002: the bytes are not UTF-8.</summary>
    public static readonly ValidationRule InvalidUtf8 = new(DiagnosticIds.InvalidUtf8, "Invalid UTF-8", "Syntax", ValidationSeverity.Error, "invalid-json")
    {
        StricterThanTransloadit = "JSON text is UTF-8 (RFC 8259, section 8.1). The linter takes text its caller has already decoded, bad bytes turned into U+FFFD; ImageSdk reads the bytes, and will not guess what a corrupt prompt meant.",
    };
    /// <summary>IMG1003: the JSON nests deeper than the limit.</summary>
    public static readonly ValidationRule TooDeep = new(DiagnosticIds.TooDeep, "Nesting too deep", "Syntax", ValidationSeverity.Error, "invalid-json")
    {
        StricterThanTransloadit = "A resource limit: hostile input must not exhaust the stack; instructions need a handful of levels.",
    };
    /// <summary>IMG1004: an object has the same key twice.</summary>
    public static readonly ValidationRule DuplicateKey = new(DiagnosticIds.DuplicateKey, "Duplicate key", "Syntax", ValidationSeverity.Warning, "duplicate-key-in-step");
    /// <summary>IMG1005: the document is larger than the limit.</summary>
    public static readonly ValidationRule TooLarge = new(DiagnosticIds.TooLarge, "Document too large", "Syntax", ValidationSeverity.Error, null)
    {
        StricterThanTransloadit = "A resource limit: hostile input must not exhaust memory; instructions are a few KB.",
    };

    // ---- Structure: the envelope --------------------------------------------------------------------------------
    /// <summary>IMG1101: the top level is not an object.</summary>
    public static readonly ValidationRule NotAnObject = new(DiagnosticIds.NotAnObject, "Instructions are not an object", "Structure", ValidationSeverity.Error, "ASSEMBLY_INVALID_STEPS");
    /// <summary>IMG1102: a top-level key the envelope does not define (Transloadit ignores it).</summary>
    public static readonly ValidationRule UnknownKey = new(DiagnosticIds.UnknownKey, "Unknown top-level key", "Structure", ValidationSeverity.Warning, null);
    /// <summary>IMG1103: no <c>steps</c>.</summary>
    public static readonly ValidationRule MissingSteps = new(DiagnosticIds.MissingSteps, "Missing steps", "Structure", ValidationSeverity.Error, "ASSEMBLY_NO_STEPS")
    {
        StricterThanTransloadit = "The linter also takes an object without \"steps\" as a steps-only file (its CLI's step files: it wraps the object as the steps, so {} passes as empty steps); an assembly sent to the API has \"steps\".",
    };
    /// <summary>IMG1104: <c>steps</c> is not an object.</summary>
    public static readonly ValidationRule StepsNotAnObject = new(DiagnosticIds.StepsNotAnObject, "Steps are not an object", "Structure", ValidationSeverity.Error, "ASSEMBLY_INVALID_STEPS");
    /// <summary>IMG1105: <c>steps</c> is empty.</summary>
    public static readonly ValidationRule EmptySteps = new(DiagnosticIds.EmptySteps, "No steps", "Structure", ValidationSeverity.Warning, "ASSEMBLY_EMPTY_STEPS");
    /// <summary>IMG1106: no step produces files of its own.</summary>
    public static readonly ValidationRule MissingInput = new(DiagnosticIds.MissingInput, "No input step", "Structure", ValidationSeverity.Error, "missing-input");
    /// <summary>IMG1107: a Smart CDN assembly (one that serves files) has a step whose robot Transloadit does not allow there.</summary>
    public static readonly ValidationRule SmartCdnRobotNotAllowed = new(DiagnosticIds.SmartCdnRobotNotAllowed, "Robot not allowed in a Smart CDN assembly", "Structure", ValidationSeverity.Error, "smart-cdn-robot-not-allowed");
    /// <summary>IMG1108: a Smart CDN assembly has more steps than Transloadit allows there.</summary>
    public static readonly ValidationRule SmartCdnTooManySteps = new(DiagnosticIds.SmartCdnTooManySteps, "Too many steps for a Smart CDN assembly", "Structure", ValidationSeverity.Error, "smart-cdn-max-steps-exceeded");

    // ---- Step ----------------------------------------------------------------------------------------------------
    /// <summary>IMG1201: a step is not an object.</summary>
    public static readonly ValidationRule StepNotAnObject = new(DiagnosticIds.StepNotAnObject, "Step is not an object", "Step", ValidationSeverity.Error, "ASSEMBLY_STEP_INVALID");
    /// <summary>IMG1202: a step has no <c>robot</c>.</summary>
    public static readonly ValidationRule MissingRobot = new(DiagnosticIds.MissingRobot, "Missing robot", "Step", ValidationSeverity.Error, "ASSEMBLY_STEP_NO_ROBOT");
    /// <summary>IMG1203: a robot the schema does not know.</summary>
    public static readonly ValidationRule UnknownRobot = new(DiagnosticIds.UnknownRobot, "Unknown robot", "Step", ValidationSeverity.Error, "ASSEMBLY_STEP_UNKNOWN_ROBOT");
    /// <summary>IMG1204: a parameter the robot does not define.</summary>
    public static readonly ValidationRule UnknownParameter = new(DiagnosticIds.UnknownParameter, "Unknown parameter", "Step", ValidationSeverity.Error, "ROBOT_VALIDATION_BASE_ERROR");
    /// <summary>IMG1205: a robot's step under a name other than the one it must have.</summary>
    public static readonly ValidationRule WrongStepName = new(DiagnosticIds.WrongStepName, "Wrong step name", "Step", ValidationSeverity.Error, "INVALID_UPLOAD_HANDLE_STEP_NAME");
    /// <summary>IMG1206: a reserved step name (<c>:original</c>) used by another robot; Transloadit accepts it.</summary>
    public static readonly ValidationRule ReservedStepName = new(DiagnosticIds.ReservedStepName, "Reserved step name", "Step", ValidationSeverity.Warning, "INVALID_STEP_NAME");
    /// <summary>IMG1207: a duplicate step name (the analyzer's; JSON reports IMG1004).</summary>
    public static readonly ValidationRule DuplicateStep = new(DiagnosticIds.DuplicateStep, "Duplicate step name", "Step", ValidationSeverity.Error, null);
    /// <summary>IMG1208: a step name that cannot be a file name as it stands (a path separator, <c>..</c>, a control character); the runner writes under a safe form of it.</summary>
    public static readonly ValidationRule UnsafeStepName = new(DiagnosticIds.UnsafeStepName, "Step name is not a safe file name", "Step", ValidationSeverity.Warning, null);

    // ---- Parameter values ----------------------------------------------------------------------------------------
    /// <summary>IMG1301: a required parameter is missing.</summary>
    public static readonly ValidationRule MissingParameter = new(DiagnosticIds.MissingParameter, "Missing required parameter", "Parameter", ValidationSeverity.Error, "ROBOT_VALIDATION_BASE_ERROR");
    /// <summary>IMG1302: a value of the wrong JSON type.</summary>
    public static readonly ValidationRule WrongType = new(DiagnosticIds.WrongType, "Wrong type", "Parameter", ValidationSeverity.Error, "ROBOT_VALIDATION_BASE_ERROR");
    /// <summary>IMG1303: a number outside its range.</summary>
    public static readonly ValidationRule OutOfRange = new(DiagnosticIds.OutOfRange, "Out of range", "Parameter", ValidationSeverity.Error, "ROBOT_VALIDATION_BASE_ERROR")
    {
        StricterThanTransloadit = "Only for width and height, which Transloadit takes as any number: an image has at least one pixel each way, and no provider takes 0 or less.",
    };
    /// <summary>IMG1304: a string shorter than allowed, e.g. an empty prompt.</summary>
    public static readonly ValidationRule TooShort = new(DiagnosticIds.TooShort, "Empty value", "Parameter", ValidationSeverity.Error, "ROBOT_VALIDATION_BASE_ERROR")
    {
        StricterThanTransloadit = "An empty prompt: every provider refuses it, so the assembly could only fail, after its uploads.",
    };
    /// <summary>IMG1305: a string that does not match its pattern.</summary>
    public static readonly ValidationRule Malformed = new(DiagnosticIds.Malformed, "Malformed value", "Parameter", ValidationSeverity.Error, "ROBOT_VALIDATION_BASE_ERROR")
    {
        StricterThanTransloadit = "An aspect_ratio that is not W:H with positive integers: Transloadit takes any string, but no provider takes anything else, and the runner cannot snap what it cannot read.",
    };
    /// <summary>IMG1306: a value outside its list of allowed values.</summary>
    public static readonly ValidationRule NotAllowed = new(DiagnosticIds.NotAllowed, "Value not allowed", "Parameter", ValidationSeverity.Error, "ROBOT_VALIDATION_BASE_ERROR");
    /// <summary>IMG1307: a boolean written as a string.</summary>
    public static readonly ValidationRule BooleanString = new(DiagnosticIds.BooleanString, "Boolean as string", "Parameter", ValidationSeverity.Warning, null);
    /// <summary>IMG1308: a number that must be an integer is not one: seed, width, height (and num_outputs, as Transloadit too).</summary>
    public static readonly ValidationRule NotAnInteger = new(DiagnosticIds.NotAnInteger, "Not an integer", "Parameter", ValidationSeverity.Error, "ROBOT_VALIDATION_BASE_ERROR")
    {
        StricterThanTransloadit = "seed, width and height, which Transloadit takes as any number: every provider takes an integer seed and whole pixels. The width and height strings of /image/resize and /file/preview, and the x, y, width and height of /image/resize's blur_regions, which Transloadit reads with parseInt, are taken as digits alone: not \" 200\", \"+200\", \"200pt\", \"1e3\" or \"42.5\".",
    };
    /// <summary>IMG1309: a number in its string form that Transloadit accepts unchecked, although the number is out of range or not an integer; the step fails when it runs.</summary>
    public static readonly ValidationRule NumberStringUnchecked = new(DiagnosticIds.NumberStringUnchecked, "Number string out of range", "Parameter", ValidationSeverity.Warning, null);
    /// <summary>IMG1310: a name outside a documented list that Transloadit passes on (output_meta names); it has no effect here.</summary>
    public static readonly ValidationRule UnknownValue = new(DiagnosticIds.UnknownValue, "Value outside the documented list", "Parameter", ValidationSeverity.Warning, null);

    // ---- use -----------------------------------------------------------------------------------------------------
    /// <summary>IMG1401: <c>use</c> in none of its four forms.</summary>
    public static readonly ValidationRule MalformedUse = new(DiagnosticIds.MalformedUse, "Malformed use", "Use", ValidationSeverity.Error, "ASSEMBLY_STEP_INVALID_USE");
    /// <summary>IMG1402: <c>use</c> names a step the assembly does not have.</summary>
    public static readonly ValidationRule UnknownStep = new(DiagnosticIds.UnknownStep, "Unknown step in use", "Use", ValidationSeverity.Error, "ASSEMBLY_STEP_UNKNOWN_USE");
    /// <summary>IMG1403: the <c>use</c> graph has a cycle.</summary>
    public static readonly ValidationRule UseCycle = new(DiagnosticIds.UseCycle, "Cycle in use", "Use", ValidationSeverity.Error, "ASSEMBLY_INFINITE");
    /// <summary>IMG1404: an <c>as</c> role the robot does not take explicitly; it reaches the model in the prompt.</summary>
    public static readonly ValidationRule UnknownRole = new(DiagnosticIds.UnknownRole, "Input role passed in the prompt", "Use", ValidationSeverity.Warning, null);

    // ---- Model combinations (schema/models.json) -----------------------------------------------------------------
    /// <summary>IMG1501: a model the catalog does not know.</summary>
    public static readonly ValidationRule UnknownModel = new(DiagnosticIds.UnknownModel, "Unknown model", "Model", ValidationSeverity.Error, "IMAGE_GENERATE_VALIDATION")
    {
        StricterThanTransloadit = "A model the catalog does not know (an empty one included) has no route here, and a typo would otherwise fail only after the uploads; a warning with --unknown-models-as-warnings, for remote runs of newer models.",
    };
    /// <summary>IMG1502: a format the model cannot deliver, e.g. svg from anything but recraft-v3.</summary>
    public static readonly ValidationRule FormatNotSupported = new(DiagnosticIds.FormatNotSupported, "Format not supported by the model", "Model", ValidationSeverity.Error, "IMAGE_GENERATE_VALIDATION")
    {
        StricterThanTransloadit = "svg from a model other than recraft-v3: no other model draws vectors, and tracing a raster into svg is not what the user asked for.",
    };
    /// <summary>IMG1503: an input role (image, mask) the model does not take.</summary>
    public static readonly ValidationRule InputNotSupported = new(DiagnosticIds.InputNotSupported, "Input not supported by the model", "Model", ValidationSeverity.Error, "IMAGE_GENERATE_VALIDATION")
    {
        StricterThanTransloadit = "A mask or image input to a model that cannot take it: the model would silently ignore the input and generate from the prompt alone.",
    };
    /// <summary>IMG1504: an input the model cannot run without is missing.</summary>
    public static readonly ValidationRule MissingInputRole = new(DiagnosticIds.MissingInputRole, "Required input missing", "Model", ValidationSeverity.Error, "IMAGE_GENERATE_VALIDATION")
    {
        StricterThanTransloadit = "stable-diffusion-inpainting without both an image and a mask: the model cannot run without them.",
    };
    /// <summary>IMG1505: width or height on a model that ignores them.</summary>
    public static readonly ValidationRule SizeIgnored = new(DiagnosticIds.SizeIgnored, "Size ignored by the model", "Model", ValidationSeverity.Warning, null);
    /// <summary>IMG1506: an aspect ratio the model does not list; it is snapped.</summary>
    public static readonly ValidationRule AspectRatioSnapped = new(DiagnosticIds.AspectRatioSnapped, "Aspect ratio snapped", "Model", ValidationSeverity.Warning, null);
    /// <summary>IMG1507: a style on a model without styles.</summary>
    public static readonly ValidationRule StyleIgnored = new(DiagnosticIds.StyleIgnored, "Style ignored by the model", "Model", ValidationSeverity.Warning, null);
    /// <summary>IMG1508: a style outside the model's list (the list changes from month to month, so a warning).</summary>
    public static readonly ValidationRule StyleNotSupported = new(DiagnosticIds.StyleNotSupported, "Style not supported by the model", "Model", ValidationSeverity.Warning, null);

    /// <summary>Every rule, ordered by code.</summary>
    public static IReadOnlyList<ValidationRule> All { get; } = new[]
    {
        Unreadable, InvalidJson, InvalidUtf8, TooDeep, DuplicateKey, TooLarge,
        NotAnObject, UnknownKey, MissingSteps, StepsNotAnObject, EmptySteps, MissingInput, SmartCdnRobotNotAllowed, SmartCdnTooManySteps,
        StepNotAnObject, MissingRobot, UnknownRobot, UnknownParameter, WrongStepName, ReservedStepName, DuplicateStep, UnsafeStepName,
        MissingParameter, WrongType, OutOfRange, TooShort, Malformed, NotAllowed, BooleanString, NotAnInteger, NumberStringUnchecked, UnknownValue,
        MalformedUse, UnknownStep, UseCycle, UnknownRole,
        UnknownModel, FormatNotSupported, InputNotSupported, MissingInputRole, SizeIgnored, AspectRatioSnapped, StyleIgnored, StyleNotSupported,
    };
}
