using System;
using System.Collections.Generic;
using System.Globalization;
using ImageSdk.Validation.Engine;
using Shared = ImageSdk.ImageGenerateStep.ParameterNames; // the parameters every robot shares, by the generated names

namespace ImageSdk.Running;

/// <summary>One input of a step's <c>use</c>: a step, the role its files play (<c>as</c>), and the upload fields it takes files from.</summary>
internal sealed record StepInput(string Step, string? Role, IReadOnlyCollection<string>? Fields);

/// <summary>
/// One step of validated, filled-in instructions, read by parameter name. Every value here passed the validator, yet each
/// reader stays total: a value of an unexpected form reads as absent, and no number wraps (it saturates, and the runner
/// clamps it with a warning).
/// </summary>
internal sealed class StepInstructions
{
    private readonly InstructionDocument _doc;
    private readonly int _node;
    private bool _bundlesSteps;

    public StepInstructions(InstructionDocument doc, int node, IReadOnlyCollection<string> unsupportedVariables)
    {
        _doc = doc;
        _node = node;
        Name = doc[node].Name!;
        Robot = Text("robot") ?? string.Empty;
        UnsupportedVariables = unsupportedVariables;
        Inputs = ReadInputs();
    }

    public string Name { get; }

    public string Robot { get; }

    /// <summary>Variables the local runner cannot fill, e.g. <c>${file.name}</c>; the step fails when it runs.</summary>
    public IReadOnlyCollection<string> UnsupportedVariables { get; }

    /// <summary>Whether the step has a <c>use</c> at all: a step that uses steps never turns into text-to-image.</summary>
    public bool HasUse => Member(Shared.Use) != InstructionDocument.None;

    public IReadOnlyList<StepInput> Inputs { get; }

    public bool IsBatch => StepQueueExtensions.TryParse(Text(Shared.Queue), out var queue) && queue == StepQueue.Batch;

    /// <summary>Whether <c>use</c> is an object with <c>bundle_steps: true</c>.</summary>
    public bool BundlesSteps => _bundlesSteps;

    /// <summary>A string parameter, or null.</summary>
    public string? Text(string name)
    {
        var index = Member(name);
        return index != InstructionDocument.None && _doc[index].Kind == InstructionKind.String && !_doc.IsVariable(index) ? _doc[index].Text : null;
    }

    /// <summary>
    /// An integer parameter (a number, or a string of digits), saturated to the range of <see cref="long"/> instead of
    /// wrapping; <paramref name="exact"/> is false when it was saturated. Null when absent.
    /// </summary>
    public long? Integer(string name, out bool exact)
    {
        exact = true;
        var index = Member(name);
        if (index == InstructionDocument.None)
        {
            return null;
        }

        ref readonly var node = ref _doc[index];
        double value;
        if (node.Kind == InstructionKind.Number)
        {
            if (node.Text is { } literal && long.TryParse(literal, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var filled))
            {
                return filled;
            }

            value = node.Number;
        }
        else if (node.Kind == InstructionKind.String && !_doc.IsVariable(index))
        {
            if (long.TryParse(node.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed))
            {
                return parsed;
            }

            if (!double.TryParse(node.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out value))
            {
                return null;
            }
        }
        else
        {
            return null;
        }

        if (double.IsNaN(value))
        {
            return null;
        }

        // 2^63 is the first double past long.MaxValue: at or beyond it, saturate rather than let the cast wrap.
        if (value >= 9223372036854775808.0 || value < -9223372036854775808.0)
        {
            exact = false;
            return value > 0 ? long.MaxValue : long.MinValue;
        }

        return (long)Math.Floor(value);
    }

    /// <summary>A number parameter (a number, or a number in a string), or null when absent or not a number.</summary>
    public double? Number(string name)
    {
        var index = Member(name);
        if (index == InstructionDocument.None)
        {
            return null;
        }

        ref readonly var node = ref _doc[index];
        return node.Kind == InstructionKind.Number ? node.Number
            : node.Kind == InstructionKind.String && !_doc.IsVariable(index) && double.TryParse(node.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) ? parsed
            : null;
    }

    /// <summary>
    /// Whether <c>result</c> puts the step's files in the results: true for <c>true</c>, <c>"true"</c> and the hidden
    /// <c>"debug"</c>; false for <c>false</c> and <c>"false"</c>; null when unset, when Transloadit's default decides (leaf steps only).
    /// </summary>
    public bool? InResults
    {
        get
        {
            var index = Member(Shared.Result);
            if (index == InstructionDocument.None)
            {
                return null;
            }

            ref readonly var node = ref _doc[index];
            return node.Kind switch
            {
                InstructionKind.Boolean => node.Boolean,
                InstructionKind.String when node.Text is "true" or "debug" => true,
                InstructionKind.String when node.Text == "false" => false,
                _ => null,
            };
        }
    }

    /// <summary>A boolean parameter (true, or the string "true").</summary>
    public bool Flag(string name)
    {
        var index = Member(name);
        return index != InstructionDocument.None
            && ((_doc[index].Kind == InstructionKind.Boolean && _doc[index].Boolean) || (_doc[index].Kind == InstructionKind.String && _doc[index].Text == "true"));
    }

