using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using ImageSdk.Rules;

namespace ImageSdk.Validation.Engine;

/// <summary>
/// The validation rules: one engine for the runtime validator and the analyzer. It reads the neutral model
/// (<see cref="InstructionDocument"/>) and the rule tables generated from <c>schema/</c>; no model, robot or
/// parameter name is written here. The keys it knows are the structure of the envelope: <c>robot</c> and the
/// parts of <c>use</c>. Values it cannot know (<see cref="InstructionKind.Unknown"/>) and <c>${...}</c> values are never reported.
/// </summary>
internal sealed class AssemblyRules
{
    private const string RobotKey = "robot";
    private static readonly string[] s_useObjectKeys = { "steps", "bundle_steps", "group_by_original", "fields" };
    private static readonly string[] s_useInputKeys = { "name", "as", "fields" };
    private static readonly ParameterSpec[] s_assemblyKeys = RobotPlan.ToArray(RuleTables.AssemblyKeys);
    private static readonly string[] s_assemblyKeyNames = Array.ConvertAll(s_assemblyKeys, key => key.Name);

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
    private readonly List<(int Step, int NextReference)> _stack = new();
    private int[] _parameterNodes = new int[16];
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
    public static void Check(InstructionDocument doc, ValidationOptions options, FindingSink sink) => new AssemblyRules().Run(doc, options, sink);

    /// <summary>Runs every rule, reusing this instance's scratch storage (one run at a time).</summary>
    public void Run(InstructionDocument doc, ValidationOptions options, FindingSink sink)
    {
        _doc = doc;
        _options = options;
        _sink = sink;
        _references.Clear();
        _referenceOwners.Clear();
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
            Report(ValidationRules.MissingSteps, 0, "\"steps\" is required: an object of step name to step, e.g. {\"generated\": {\"robot\": \"/image/generate\", \"prompt\": \"a red fox\"}}");
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
            Report(ValidationRules.EmptySteps, steps, "\"steps\" is empty; add a step, e.g. {\"generated\": {\"robot\": \"/image/generate\", \"prompt\": \"a red fox\"}}");
        }

        var hasInputStep = false;
        for (var step = node.FirstChild; step != InstructionDocument.None; step = _doc[step].NextSibling)
        {
            hasInputStep |= CheckStep(step);
        }

