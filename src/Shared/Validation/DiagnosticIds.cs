namespace ImageSdk.Validation;

/// <summary>
/// Every IMG code, declared once as a constant: the catalogue (<see cref="ValidationRules"/>), the analyzer's descriptors
/// (release tracking needs constant ids) and the code fixes (<c>case</c> labels) all use these.
/// </summary>
internal static class DiagnosticIds
{
    /// <summary>IMG1000: see <see cref="ValidationRules.Unreadable"/>.</summary>
    public const string Unreadable = "IMG1000";

    /// <summary>IMG1001: see <see cref="ValidationRules.InvalidJson"/>.</summary>
    public const string InvalidJson = "IMG1001";

    /// <summary>IMG1002: see <see cref="ValidationRules.InvalidUtf8"/>.</summary>
    public const string InvalidUtf8 = "IMG1002";

    /// <summary>IMG1003: see <see cref="ValidationRules.TooDeep"/>.</summary>
    public const string TooDeep = "IMG1003";

    /// <summary>IMG1004: see <see cref="ValidationRules.DuplicateKey"/>.</summary>
    public const string DuplicateKey = "IMG1004";

    /// <summary>IMG1005: see <see cref="ValidationRules.TooLarge"/>.</summary>
    public const string TooLarge = "IMG1005";

    /// <summary>IMG1101: see <see cref="ValidationRules.NotAnObject"/>.</summary>
    public const string NotAnObject = "IMG1101";

    /// <summary>IMG1102: see <see cref="ValidationRules.UnknownKey"/>.</summary>
    public const string UnknownKey = "IMG1102";

    /// <summary>IMG1103: see <see cref="ValidationRules.MissingSteps"/>.</summary>
    public const string MissingSteps = "IMG1103";

    /// <summary>IMG1104: see <see cref="ValidationRules.StepsNotAnObject"/>.</summary>
    public const string StepsNotAnObject = "IMG1104";

    /// <summary>IMG1105: see <see cref="ValidationRules.EmptySteps"/>.</summary>
    public const string EmptySteps = "IMG1105";

    /// <summary>IMG1106: see <see cref="ValidationRules.MissingInput"/>.</summary>
    public const string MissingInput = "IMG1106";

    /// <summary>IMG1107: see <see cref="ValidationRules.SmartCdnRobotNotAllowed"/>.</summary>
    public const string SmartCdnRobotNotAllowed = "IMG1107";

    /// <summary>IMG1108: see <see cref="ValidationRules.SmartCdnTooManySteps"/>.</summary>
    public const string SmartCdnTooManySteps = "IMG1108";

    /// <summary>IMG1201: see <see cref="ValidationRules.StepNotAnObject"/>.</summary>
    public const string StepNotAnObject = "IMG1201";

    /// <summary>IMG1202: see <see cref="ValidationRules.MissingRobot"/>.</summary>
    public const string MissingRobot = "IMG1202";

    /// <summary>IMG1203: see <see cref="ValidationRules.UnknownRobot"/>.</summary>
    public const string UnknownRobot = "IMG1203";

    /// <summary>IMG1204: see <see cref="ValidationRules.UnknownParameter"/>.</summary>
    public const string UnknownParameter = "IMG1204";

    /// <summary>IMG1205: see <see cref="ValidationRules.WrongStepName"/>.</summary>
    public const string WrongStepName = "IMG1205";

    /// <summary>IMG1206: see <see cref="ValidationRules.ReservedStepName"/>.</summary>
    public const string ReservedStepName = "IMG1206";

    /// <summary>IMG1207: see <see cref="ValidationRules.DuplicateStep"/>.</summary>
    public const string DuplicateStep = "IMG1207";

    /// <summary>IMG1208: see <see cref="ValidationRules.UnsafeStepName"/>.</summary>
    public const string UnsafeStepName = "IMG1208";

    /// <summary>IMG1301: see <see cref="ValidationRules.MissingParameter"/>.</summary>
    public const string MissingParameter = "IMG1301";

    /// <summary>IMG1302: see <see cref="ValidationRules.WrongType"/>.</summary>
    public const string WrongType = "IMG1302";

    /// <summary>IMG1303: see <see cref="ValidationRules.OutOfRange"/>.</summary>
    public const string OutOfRange = "IMG1303";

    /// <summary>IMG1304: see <see cref="ValidationRules.TooShort"/>.</summary>
    public const string TooShort = "IMG1304";

    /// <summary>IMG1305: see <see cref="ValidationRules.Malformed"/>.</summary>
    public const string Malformed = "IMG1305";

    /// <summary>IMG1306: see <see cref="ValidationRules.NotAllowed"/>.</summary>
    public const string NotAllowed = "IMG1306";

    /// <summary>IMG1307: see <see cref="ValidationRules.BooleanString"/>.</summary>
    public const string BooleanString = "IMG1307";