    /// <summary>Whether <c>ignore_errors</c> covers <paramref name="phase"/>.</summary>
    public bool IgnoresErrors(IgnoredError phase)
    {
        var index = Member(Shared.IgnoreErrors);
        if (index == InstructionDocument.None)
        {
            return false;
        }

        if (_doc[index].Kind == InstructionKind.Boolean)
        {
            return _doc[index].Boolean;
        }

        for (var item = _doc[index].FirstChild; item != InstructionDocument.None; item = _doc[item].NextSibling)
        {
            if (_doc[item].Kind == InstructionKind.String && IgnoredErrorExtensions.TryParse(_doc[item].Text, out var listed) && listed == phase)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The measures <c>output_meta</c> asks for: all of <paramref name="all"/> for true, or those named by its array or object.</summary>
    public HashSet<string> OutputMeta(IReadOnlyList<string> all)
    {
        var wanted = new HashSet<string>(StringComparer.Ordinal);
        var index = Member(Shared.OutputMeta);
        if (index == InstructionDocument.None)
        {
            return wanted;
        }

        ref readonly var node = ref _doc[index];
        if (Flag(Shared.OutputMeta))
        {
            wanted.UnionWith(all);
        }
        else if (node.Kind is InstructionKind.Array or InstructionKind.Object)
        {
            for (var item = node.FirstChild; item != InstructionDocument.None; item = _doc[item].NextSibling)
            {
                ref readonly var value = ref _doc[item];
                if (node.Kind == InstructionKind.Array && value.Kind == InstructionKind.String)
                {
                    wanted.Add(value.Text!);
                }
                else if (node.Kind == InstructionKind.Object && ((value.Kind == InstructionKind.Boolean && value.Boolean) || (value.Kind == InstructionKind.String && value.Text == "true")))
                {
                    wanted.Add(value.Name!);
                }
            }
        }

        return wanted;
    }

    /// <summary>The names of the parameters the step sets, in the order written.</summary>
    public IEnumerable<string> Parameters
    {
        get
        {
            for (var member = _doc[_node].FirstChild; member != InstructionDocument.None; member = _doc[member].NextSibling)
            {
                yield return _doc[member].Name!;
            }
        }
    }

    /// <summary>
    /// A parameter of any form as plain values (string, with any variable as written; double; bool; null; a list; a
    /// dictionary), for robots whose parameters are structures (<c>/file/filter</c>'s conditions, <c>crop</c>); false when absent.
    /// </summary>
    public bool TryValue(string name, out object? value)
    {
        var index = Member(name);
        value = index == InstructionDocument.None ? null : ValueOf(index);
        return index != InstructionDocument.None;
    }

    private object? ValueOf(int index)
    {
        ref readonly var node = ref _doc[index];
        switch (node.Kind)
        {
            case InstructionKind.String: return node.Text;
            case InstructionKind.Number: return node.Number;
            case InstructionKind.Boolean: return node.Boolean;
            case InstructionKind.Array:
                var items = new List<object?>(node.ChildCount);
                for (var item = node.FirstChild; item != InstructionDocument.None; item = _doc[item].NextSibling)
                {
                    items.Add(ValueOf(item));
                }

                return items;
            case InstructionKind.Object:
                var members = new Dictionary<string, object?>(StringComparer.Ordinal);
                for (var member = node.FirstChild; member != InstructionDocument.None; member = _doc[member].NextSibling)
                {
                    members[_doc[member].Name!] = ValueOf(member);
                }

                return members;
            default: return null;
        }
    }

    private int Member(string name) => _doc.Member(_node, name);

    /// <summary>The step's RFC 6901 JSON Pointer, e.g. <c>/steps/exported</c> (<c>/steps/a~1b</c> for a step named <c>a/b</c>), as findings give paths.</summary>
    public string Pointer => _doc.PointerOf(_node);

    /// <summary>Where the step's name stands in <paramref name="utf8"/>, the instructions it was read from (1-based; 0, 0 when unknown).</summary>
    public (int Line, int Column) Position(ReadOnlySpan<byte> utf8)
    {
        var offset = _doc[_node].NameOffset >= 0 ? _doc[_node].NameOffset : _doc[_node].Offset;
        return offset < 0 || offset > utf8.Length ? (0, 0) : new ImageSdk.Validation.LineMap(utf8).Locate(utf8, offset);
    }

    /// <summary>The inputs of <c>use</c>, in its four forms (read by the shared grammar), each with the upload fields it takes files from.</summary>
    private List<StepInput> ReadInputs()
    {
        var shape = UseGrammar.Read(_doc, Member(Shared.Use));
        _bundlesSteps = shape.BundleSteps;
        var filter = shape.Fields is null ? null : new HashSet<string>(shape.Fields, StringComparer.Ordinal);
        var inputs = new List<StepInput>(shape.Inputs.Count);
        foreach (var input in shape.Inputs)
        {
            inputs.Add(new StepInput(input.Step, input.Role, input.Field is { } field ? new HashSet<string>(StringComparer.Ordinal) { field } : filter));
        }

        return inputs;
    }
}