        CheckReferences(steps, ref hasInputStep);
        if (!hasInputStep)
        {
            Report(ValidationRules.MissingInput, steps, "no step brings files into the assembly: every step uses another step and none uses the uploads (:original); give one step no \"use\", or use \":original\"");
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

        var plan = robotValue.Kind == InstructionKind.String ? RobotPlan.Find(robotValue.Text!) : null;
        if (plan is null)
        {
            ReportUnknownRobot(robotNode);
            return false;
        }

        var robot = plan.Spec;
        CheckStepName(step, name, robot);

        // The value of each parameter by its ordinal: later rules look parameters up here, not in the document.
        var parameters = Scratch(ref _parameterNodes, plan.Parameters.Length);
        for (var p = 0; p < plan.Parameters.Length; p++)
        {
            parameters[p] = InstructionDocument.None;
        }

        var use = InstructionDocument.None;
        for (var child = node.FirstChild; child != InstructionDocument.None; child = _doc[child].NextSibling)
        {
            var key = _doc[child].Name!;
            if (string.Equals(key, RobotKey, StringComparison.Ordinal))
            {
                continue;
            }

            var ordinal = plan.IndexOf(key);
            if (ordinal < 0)
            {
                ReportUnknownName(ValidationRules.UnknownParameter, child, robot.Name + " has no parameter", key, plan.Names, "parameters", robot);
                continue;
            }

            parameters[ordinal] = child;
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
        return use == InstructionDocument.None || _doc[use].Kind == InstructionKind.Unknown;
    }

    private void CheckStepName(int step, string name, RobotSpec robot)
    {
        if (robot.RequiredStepName is { } required)
        {
            if (!string.Equals(name, required, StringComparison.Ordinal))
            {
                ReportWrongStepName(step, name, required, robot);
            }

            return;
        }

        foreach (var otherPlan in RobotPlan.All)
        {
            var other = otherPlan.Spec;
            if (other.RequiredStepName is { } reserved && string.Equals(name, reserved, StringComparison.Ordinal))
            {
                ReportReservedStepName(step, reserved, other, robot);
                return;
            }
        }

        if (!SafeFileName.IsSafe(name))
        {
            ReportUnsafeStepName(step, name);
        }
    }

    // ---- parameter values ---------------------------------------------------------------------------------------

    private ValueState CheckValue(ParameterSpec p, int index, RobotSpec? robot)
    {
        ref readonly var node = ref _doc[index];
        switch (node.Kind)
        {
            case InstructionKind.Unknown:
                return ValueState.Skipped;

            case InstructionKind.String:
                return CheckString(p, index, node.Text!, robot);

            case InstructionKind.Number:
                if ((p.Accepts(ValueForms.Integer) && node.IsInteger) || p.Accepts(ValueForms.Number))
                {
                    return CheckRange(p, index, node.Number, robot);
                }

                if (p.Accepts(ValueForms.Integer))
                {
                    return WrongType(p, index, robot);
                }

                break;

            case InstructionKind.Boolean:
                if (p.Accepts(ValueForms.Boolean))
                {
                    return ValueState.Valid;
                }

                break;

            case InstructionKind.Array:
                if (p.Accepts(ValueForms.EnumArray))
                {
                    return CheckEnumArray(p, index, robot);
                }

                break;

            case InstructionKind.Object:
                if (p.Accepts(ValueForms.BooleanMap))
                {
                    return CheckMembers(p, index, robot, ValueForms.Boolean, "true or false");
                }

                if (p.Accepts(ValueForms.Scalar))
                {
                    return CheckMembers(p, index, robot, ValueForms.Scalar, "a string, number or boolean");
                }

                if (p.Accepts(ValueForms.Object))
                {
                    return CheckObject(p, index, robot);
                }

                break;
        }

        return WrongType(p, index, robot);
    }

    private ValueState CheckString(ParameterSpec p, int index, string text, RobotSpec? robot)
    {
        if ((p.Accepts(ValueForms.Interpolation) || p.Accepts(ValueForms.String)) && _doc.IsVariable(index))
        {
            return ValueState.Skipped;
        }

        if (p.Accepts(ValueForms.String))
        {
            if (p.MinLength is { } minLength && text.Length < 2 * minLength && CodePoints(text) < minLength)
            {
                return TooShort(p, index, minLength, robot);
            }

            if (p.Pattern is { } pattern && !Matches(pattern, text))
            {
                return Malformed(p, index, text, FirstSentence(p.Description), robot);
            }

            return ValueState.Valid;
        }

        if (p.Accepts(ValueForms.Enum) && Contains(p.EnumValues, text))
        {
            return ValueState.Valid;
        }

        if (p.Accepts(ValueForms.BooleanString) && (text == "true" || text == "false"))
        {
            ReportBooleanString(p, index, text, robot);
            return ValueState.Valid;
        }

        if (p.Accepts(ValueForms.IntegerString) && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
        {
            if (CheckRange(p, index, number, robot) == ValueState.Invalid)
            {
                return ValueState.Invalid;
            }

            if (p.Pattern is { } pattern && !Matches(pattern, text))
            {
                return Malformed(p, index, text, "write " + s_allowed.GetValue(p, Allowed), robot);
            }

            return ValueState.Valid;
        }

        if (p.Accepts(ValueForms.Enum))
        {
            return NotAllowed(p, index, text, robot);
        }

        return WrongType(p, index, robot);
    }

    private ValueState CheckRange(ParameterSpec p, int index, double value, RobotSpec? robot)
    {
        if ((p.Minimum is { } min && value < min) || (p.Maximum is { } max && value > max))
        {
            return OutOfRange(p, index, value, robot);
        }

        return ValueState.Valid;
    }

    private ValueState CheckEnumArray(ParameterSpec p, int index, RobotSpec? robot)
    {
        var state = ValueState.Valid;
        for (var item = _doc[index].FirstChild; item != InstructionDocument.None; item = _doc[item].NextSibling)
        {
            ref readonly var value = ref _doc[item];
            if (value.Kind == InstructionKind.Unknown)
            {
                continue;
            }

            if (value.Kind != InstructionKind.String)
            {
                ReportFound(ValidationRules.WrongType, item, p.Name + " items must be names from: " + Joined(p.EnumValues), robot);
                state = ValueState.Invalid;
            }
            else if (!Contains(p.EnumValues, value.Text!))
            {
                NotAllowed(p, item, value.Text!, robot, what: " item");
                state = ValueState.Invalid;
            }
        }

        return state;
    }

    /// <summary>An object value: its documented members are checked like parameters; others are allowed.</summary>
    private ValueState CheckObject(ParameterSpec p, int index, RobotSpec? robot)
    {
        var state = ValueState.Valid;
        var members = p.ObjectMembers;
        for (var m = 0; m < members.Count; m++)
        {
            var member = _doc.Member(index, members[m].Name);
            if (member == InstructionDocument.None)
            {
                if (members[m].Required)
                {
                    Report(ValidationRules.MissingParameter, index, $"{p.Name} needs '{members[m].Name}'" + (members[m].Description.Length > 0 ? ": " + members[m].Description : string.Empty), robot);
                    state = ValueState.Invalid;
                }
            }
            else if (CheckValue(members[m], member, robot) == ValueState.Invalid)
            {
                state = ValueState.Invalid;
            }
        }

        return state;
    }

    private ValueState CheckMembers(ParameterSpec p, int index, RobotSpec? robot, ValueForms allowed, string description)
    {
        var state = ValueState.Valid;
        for (var member = _doc[index].FirstChild; member != InstructionDocument.None; member = _doc[member].NextSibling)
        {
            var kind = _doc[member].Kind;
            var ok = kind == InstructionKind.Unknown || kind == InstructionKind.Boolean
                || (allowed == ValueForms.Scalar && (kind == InstructionKind.String || kind == InstructionKind.Number));
            if (!ok)
            {
                ReportFound(ValidationRules.WrongType, member, p.Name + "." + _doc[member].Name + " must be " + description, robot);
                state = ValueState.Invalid;
            }
        }

        return state;
    }

    // ---- use ----------------------------------------------------------------------------------------------------

    private void CheckUse(RobotSpec robot, ParameterSpec p, int use, int step)
    {
        ref readonly var node = ref _doc[use];
        switch (node.Kind)
        {
            case InstructionKind.Unknown:
                return;
            case InstructionKind.String:
                AddReference(use, step, robot);
                return;
            case InstructionKind.Array:
                CheckUseArray(robot, p, use, step);
                return;
            case InstructionKind.Object:
                var steps = InstructionDocument.None;
                for (var member = node.FirstChild; member != InstructionDocument.None; member = _doc[member].NextSibling)
                {
                    var key = _doc[member].Name!;
                    var kind = _doc[member].Kind;
                    if (key == s_useObjectKeys[0])
                    {
                        steps = member;
                    }
                    else if (key == s_useObjectKeys[1] || key == s_useObjectKeys[2])
                    {
                        if (kind != InstructionKind.Boolean && kind != InstructionKind.Unknown)
                        {
                            ReportFound(ValidationRules.MalformedUse, member, "use." + key + " must be true or false", robot);
                        }
                    }
                    else if (key == s_useObjectKeys[3])
                    {
                        CheckFieldFilters(robot, member);
                    }
                    else
                    {
                        ReportUnknownName(ValidationRules.MalformedUse, member, "the use object has no key", key, s_useObjectKeys, "keys", robot);
                    }
                }

                if (steps == InstructionDocument.None)
                {
                    Report(ValidationRules.MalformedUse, use, "the use object needs \"steps\": a step name, an array of step names, or an array of {name, as, fields}", robot);
                }
                else if (_doc[steps].Kind == InstructionKind.String)
                {
                    AddReference(steps, step, robot);
                }
                else if (_doc[steps].Kind == InstructionKind.Array)
                {
                    CheckUseArray(robot, p, steps, step);
                }
                else if (_doc[steps].Kind != InstructionKind.Unknown)
                {
                    ReportFound(ValidationRules.MalformedUse, steps, "use.steps must be a step name, an array of step names, or an array of {name, as, fields}", robot);
                }

                return;
            default:
                ReportFound(ValidationRules.MalformedUse, use, "use must be a step name, an array of step names, an array of {name, as, fields}, or {steps, bundle_steps, group_by_original, fields}", robot);
                return;
        }
    }

    private void CheckFieldFilters(RobotSpec robot, int fields)
    {
        ref readonly var node = ref _doc[fields];
        if (node.Kind == InstructionKind.Unknown)
        {
            return;
        }

        if (node.Kind != InstructionKind.Array)
        {
            ReportFound(ValidationRules.MalformedUse, fields, "use.fields must be an array of upload field names", robot);
            return;
        }

        for (var item = node.FirstChild; item != InstructionDocument.None; item = _doc[item].NextSibling)
        {
            if (_doc[item].Kind != InstructionKind.String && _doc[item].Kind != InstructionKind.Unknown)
            {
                ReportFound(ValidationRules.MalformedUse, item, "use.fields items must be upload field names", robot);
            }
        }
    }

    private void CheckUseArray(RobotSpec robot, ParameterSpec p, int array, int step)
    {
        ref readonly var node = ref _doc[array];
        if (node.ChildCount == 0)
        {
            Report(ValidationRules.MalformedUse, array, "use is an empty array; name at least one step, e.g. \":original\"", robot);
            return;
        }

        var form = InstructionKind.Unknown;
        for (var item = node.FirstChild; item != InstructionDocument.None; item = _doc[item].NextSibling)
        {
            var kind = _doc[item].Kind;
            if (kind == InstructionKind.Unknown)
            {
                continue;
            }

            if (kind != InstructionKind.String && kind != InstructionKind.Object)
            {
                ReportFound(ValidationRules.MalformedUse, item, "use items must be step names or {name, as, fields} objects", robot);
                continue;
            }

            if (form == InstructionKind.Unknown)
            {
                form = kind;
            }
            else if (form != kind)
            {
                Report(ValidationRules.MalformedUse, item, "use mixes step names and {name, as, fields} objects; write all items in one form", robot);
                continue;
            }

            if (kind == InstructionKind.String)
            {
                AddReference(item, step, robot);
            }
            else
            {
                CheckUseInput(robot, p, item, step);
            }
        }
    }

    private void CheckUseInput(RobotSpec robot, ParameterSpec p, int input, int step)
    {
        var name = InstructionDocument.None;
        for (var member = _doc[input].FirstChild; member != InstructionDocument.None; member = _doc[member].NextSibling)
        {
            ref readonly var value = ref _doc[member];
            var key = value.Name!;
            var isText = value.Kind == InstructionKind.String || value.Kind == InstructionKind.Unknown;
            if (key == s_useInputKeys[0])
            {
                name = member;
                if (value.Kind == InstructionKind.String)
                {
                    AddReference(member, step, robot);
                }
                else if (!isText)
                {
                    ReportFound(ValidationRules.MalformedUse, member, "use name must be a step name", robot);
                }
            }
            else if (key == s_useInputKeys[1])
            {
                if (!isText)
                {
                    ReportFound(ValidationRules.MalformedUse, member, "use as must be a role" + RolesSuffix(p), robot);
                }
                else if (value.Kind == InstructionKind.String && p.UseRoles.Count > 0 && !Contains(p.UseRoles, value.Text!))
                {
                    ReportUnknownRole(robot, p, member);
                }
            }
            else if (key == s_useInputKeys[2])
            {
                if (!isText)
                {
                    ReportFound(ValidationRules.MalformedUse, member, "use fields must be an upload field name", robot);
                }
            }
            else
            {
                ReportUnknownName(ValidationRules.MalformedUse, member, "a use input has no key", key, s_useInputKeys, "keys", robot);
            }
        }

        if (name == InstructionDocument.None)
        {
            Report(ValidationRules.MalformedUse, input, "a use input needs \"name\": the step whose files it takes", robot);
        }
    }

    private static string RolesSuffix(ParameterSpec p) => p.UseRoles.Count > 0 ? $" ({Joined(p.UseRoles)})" : string.Empty;

    private void AddReference(int index, int step, RobotSpec robot)
    {
        if (_doc[index].Text!.Length == 0)
        {
            Report(ValidationRules.MalformedUse, index, "use names an empty step name", robot);
            return;
        }

        _references.Add(index);
        _referenceOwners.Add(step);
    }

    // ---- the use graph ------------------------------------------------------------------------------------------

    private void CheckReferences(int steps, ref bool hasInputStep)
    {
        if (_references.Count == 0)
        {
            return;
        }

        var stepNodes = Scratch(ref _stepNodes, _doc[steps].ChildCount);
        var count = 0;
        for (var step = _doc[steps].FirstChild; step != InstructionDocument.None; step = _doc[step].NextSibling)
        {
            stepNodes[count++] = step;
        }

        Dictionary<string, int>? byName = null;
        if (count > 16)
        {
            byName = new Dictionary<string, int>(count, StringComparer.Ordinal);
            for (var i = 0; i < count; i++)
            {
                byName[_doc[stepNodes[i]].Name!] = i;
            }
        }

        int Ordinal(string name)
        {
            if (byName is not null)
            {
                return byName.TryGetValue(name, out var found) ? found : -1;
            }

            var result = -1;
            for (var i = 0; i < count; i++)
            {
                if (string.Equals(_doc[stepNodes[i]].Name, name, StringComparison.Ordinal))
                {
                    result = i;
                }
            }

            return result;
        }

        var targets = Scratch(ref _targets, _references.Count);
        var owners = Scratch(ref _owners, _references.Count);
        for (var r = 0; r < _references.Count; r++)
        {
            var name = _doc[_references[r]].Text!;
            owners[r] = Ordinal(_doc[_referenceOwners[r]].Name!);
            targets[r] = Ordinal(name);
            if (IsUploadName(name))
            {
                hasInputStep = true;
            }

            if (targets[r] < 0)
            {
                ReportUnknownStep(r, stepNodes, count);
            }
        }

        FindCycles(stepNodes, count, owners, targets, _references.Count);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ReportUnknownStep(int reference, int[] stepNodes, int count)
    {
        var name = _doc[_references[reference]].Text!;
        var stepNames = stepNodes.Take(count).Select(s => _doc[s].Name!).ToList();
        var suggestion = IsUploadName(name) ? null : DidYouMean.Suggest(name, stepNames);
        var advice = IsUploadName(name)
            ? $"; add an {UploadRobotFor(name)} step named '{name}' to take uploads"
            : $"{DidYouMean.Hint(suggestion)}; steps: {List(stepNames)}";
        Report(ValidationRules.UnknownStep, _references[reference], $"step '{_doc[_referenceOwners[reference]].Name}' uses '{Clip(name)}', which is not a step of this assembly{advice}",
            fix: suggestion is null ? null : new Dictionary<string, string> { ["replace"] = suggestion });
    }

    private static bool IsUploadName(string name) => UploadRobotFor(name) is not null;

    private static string? UploadRobotFor(string name)
    {
        foreach (var plan in RobotPlan.All)
        {
            var robot = plan.Spec;
            if (robot.RequiredStepName is { } required && string.Equals(required, name, StringComparison.Ordinal))
            {
                return robot.Name;
            }
        }

        return null;
    }

    /// <summary>Depth-first search over the use graph; reports each cycle once, at the reference that closes it.</summary>
    private void FindCycles(int[] stepNodes, int count, int[] owners, int[] targets, int referenceCount)
    {
        const int White = 0, Grey = 1, Black = 2;
        var color = Scratch(ref _colors, count);
        Array.Clear(color, 0, count);
        var stack = _stack;
        stack.Clear();
        for (var start = 0; start < count; start++)
        {
            if (color[start] != White)
            {
                continue;
            }

            stack.Add((start, 0));
            color[start] = Grey;
            while (stack.Count > 0)
            {
                var top = stack.Count - 1;
                var (step, r) = stack[top];
                while (r < referenceCount && (owners[r] != step || targets[r] < 0))
                {
                    r++;
                }

                if (r == referenceCount)
                {
                    color[step] = Black;
                    stack.RemoveAt(top);
                    continue;
                }

                stack[top] = (step, r + 1);
                var target = targets[r];
                if (color[target] == Grey)
                {
                    var path = new List<string>();
                    var from = stack.Count - 1;
                    while (stack[from].Step != target)
                    {
                        from--;
                    }

                    for (var i = from; i < stack.Count; i++)
                    {
                        path.Add(_doc[stepNodes[stack[i].Step]].Name!);
                    }

                    path.Add(_doc[stepNodes[target]].Name!);
                    Report(ValidationRules.UseCycle, _references[r], $"the use graph has a cycle: {string.Join(" -> ", path)}; a step cannot take its own output, directly or through other steps");
                }
                else if (color[target] == White)
                {
                    color[target] = Grey;
                    stack.Add((target, 0));
                }
            }
        }
    }

    // ---- model combinations (data in schema/models.json) --------------------------------------------------------

    private void CheckModel(RobotPlan plan, int step, int use, int[] parameters)
    {
        var robot = plan.Spec;
        var catalogOrdinal = plan.CatalogOrdinal;
        if (catalogOrdinal < 0)
        {
            return;
        }

        var modelNode = parameters[catalogOrdinal];
        ModelSpec? model;
        if (modelNode != InstructionDocument.None)
        {
            ref readonly var value = ref _doc[modelNode];
            if (value.Kind != InstructionKind.String || value.Text!.Length == 0 || _doc.IsVariable(modelNode))
            {
                return;
            }

            model = RuleTables.FindModel(value.Text);
            if (model is null)
            {
                ReportUnknownModel(robot, modelNode, value.Text);
                return;
            }
        }
        else
        {
            model = RuleTables.DefaultModel is { } fallback ? RuleTables.FindModel(fallback) : null;
            if (model is null)
            {
                return;
            }
        }

        var capabilities = model.Capabilities;
        foreach (var (p, capability) in plan.CapabilityChecked)
        {
            var parameter = plan.Parameters[p];
            var index = parameters[p];
            if (index == InstructionDocument.None)
            {
                continue;
            }

            ref readonly var value = ref _doc[index];
            var text = value.Kind == InstructionKind.String && !_doc.IsVariable(index) ? value.Text : null;
            switch (capability)
            {
                case CapabilityKind.Formats when text is not null && Contains(parameter.EnumValues, text) && !Contains(capabilities.Formats, text):
                    ReportFormat(robot, model, parameter, index, text);
                    break;
                case CapabilityKind.AspectRatios when text is not null && AspectRatio.TryParse(text, out _, out _) && !Contains(capabilities.AspectRatios, text):
                    ReportAspectRatio(robot, model, parameter, index, text);
                    break;
                case CapabilityKind.Size when !capabilities.Size.Supported && (value.Kind == InstructionKind.Number || text is not null):
                    ReportSizeIgnored(robot, model, parameter, index);
                    break;
                case CapabilityKind.Styles when text is not null && text.Length > 0:
                    if (capabilities.Styles.Count == 0)
                    {
                        ReportStyleIgnored(robot, model, parameter, index, text);
                    }
                    else if (!Contains(capabilities.Styles, text))
                    {
                        ReportStyleNotSupported(robot, model, parameter, index, text);
                    }

                    break;
            }
        }

        if (plan.UseOrdinal >= 0)
        {
            CheckInputRoles(robot, plan.Parameters[plan.UseOrdinal], model, step, modelNode, use);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ReportUnknownModel(RobotSpec robot, int modelNode, string name)
    {
        var severity = _options.UnknownModelsAsWarnings ? ValidationSeverity.Warning : ValidationSeverity.Error;
        var passThrough = _options.UnknownModelsAsWarnings ? "; it is passed through to remote providers as is" : string.Empty;
        var suggestion = DidYouMean.Suggest(name, RuleTables.ModelNames);
        Report(ValidationRules.UnknownModel, modelNode, $"unknown model '{Clip(name)}'{DidYouMean.Hint(suggestion)}; models: {s_modelList}{passThrough}", robot, severity: severity,
            fix: suggestion is null ? null : new Dictionary<string, string> { ["replace"] = suggestion });
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ReportFormat(RobotSpec robot, ModelSpec model, ParameterSpec parameter, int index, string format)
    {
        var makers = s_formatMakers.GetValue(format, static format => new ModelList(m => Contains(m.Capabilities.Formats, format)));
        var fix = new Dictionary<string, string> { ["value"] = model.Capabilities.DefaultFormat, ["parameter"] = parameter.Name };
        if (makers.Ids.Length > 0)
        {
            fix["model"] = makers.Ids[0];
        }

        Report(ValidationRules.FormatNotSupported, index, $"{model.Id} cannot deliver {parameter.Name} '{format}'; it delivers {Joined(model.Capabilities.Formats)}" + (makers.Ids.Length > 0 ? $"; '{format}' comes from {makers.Joined}" : string.Empty), robot, fix: fix);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ReportAspectRatio(RobotSpec robot, ModelSpec model, ParameterSpec parameter, int index, string ratio)
    {
        var listed = model.Capabilities.AspectRatios;
        var snapped = AspectRatio.Snap(listed, ratio);
        Report(ValidationRules.AspectRatioSnapped, index, snapped is null
            ? $"{model.Id} takes no {parameter.Name}; its size decides the shape, so '{ratio}' is ignored"
            : $"{model.Id} does not list {parameter.Name} '{ratio}'; it will be snapped to '{snapped}' (listed: {Joined(listed)})", robot);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ReportSizeIgnored(RobotSpec robot, ModelSpec model, ParameterSpec parameter, int index) =>
        Report(ValidationRules.SizeIgnored, index, $"{model.Id} ignores {parameter.Name}; set the shape with an aspect ratio ({Joined(model.Capabilities.AspectRatios)})", robot);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ReportStyleNotSupported(RobotSpec robot, ModelSpec model, ParameterSpec parameter, int index, string style) =>
        Report(ValidationRules.StyleNotSupported, index, $"{model.Id} has no {parameter.Name} '{Clip(style)}'{DidYouMean.Hint(style, model.Capabilities.Styles)}; styles: {Joined(model.Capabilities.Styles)}", robot);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ReportStyleIgnored(RobotSpec robot, ModelSpec model, ParameterSpec parameter, int index, string style)
    {
        Report(ValidationRules.StyleIgnored, index, $"{model.Id} has no styles, so {parameter.Name} '{Clip(style)}' is ignored; styles come with {s_styledModels}", robot);
    }

    private void CheckInputRoles(RobotSpec robot, ParameterSpec useParameter, ModelSpec model, int step, int modelNode, int use)
    {
        var capabilities = model.Capabilities;
        var roles = _roles;
        roles.Clear();
        var allExplicit = use != InstructionDocument.None && CollectRoles(use, roles);
        for (var r = 0; r < roles.Count; r++)
        {
            var role = _doc[roles[r]].Text!;
            if (Contains(useParameter.UseRoles, role) && !Contains(capabilities.InputRoles, role))
            {
                ReportInputRole(robot, model, roles[r], role);
            }
        }

        if (capabilities.RequiredInputs.Count == 0)
        {
            return;
        }

        if (use == InstructionDocument.None)
        {
            ReportNoInputs(robot, model, modelNode != InstructionDocument.None ? modelNode : step);
            return;
        }

        if (!allExplicit)
        {
            return; // roles come from upload field names at run time
        }

        List<string>? missing = null;
        for (var i = 0; i < capabilities.RequiredInputs.Count; i++)
        {
            var required = capabilities.RequiredInputs[i];
            var given = false;
            for (var r = 0; r < roles.Count && !given; r++)
            {
                given = string.Equals(_doc[roles[r]].Text, required, StringComparison.Ordinal);
            }

            if (!given)
            {
                (missing ??= new List<string>()).Add(required);
            }
        }

        if (missing is not null)
        {
            ReportMissingInputs(robot, model, use, missing);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ReportNoInputs(RobotSpec robot, ModelSpec model, int node)
    {
        var required = model.Capabilities.RequiredInputs;
        var example = string.Join(", ", required.Select(r => $"{{\"name\": \":original\", \"as\": \"{r}\"}}"));
        Report(ValidationRules.MissingInputRole, node, $"{model.Id} needs {List(required, "and")} inputs; add \"use\": [{example}]", robot);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ReportMissingInputs(RobotSpec robot, ModelSpec model, int use, List<string> missing) =>
        Report(ValidationRules.MissingInputRole, use, $"{model.Id} needs {List(model.Capabilities.RequiredInputs, "and")} inputs, but use gives no {List(missing, "or")}; add {{\"name\": ..., \"as\": \"{missing[0]}\"}}", robot);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ReportInputRole(RobotSpec robot, ModelSpec model, int node, string role)
    {
        var takers = s_roleTakers.GetValue(role, static role => new ModelList(m => Contains(m.Capabilities.InputRoles, role)));
        Report(ValidationRules.InputNotSupported, node, $"{model.Id} takes no {role} input; {role} inputs go to {takers.Joined}", robot);
    }

    /// <summary>Collects the constant <c>as</c> values of a use; returns whether every input states its role.</summary>
    private bool CollectRoles(int use, List<int> roles)
    {
        var node = use;
        if (_doc[node].Kind == InstructionKind.Object)
        {
            node = _doc.Member(use, s_useObjectKeys[0]);
            if (node == InstructionDocument.None)
            {
                return false;
            }
        }

        if (_doc[node].Kind != InstructionKind.Array)
        {
            return false;
        }

        var allExplicit = true;
        for (var item = _doc[node].FirstChild; item != InstructionDocument.None; item = _doc[item].NextSibling)
        {
            var role = _doc[item].Kind == InstructionKind.Object ? _doc.Member(item, s_useInputKeys[1]) : InstructionDocument.None;
            if (role != InstructionDocument.None && _doc[role].Kind == InstructionKind.String)
            {
                roles.Add(role);
            }
            else
            {
                allExplicit = false;
            }
        }

        return allExplicit;
    }

    // ---- reports of the rules above, kept out of line: their messages are built only when a rule fires, so the checks
    // that pass (almost all of them) do not carry the message building's stack frame --------------------------------

    [MethodImpl(MethodImplOptions.NoInlining)]
    private ValueState WrongType(ParameterSpec p, int index, RobotSpec? robot)
    {
        ReportFound(ValidationRules.WrongType, index, $"{p.Name} must be {s_allowed.GetValue(p, Allowed)}", robot);
        return ValueState.Invalid;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private ValueState TooShort(ParameterSpec p, int index, int minLength, RobotSpec? robot)
    {
        var what = minLength == 1 ? "must not be empty" : $"must have at least {minLength} characters";
        Report(ValidationRules.TooShort, index, $"{p.Name} {what}: {FirstSentence(p.Description)}", robot);
        return ValueState.Invalid;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private ValueState Malformed(ParameterSpec p, int index, string text, string advice, RobotSpec? robot)
    {
        Report(ValidationRules.Malformed, index, $"{p.Name} '{Clip(text)}' is malformed: {advice}", robot);
        return ValueState.Invalid;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private ValueState NotAllowed(ParameterSpec p, int index, string text, RobotSpec? robot, string what = "")
    {
        Report(ValidationRules.NotAllowed, index, $"{p.Name}{what} '{Clip(text)}' is not allowed{DidYouMean.Hint(text, p.EnumValues)}; allowed: {Joined(p.EnumValues)}", robot);
        return ValueState.Invalid;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private ValueState OutOfRange(ParameterSpec p, int index, double value, RobotSpec? robot)
    {
        var clamped = Math.Max(p.Minimum ?? double.MinValue, Math.Min(p.Maximum ?? double.MaxValue, value));
        Report(ValidationRules.OutOfRange, index, $"{p.Name} is {Format(value)}; allowed: {Range(p)}", robot, fix: new Dictionary<string, string> { ["clamp"] = Format(clamped) });
        return ValueState.Invalid;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ReportBooleanString(ParameterSpec p, int index, string text, RobotSpec? robot) =>
        Report(ValidationRules.BooleanString, index, $"{p.Name} is the string \"{text}\"; write the JSON boolean {text}", robot);

    /// <summary>"<paramref name="expected"/>; found <i>the value</i>".</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ReportFound(ValidationRule rule, int node, string expected, RobotSpec? robot = null) =>
        Report(rule, node, $"{expected}; found {Describe(node)}", robot);

    /// <summary>"<paramref name="what"/> '<paramref name="name"/>' (did you mean ...?); <paramref name="listName"/>: <i>the names</i>", at the name.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ReportUnknownName(ValidationRule rule, int node, string what, string name, IReadOnlyList<string> names, string listName, RobotSpec? robot) =>
        Report(rule, node, $"{what} '{name}'{DidYouMean.Hint(name, names)}; {listName}: {Joined(names)}", robot, atName: true);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ReportMissing(int node, string what, string description, RobotSpec? robot) =>
        Report(ValidationRules.MissingParameter, node, $"{what}: {description}", robot);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ReportUnknownRole(RobotSpec robot, ParameterSpec use, int member)
    {
        var role = _doc[member].Text!;
        Report(ValidationRules.UnknownRole, member, $"'{Clip(role)}' is not an input role of {robot.Name}{DidYouMean.Hint(role, use.UseRoles)}; roles: {Joined(use.UseRoles)}", robot);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ReportMissingRobot(int step, string name) =>
        Report(ValidationRules.MissingRobot, step, $"step '{name}' has no \"robot\"; robots: {Joined(RobotPlan.RobotNames)}");

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ReportUnknownRobot(int robotNode)
    {
        ref readonly var robotValue = ref _doc[robotNode];
        var hint = robotValue.Kind == InstructionKind.String ? DidYouMean.Hint(robotValue.Text!, RobotPlan.RobotNames) : string.Empty;
        var what = robotValue.Kind == InstructionKind.String ? $"unknown robot '{robotValue.Text}'" : $"\"robot\" must be a string; found {Describe(robotNode)}";
        Report(ValidationRules.UnknownRobot, robotNode, $"{what}{hint}; robots: {Joined(RobotPlan.RobotNames)}");
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ReportWrongStepName(int step, string name, string required, RobotSpec robot) =>
        Report(ValidationRules.WrongStepName, step, $"a {robot.Name} step must be named '{required}', not '{name}'", robot, atName: true);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ReportReservedStepName(int step, string reserved, RobotSpec owner, RobotSpec robot) =>
        Report(ValidationRules.ReservedStepName, step, $"the step name '{reserved}' is reserved for {owner.Name}; rename this {robot.Name} step", robot, atName: true);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ReportUnsafeStepName(int step, string name) =>
        Report(ValidationRules.UnsafeStepName, step, $"the step name '{Clip(name)}' is not a safe file name (path separators, a leading '.', control characters and <>:\"|?* are not); its files are written under '{Clip(SafeFileName.From(name))}'", atName: true);

    // ---- reporting and text -------------------------------------------------------------------------------------

    private void Report(ValidationRule rule, int node, string message, RobotSpec? robot = null, bool atName = false, ValidationSeverity? severity = null, IReadOnlyDictionary<string, string>? fix = null)
    {
        var effective = severity ?? rule.DefaultSeverity;
        if (_options.WarningsAsErrors)
        {
            effective = ValidationSeverity.Error;
        }

        var code = rule.TransloaditCode;
        if (robot is not null && code == ValidationRules.UnknownParameter.TransloaditCode)
        {
            code = s_robotCodes.GetValue(robot, static robot => robot.Name.Trim('/').Replace('/', '_').Replace('-', '_').ToUpperInvariant() + "_VALIDATION");
        }

        _sink.Add(new RawFinding(rule, effective, node, atName, message, code, Fix: fix));
    }

    private string Describe(int index)
    {
        ref readonly var node = ref _doc[index];
        return node.Kind switch
        {
            InstructionKind.Null => "null",
            InstructionKind.String => $"the string \"{Clip(node.Text!)}\"",
            InstructionKind.Number => $"the number {Format(node.Number)}",
            InstructionKind.Boolean => node.Boolean ? "true" : "false",
            InstructionKind.Array => "an array",
            InstructionKind.Object => "an object",
            _ => "a value",
        };
    }

    /// <summary>What a parameter accepts, in words, from its forms.</summary>
    private static string Allowed(ParameterSpec p)
    {
        var parts = new List<string>();
        if (p.Accepts(ValueForms.Integer))
        {
            parts.Add(p.Minimum is null && p.Maximum is null ? "an integer" : $"an integer {Range(p)}");
        }
        else if (p.Accepts(ValueForms.Number))
        {
            parts.Add(p.Minimum is null && p.Maximum is null ? "a number" : $"a number {Range(p)}");
        }

        if (p.Accepts(ValueForms.IntegerString))
        {
            parts.Add("a string holding one");
        }

        if (p.Accepts(ValueForms.String))
        {
            parts.Add("a string");
        }

        if (p.Accepts(ValueForms.Enum))
        {
            parts.Add("one of " + Joined(p.EnumValues));
        }

        if (p.Accepts(ValueForms.Boolean))
        {
            parts.Add(p.Accepts(ValueForms.BooleanString) ? "true or false (or \"true\"/\"false\")" : "true or false");
        }

        if (p.Accepts(ValueForms.EnumArray))
        {
            parts.Add("an array of " + Joined(p.EnumValues));
        }

        if (p.Accepts(ValueForms.BooleanMap))
        {
            parts.Add("an object of name to boolean");
        }

        if (p.Accepts(ValueForms.Scalar))
        {
            parts.Add("an object of strings, numbers and booleans");
        }

        if (p.Accepts(ValueForms.Object))
        {
            parts.Add("an object");
        }

        if (p.Accepts(ValueForms.Interpolation))
        {
            parts.Add("a ${...} variable");
        }

        return List(parts, "or");
    }

    private static string Range(ParameterSpec p) => (p.Minimum, p.Maximum) switch
    {
        ({ } min, { } max) => $"{Format(min)}..{Format(max)}",
        ({ } min, null) => $">= {Format(min)}",
        (null, { } max) => $"<= {Format(max)}",
        _ => "any number",
    };

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string List(IEnumerable<string> values, string? last = null)
    {
        var items = values as IList<string> ?? values.ToList();
        if (last is null || items.Count < 2)
        {
            return string.Join(", ", items);
        }

        return string.Join(", ", items.Take(items.Count - 1)) + " " + last + " " + items[items.Count - 1];
    }

    /// <summary>A list from the rule tables, joined on first use and kept (<see cref="List"/> joins lists built per document).</summary>
    private static string Joined(IReadOnlyList<string> tableList) => s_joined.GetValue(tableList, static list => string.Join(", ", list));

    private static ParameterSpec? Find(ParameterSpec[] parameters, string name)
    {
        for (var i = 0; i < parameters.Length; i++)
        {
            if (string.Equals(parameters[i].Name, name, StringComparison.Ordinal))
            {
                return parameters[i];
            }
        }

        return null;
    }

    private static bool Contains(IReadOnlyList<string> values, string value)
    {
        if (values is string[] array)
        {
            // The tables' lists are arrays: no interface call per item.
            return TableNames.IndexOf(array, value) >= 0;
        }

        for (var i = 0; i < values.Count; i++)
        {
            if (string.Equals(values[i], value, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static int CodePoints(string text)
    {
        var count = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (!char.IsLowSurrogate(text[i]))
            {
                count++;
            }
        }

        return count;
    }

    private static bool Matches(string pattern, string text)
    {
        // The schema has a handful of patterns: a copy-on-write array read without a lock, by reference first.
        var patterns = s_patterns;
        Regex? regex = null;
        for (var i = 0; i < patterns.Length && regex is null; i++)
        {
            if (ReferenceEquals(patterns[i].Pattern, pattern) || string.Equals(patterns[i].Pattern, pattern, StringComparison.Ordinal))
            {
                regex = patterns[i].Regex;
            }
        }

        if (regex is null)
        {
            regex = new Regex(pattern, RegexOptions.CultureInvariant | RegexOptions.Compiled, TimeSpan.FromSeconds(1));
            lock (s_patternsLock)
            {
                s_patterns = s_patterns.Concat(new[] { (pattern, regex) }).ToArray();
            }
        }

        try
        {
            return regex.IsMatch(text);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    private static string FirstSentence(string description)
    {
        var end = description.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? description.TrimEnd('.') : description.Substring(0, end);
    }

    /// <summary>Keeps a value short enough for a one-line message.</summary>
    private static string Clip(string text)
    {
        var clean = text.Replace("\r", "\\r").Replace("\n", "\\n");
        return clean.Length <= 60 ? clean : clean.Substring(0, 57) + "...";
    }

    /// <summary>The catalog models that match a condition (all, those with styles, those that deliver a format or take an input role), for messages.</summary>
    private sealed class ModelList
    {
        public ModelList(Func<ModelSpec, bool> match)
        {
            Ids = RuleTables.Models.Where(match).Select(m => m.Id).ToArray();
            Joined = string.Join(", ", Ids);
        }

        public string[] Ids { get; }

        public string Joined { get; }
    }
}
