using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using ImageSdk.Tables;

namespace ImageSdk.Validation.Engine;

/// <summary>
/// The validation rules: one engine for the runtime validator and the analyzer. It reads the neutral model
/// (<see cref="InstructionDocument"/>) and the schema tables generated from <c>schema/</c>; no model, robot or
/// parameter name is written here. The keys it knows are the structure of the envelope: <c>robot</c> and the
/// parts of <c>use</c>. Values it cannot know (<see cref="InstructionKind.Unknown"/>) and <c>${...}</c> values are never reported.
/// </summary>
internal sealed partial class AssemblyChecker
{
    private const string RobotKey = "robot";
    private static readonly ParameterSpec[] s_assemblyKeys = RobotPlan.ToArray(SchemaTables.AssemblyKeys);
    private static readonly string[] s_assemblyKeyNames = Array.ConvertAll(s_assemblyKeys, key => key.Name);

    // Examples in messages, from the tables: the upload step's required name and a step of the first robot that makes files.
    private static readonly string s_uploadStep = RobotPlan.FirstRequiredStepName ?? "uploads";
    // Built when a message first needs it: the robot it names (its spec is built on first use) is seldom one a document has.
    private static string? s_exampleStep;

    // The lists that messages name in full, joined once.
    private static readonly string s_modelList = new ModelList(static _ => true).Joined;
    private static readonly string s_styledModels = new ModelList(static m => m.Capabilities.Styles.Count > 0).Joined;

    // Message text that depends only on a table object (a list of names, a parameter, a robot): built when a finding first
    // needs it, then kept for the life of the tables.
    private static readonly ConditionalWeakTable<IReadOnlyList<string>, string> s_joined = new();
    private static readonly ConditionalWeakTable<ParameterSpec, string> s_allowed = new();
    private static readonly ConditionalWeakTable<RobotSpec, string> s_robotCodes = new();
    private static readonly ConditionalWeakTable<string, ModelList> s_formatMakers = new();
    private static readonly ConditionalWeakTable<string, ModelList> s_roleTakers = new();
    private static readonly object s_patternsLock = new();
    private static (string Pattern, Regex Regex)[] s_patterns = Array.Empty<(string, Regex)>();

    private InstructionDocument _doc = null!;
    private ValidationOptions _options = null!;
    private FindingSink _sink = null!;

    // Scratch storage, kept between runs so that a valid assembly allocates nothing here.
    private readonly List<int> _references = new(); // the string values naming a step in use
    private readonly List<int> _referenceOwners = new(); // the step holding each of them
    private readonly List<int> _roles = new();
    private int[] _stackSteps = new int[16]; // the depth-first search of the use graph: a step and its next reference
    private int[] _stackNext = new int[16];
    private int[] _parameterNodes = NoParameters(16); // None between steps, bar the slots listed in _parametersSet
    private int[] _parametersSet = new int[16];
    private int _parametersSetCount;
    private int[] _stepNodes = new int[16];
    private int[] _targets = new int[16];
    private int[] _owners = new int[16];
    private int[] _colors = new int[16];

    private enum ValueState
    {
        /// <summary>Not constant, or a <c>${...}</c>: nothing to say until run time.</summary>
        Skipped,
        Valid,
        Invalid,
    }

    /// <summary>Runs every rule over <paramref name="doc"/> and reports to <paramref name="sink"/>.</summary>
    public static void Check(InstructionDocument doc, ValidationOptions options, FindingSink sink) => new AssemblyChecker().Run(doc, options, sink);

    /// <summary>Runs every rule, reusing this instance's scratch storage (one run at a time).</summary>
    public void Run(InstructionDocument doc, ValidationOptions options, FindingSink sink)
    {
        _doc = doc;
        _options = options;
        _sink = sink;
        _references.Clear();
        _referenceOwners.Clear();
        _smartCdn = false;
        try
        {
            if (doc.Count > 0)
            {
                CheckAssembly();
            }
        }
        finally
        {
            _doc = null!;
            _sink = null!;
        }
    }

    private static int[] NoParameters(int length)
    {
        var array = new int[length];
        for (var i = 0; i < array.Length; i++) // netstandard2.0 (the analyzer): no Span.Fill
        {
            array[i] = InstructionDocument.None;
        }

        return array;
    }