    /// <summary>IMG1308: see <see cref="ValidationRules.NotAnInteger"/>.</summary>
    public const string NotAnInteger = "IMG1308";

    /// <summary>IMG1309: see <see cref="ValidationRules.NumberStringUnchecked"/>.</summary>
    public const string NumberStringUnchecked = "IMG1309";

    /// <summary>IMG1310: see <see cref="ValidationRules.UnknownValue"/>.</summary>
    public const string UnknownValue = "IMG1310";

    /// <summary>IMG1401: see <see cref="ValidationRules.MalformedUse"/>.</summary>
    public const string MalformedUse = "IMG1401";

    /// <summary>IMG1402: see <see cref="ValidationRules.UnknownStep"/>.</summary>
    public const string UnknownStep = "IMG1402";

    /// <summary>IMG1403: see <see cref="ValidationRules.UseCycle"/>.</summary>
    public const string UseCycle = "IMG1403";

    /// <summary>IMG1404: see <see cref="ValidationRules.UnknownRole"/>.</summary>
    public const string UnknownRole = "IMG1404";

    /// <summary>IMG1501: see <see cref="ValidationRules.UnknownModel"/>.</summary>
    public const string UnknownModel = "IMG1501";

    /// <summary>IMG1502: see <see cref="ValidationRules.FormatNotSupported"/>.</summary>
    public const string FormatNotSupported = "IMG1502";

    /// <summary>IMG1503: see <see cref="ValidationRules.InputNotSupported"/>.</summary>
    public const string InputNotSupported = "IMG1503";

    /// <summary>IMG1504: see <see cref="ValidationRules.MissingInputRole"/>.</summary>
    public const string MissingInputRole = "IMG1504";

    /// <summary>IMG1505: see <see cref="ValidationRules.SizeIgnored"/>.</summary>
    public const string SizeIgnored = "IMG1505";

    /// <summary>IMG1506: see <see cref="ValidationRules.AspectRatioSnapped"/>.</summary>
    public const string AspectRatioSnapped = "IMG1506";

    /// <summary>IMG1507: see <see cref="ValidationRules.StyleIgnored"/>.</summary>
    public const string StyleIgnored = "IMG1507";

    /// <summary>IMG1508: see <see cref="ValidationRules.StyleNotSupported"/>.</summary>
    public const string StyleNotSupported = "IMG1508";
}

/// <summary>
/// The keys of a finding's fix, declared once for the engine, the analyzer and the fixes. The rules fill the first five with
/// what could fix a finding (<see cref="Replace"/>, <see cref="Clamp"/>, <see cref="Model"/>, <see cref="Value"/>,
/// <see cref="Parameter"/>); the fix planner (<c>FixPlanner</c>) picks one, and the analyzer hands the code fix only that
/// plan (<see cref="Action"/>, <see cref="Value"/>, <see cref="Quoted"/>, and in C# terms <see cref="ValueMember"/>,
/// <see cref="Method"/>, <see cref="Expression"/>).
/// </summary>
internal static class FixProperty
{
    /// <summary>A did-you-mean: the name to write instead.</summary>
    public const string Replace = "replace";

    /// <summary>The nearest allowed number.</summary>
    public const string Clamp = "clamp";

    /// <summary>A model id that can do what was asked.</summary>
    public const string Model = "model";

    /// <summary>A value the model can take, e.g. a format; in a plan, the value or name the fix writes.</summary>
    public const string Value = "value";

    /// <summary>The parameter the value is for; in a plan to add a parameter, the one it adds.</summary>
    public const string Parameter = "parameter";

    /// <summary>The planned fix: <see cref="ReplaceAction"/>, <see cref="RenameAction"/> or <see cref="AddAction"/>.</summary>
    public const string Action = "fix";

    /// <summary>Writes <see cref="Value"/> in place of the value.</summary>
    public const string ReplaceAction = "replace";

    /// <summary>Renames the member to <see cref="Value"/>.</summary>
    public const string RenameAction = "rename";

    /// <summary>Adds a builder call (<see cref="Method"/> with <see cref="Expression"/>) in front of the call that was wrong.</summary>
    public const string AddAction = "add";

    /// <summary>"true" when <see cref="Value"/> is written as a string, "false" for a number.</summary>
    public const string Quoted = "quoted";

    /// <summary>The C# member name of <see cref="Value"/>: an enum member, or a catalog member for <see cref="AddAction"/> (the analyzer adds it).</summary>
    public const string ValueMember = "valueMember";

    /// <summary>For <see cref="AddAction"/>: the builder method that sets the parameter (the analyzer adds it).</summary>
    public const string Method = "method";

    /// <summary>For <see cref="AddAction"/>: the C# of the value, e.g. <c>ImageModel.RecraftV3</c> (the analyzer adds it).</summary>
    public const string Expression = "expression";
}
