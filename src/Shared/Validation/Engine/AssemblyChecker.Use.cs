using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using ImageSdk.Tables;

namespace ImageSdk.Validation.Engine;

/// <summary>The rules on <c>use</c>: its four shapes, the steps it names, and the graph they make (no unknown step, no cycle).</summary>
internal sealed partial class AssemblyChecker
{
    // ---- use ----------------------------------------------------------------------------------------------------

    private void CheckUse(RobotSpec robot, ParameterSpec p, int use, int step)
    {
        ref readonly var node = ref _doc[use];
        switch (node.Kind)
        {
            case InstructionKind.Unknown:
                return;
            case InstructionKind.String:
                AddReference(use, step);
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
                    if (key == UseGrammar.Steps)
                    {
                        steps = member;
                    }
                    else if (key == UseGrammar.BundleSteps || key == UseGrammar.GroupByOriginal)
                    {
                        if (kind != InstructionKind.Boolean && kind != InstructionKind.Unknown)
                        {
                            ReportFound(ValidationRules.MalformedUse, member, "use." + key + " must be true or false", robot);
                        }
                    }
                    else if (key == UseGrammar.Fields)
                    {
                        CheckFieldFilters(robot, member);
                    }
                    else
                    {
                        ReportUnknownName(ValidationRules.MalformedUse, member, "the use object has no key", key, UseGrammar.ObjectKeys, "keys", robot);
                    }
                }

                if (steps == InstructionDocument.None)
                {
                    Report(ValidationRules.MalformedUse, use, "the use object needs \"steps\": a step name, an array of step names, or an array of {name, as, fields}", robot);
                }
                else if (_doc[steps].Kind == InstructionKind.String)
                {
                    AddReference(steps, step);
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
        ref readonly var node = ref _doc[array]; // an empty array takes no files, and the step makes none (Transloadit accepts it)
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
                AddReference(item, step);
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
            if (key == UseGrammar.Name)
            {
                name = member;
                if (value.Kind == InstructionKind.String)
                {
                    AddReference(member, step); // "" too, as in the string forms: the step called "", else an unknown step
                }
                else if (!isText)
                {
                    ReportFound(ValidationRules.MalformedUse, member, "use name must be a step name", robot);
                }
            }
            else if (key == UseGrammar.As)
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
            else if (key == UseGrammar.Fields)
            {
                if (!isText)
                {
                    ReportFound(ValidationRules.MalformedUse, member, "use fields must be an upload field name", robot);
                }
            }
            else
            {
                ReportUnknownName(ValidationRules.MalformedUse, member, "a use input has no key", key, UseGrammar.InputKeys, "keys", robot);
            }
        }

        // A missing name is malformed.
        if (name == InstructionDocument.None)
        {
            Report(ValidationRules.MalformedUse, input, "a use input needs \"name\": the step whose files it takes", robot);
        }
    }

    private static string RolesSuffix(ParameterSpec p) => p.UseRoles.Count > 0 ? $" ({Joined(p.UseRoles)})" : string.Empty;

    private void AddReference(int index, int step)
    {
        // An empty name names the step called "" when there is one, as Transloadit's linter reads it; else it is an unknown step.
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
                if (_doc[stepNodes[i]].Name == name) // ordinal
                {
                    result = i;
                }
            }

            return result;
        }

        var targets = Scratch(ref _targets, _references.Count);
        var owners = Scratch(ref _owners, _references.Count);
        int owner = InstructionDocument.None, ownerOrdinal = -1; // a step's references are listed together
        var forward = false;
        for (var r = 0; r < _references.Count; r++)
        {
            var name = _doc[_references[r]].Text!;
            if (_referenceOwners[r] != owner)
            {
                owner = _referenceOwners[r];
                ownerOrdinal = Ordinal(_doc[owner].Name!);
            }

            owners[r] = ownerOrdinal;
            var target = targets[r] = Ordinal(name);
            forward |= target >= ownerOrdinal;

            // Whether the name is the uploads' matters only for a name that is no step, or while no step brings files yet.
            if (target < 0 || !hasInputStep)
            {
                var uploads = IsUploadName(name);
                hasInputStep |= uploads;
                if (target < 0 && !uploads)
                {
                    ReportUnknownStep(r, stepNodes, count); // the uploads are handled by default, with or without an upload step
                }
            }
        }

        // A cycle needs a reference to the step itself or to a later one: when every reference names an earlier step (or
        // none), the steps' own order sorts the graph, and there is nothing to search.
        if (forward)
        {
            FindCycles(stepNodes, count, owners, targets, _references.Count);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ReportUnknownStep(int reference, int[] stepNodes, int count)
    {
        var name = _doc[_references[reference]].Text!;
        var stepNames = stepNodes.Take(count).Select(s => _doc[s].Name!).ToList();
        var suggestion = IsUploadName(name) || name.Length == 0 ? null : DidYouMean.Suggest(name, stepNames);
        var advice = IsUploadName(name)
            ? $"; add an {UploadRobotFor(name)} step named '{name}' to take uploads"
            : $"{DidYouMean.Hint(suggestion)}; steps: {List(stepNames)}";
        Report(ValidationRules.UnknownStep, _references[reference], $"step '{_doc[_referenceOwners[reference]].Name}' uses '{Clip(name)}', which is not a step of this assembly{advice}",
            fix: Replace(suggestion));
    }

    private static bool IsUploadName(string name) => UploadRobotFor(name) is not null;

    private static string? UploadRobotFor(string name) => RobotPlan.Reserving(name)?.Spec.Name;

    /// <summary>Depth-first search over the use graph; reports each cycle once, at the reference that closes it.</summary>
    private void FindCycles(int[] stepNodes, int count, int[] owners, int[] targets, int referenceCount)
    {
        const int White = 0, Grey = 1, Black = 2;
        var color = Scratch(ref _colors, count);
        Array.Clear(color, 0, count);
        var steps = Scratch(ref _stackSteps, count); // each step is pushed once at most: then it is grey or black
        var next = Scratch(ref _stackNext, count);
        for (var start = 0; start < count; start++)
        {
            if (color[start] != White)
            {
                continue;
            }

            var depth = 1;
            steps[0] = start;
            next[0] = 0;
            color[start] = Grey;
            while (depth > 0)
            {
                var top = depth - 1;
                var step = steps[top];
                var r = next[top];
                while (r < referenceCount && (owners[r] != step || targets[r] < 0))
                {
                    r++;
                }

                if (r == referenceCount)
                {
                    color[step] = Black;
                    depth--;
                    continue;
                }

                next[top] = r + 1;
                var target = targets[r];
                if (color[target] == Grey)
                {
                    var path = new List<string>();
                    var from = depth - 1;
                    while (steps[from] != target)
                    {
                        from--;
                    }

                    for (var i = from; i < depth; i++)
                    {
                        path.Add(_doc[stepNodes[steps[i]]].Name!);
                    }

                    path.Add(_doc[stepNodes[target]].Name!);
                    Report(ValidationRules.UseCycle, _references[r], $"the use graph has a cycle: {string.Join(" -> ", path)}; a step cannot take its own output, directly or through other steps");
                }
                else if (color[target] == White)
                {
                    color[target] = Grey;
                    steps[depth] = target;
                    next[depth] = 0;
                    depth++;
                }
            }
        }
    }
}