    /// <summary>
    /// The value of each parameter by its ordinal, every slot <see cref="InstructionDocument.None"/>: only the slots the
    /// previous step set are reset, not one per parameter of the robot (<c>/image/resize</c> has 55).
    /// </summary>
    private int[] ParameterSlots(int length, int members)
    {
        var parameters = _parameterNodes;
        var set = _parametersSet;
        for (var i = 0; i < _parametersSetCount; i++)
        {
            parameters[set[i]] = InstructionDocument.None;
        }

        _parametersSetCount = 0;
        Scratch(ref _parametersSet, members); // a step sets at most one slot per member
        return parameters.Length >= length ? parameters : _parameterNodes = NoParameters(Math.Max(length, parameters.Length * 2));
    }

    /// <summary>Sets a parameter's slot, listing it first, so that the next step resets it.</summary>
    private void SetParameter(int[] parameters, int ordinal, int node)
    {
        _parametersSet[_parametersSetCount++] = ordinal;
        parameters[ordinal] = node;
    }

    private static int[] Scratch(ref int[] array, int length)
    {
        if (array.Length < length)
        {
            array = new int[Math.Max(length, array.Length * 2)];
        }

        return array;
    }

    // ---- envelope -----------------------------------------------------------------------------------------------

    private void CheckAssembly()
    {
        ref readonly var root = ref _doc[0];
        if (root.Kind == InstructionKind.Unknown)
        {
            return;
        }

        if (root.Kind != InstructionKind.Object)
        {
            ReportFound(ValidationRules.NotAnObject, 0, "assembly instructions must be a JSON object with \"steps\"");
            return;
        }

        var steps = InstructionDocument.None;
        for (var child = root.FirstChild; child != InstructionDocument.None; child = _doc[child].NextSibling)
        {
            var name = _doc[child].Name!;
            var spec = Find(s_assemblyKeys, name);
            if (spec is null)
            {
                ReportUnknownName(ValidationRules.UnknownKey, child, "unknown top-level key", name, s_assemblyKeyNames, "allowed", robot: null);
            }
            else if (spec.Accepts(ValueForms.Steps))
            {
                steps = child;
            }
            else
            {
                CheckValue(spec, child, robot: null);
            }
        }

        foreach (var key in s_assemblyKeys)
        {
            if (key.Required && !key.Accepts(ValueForms.Steps) && _doc.Member(0, key.Name) == InstructionDocument.None)
            {
                ReportMissing(0, "'" + key.Name + "' is required", key.Description, robot: null);
            }
        }

        if (steps == InstructionDocument.None)
        {
            Report(ValidationRules.MissingSteps, 0, "\"steps\" is required: an object of step name to step, e.g. " + (s_exampleStep ??= ExampleStep()));
            return;
        }

        CheckSteps(steps);
    }

    private void CheckSteps(int steps)
    {
        ref readonly var node = ref _doc[steps];
        if (node.Kind == InstructionKind.Unknown)
        {
            return;
        }

        if (node.Kind != InstructionKind.Object)
        {
            ReportFound(ValidationRules.StepsNotAnObject, steps, "\"steps\" must be an object of step name to step");
            return;
        }

        if (node.ChildCount == 0)
        {
            Report(ValidationRules.EmptySteps, steps, "\"steps\" is empty; add a step, e.g. " + (s_exampleStep ??= ExampleStep()));
        }

        var hasInputStep = false;
        for (var step = node.FirstChild; step != InstructionDocument.None; step = _doc[step].NextSibling)
        {
            hasInputStep |= CheckStep(step);
        }

        CheckReferences(steps, ref hasInputStep);
        CheckSmartCdn(steps);
        if (!hasInputStep && node.ChildCount > 0)
        {
            Report(ValidationRules.MissingInput, steps, $"no step brings files into the assembly: no step imports, handles the uploads or generates files, and none uses the uploads ({s_uploadStep}); add an import or generate step, or use \"{s_uploadStep}\"");
        }
    }

    // ---- steps --------------------------------------------------------------------------------------------------

    /// <summary>Checks one step; returns whether it brings files of its own (a known robot with no <c>use</c>).</summary>
    private bool CheckStep(int step)
    {
        ref readonly var node = ref _doc[step];
        var name = node.Name!;
        if (node.Kind == InstructionKind.Unknown)
        {
            return true;
        }

        if (node.Kind != InstructionKind.Object)
        {
            ReportFound(ValidationRules.StepNotAnObject, step, "step '" + name + "' must be an object with a \"robot\"");
            return false;
        }

        var robotNode = _doc.Member(step, RobotKey);
        if (robotNode == InstructionDocument.None)
        {
            ReportMissingRobot(step, name);
            return false;
        }

        ref readonly var robotValue = ref _doc[robotNode];
        if (robotValue.Kind == InstructionKind.Unknown)
        {
            return true;
        }

        var plan = robotValue.Kind == InstructionKind.String ? RobotPlan.Find(robotValue.Text!, _options.Robots) : null;
        if (plan is null)
        {
            ReportUnknownRobot(robotNode);
            return false;
        }

        var robot = plan.Spec;
        NoteSmartCdn(robot);
        CheckStepName(step, name, robot);

        // The value of each parameter by its ordinal: later rules look parameters up here, not in the document.
        var parameters = ParameterSlots(plan.Parameters.Length, node.ChildCount);
        var use = InstructionDocument.None;
        for (var child = node.FirstChild; child != InstructionDocument.None; child = _doc[child].NextSibling)
        {
            var key = _doc[child].Name!;
            if (key == RobotKey) // ordinal
            {
                continue;
            }

            var ordinal = plan.IndexOf(key);
            if (ordinal < 0)
            {
                ReportUnknownName(ValidationRules.UnknownParameter, child, robot.Name + " has no parameter", key, plan.Names, "parameters", robot);
                continue;
            }

            SetParameter(parameters, ordinal, child);
            var parameter = plan.Parameters[ordinal];
            if (parameter.Accepts(ValueForms.Use))
            {
                use = child;
                CheckUse(robot, parameter, child, step);
            }
            else
            {
                CheckValue(parameter, child, robot);
            }
        }

        foreach (var p in plan.Required)
        {
            if (parameters[p] == InstructionDocument.None)
            {
                ReportMissing(step, "step '" + name + "' (" + robot.Name + ") needs '" + plan.Parameters[p].Name + "'", plan.Parameters[p].Description, robot);
            }
        }

        CheckModel(plan, step, use, parameters);

        // A use that is not known (not a constant) may well take the uploads: only a known use makes the step depend on others.
        return use == InstructionDocument.None ? BringsFiles(plan, name, parameters) : _doc[use].Kind == InstructionKind.Unknown;
    }

    /// <summary>
    /// Whether a step with no <c>use</c> brings files of its own, as Transloadit's linter judges it: an importer, the upload
    /// step (or any step named as it is), a generator, <c>/html/convert</c> with a <c>url</c>, <c>/text/speak</c> with a
    /// prompt. A robot that processes files (<c>/image/resize</c>) brings none without a <c>use</c>.
    /// </summary>
    private bool BringsFiles(RobotPlan plan, string name, int[] parameters)
    {
        if (name == s_uploadStep) // ordinal
        {
            return true;
        }

        var decider = plan.SourceOrdinal >= 0 ? parameters[plan.SourceOrdinal] : InstructionDocument.None;
        return plan.Source switch
        {
            FilesWithoutUse.Always => true,
            FilesWithoutUse.WhenGiven => decider != InstructionDocument.None,
            FilesWithoutUse.WhenNonEmptyString => decider != InstructionDocument.None
                && (_doc[decider].Kind == InstructionKind.Unknown || (_doc[decider].Kind == InstructionKind.String && _doc[decider].Text!.Length > 0)),
            _ => false,
        };
    }

    private void CheckStepName(int step, string name, RobotSpec robot)
    {
        if (robot.RequiredStepName is { } required)
        {
            if (name != required) // ordinal
            {
                ReportWrongStepName(step, name, required, robot);
            }

            return;
        }

        if (RobotPlan.Reserving(name) is { } other)
        {
            ReportReservedStepName(step, name, other.Spec, robot);
            return;
        }

        if (!SafeFileName.IsSafe(name))
        {
            ReportUnsafeStepName(step, name);
        }
    }
}
