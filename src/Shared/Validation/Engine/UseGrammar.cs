using System.Collections.Generic;

namespace ImageSdk.Validation.Engine;

/// <summary>One input of <c>use</c>: the step whose files it takes, the role they play (<c>as</c>), and its upload-field filter.</summary>
/// <param name="Step">The step name.</param>
/// <param name="Role">The <c>as</c> role, or null.</param>
/// <param name="Field">The input's own <c>fields</c> filter, or null.</param>
internal readonly record struct UseInput(string Step, string? Role, string? Field);

/// <summary>What a <c>use</c> value says, whichever of its four forms it is written in.</summary>
/// <param name="Inputs">The inputs, in order.</param>
/// <param name="Fields">The object form's upload-field filter, or null.</param>
/// <param name="BundleSteps">The object form's <c>bundle_steps</c>.</param>
/// <param name="GroupByOriginal">The object form's <c>group_by_original</c>.</param>
internal sealed record UseShape(IReadOnlyList<UseInput> Inputs, IReadOnlyList<string>? Fields, bool BundleSteps, bool GroupByOriginal);

/// <summary>
/// The grammar of <c>use</c>, in one place: a step name, an array of step names, an array of <c>{name, as, fields}</c>, or
/// <c>{steps, bundle_steps, group_by_original, fields}</c>. The rule engine checks documents against these keys, the
/// runner reads validated documents through <see cref="Read"/>, and the writers and readers of JSON and C# name the keys here.
/// </summary>
internal static class UseGrammar
{
    public const string Steps = "steps";
    public const string BundleSteps = "bundle_steps";
    public const string GroupByOriginal = "group_by_original";
    public const string Fields = "fields";
    public const string Name = "name";
    public const string As = "as";

    /// <summary>The keys of the object form.</summary>
    public static readonly string[] ObjectKeys = { Steps, BundleSteps, GroupByOriginal, Fields };

    /// <summary>The keys of one <c>{name, as, fields}</c> input.</summary>
    public static readonly string[] InputKeys = { Name, As, Fields };

    /// <summary>Reads a <c>use</c> value of a validated document; parts of an unexpected form read as absent.</summary>
    public static UseShape Read(InstructionDocument doc, int use)
    {
        var inputs = new List<UseInput>();
        if (use == InstructionDocument.None)
        {
            return new UseShape(inputs, null, false, false);
        }

        if (doc[use].Kind != InstructionKind.Object)
        {
            AddSteps(doc, use, inputs);
            return new UseShape(inputs, null, false, false);
        }

        AddSteps(doc, doc.Member(use, Steps), inputs);
        List<string>? fields = null;
        var filter = doc.Member(use, Fields);
        if (filter != InstructionDocument.None && doc[filter].Kind == InstructionKind.Array)
        {
            fields = new List<string>();
            for (var item = doc[filter].FirstChild; item != InstructionDocument.None; item = doc[item].NextSibling)
            {
                if (doc[item].Kind == InstructionKind.String)
                {
                    fields.Add(doc[item].Text!);
                }
            }
        }

        return new UseShape(inputs, fields, Flag(doc, doc.Member(use, BundleSteps)), Flag(doc, doc.Member(use, GroupByOriginal)));
    }

    private static void AddSteps(InstructionDocument doc, int steps, List<UseInput> inputs)
    {
        if (steps == InstructionDocument.None)
        {
            return;
        }

        if (doc[steps].Kind == InstructionKind.String)
        {
            inputs.Add(new UseInput(doc[steps].Text!, null, null));
            return;
        }

        for (var item = doc[steps].FirstChild; item != InstructionDocument.None; item = doc[item].NextSibling)
        {
            if (doc[item].Kind == InstructionKind.String)
            {
                inputs.Add(new UseInput(doc[item].Text!, null, null));
            }
            else if (doc[item].Kind == InstructionKind.Object && Text(doc, doc.Member(item, Name)) is { } name)
            {
                inputs.Add(new UseInput(name, Text(doc, doc.Member(item, As)), Text(doc, doc.Member(item, Fields))));
            }
        }
    }

    private static string? Text(InstructionDocument doc, int node) =>
        node != InstructionDocument.None && doc[node].Kind == InstructionKind.String ? doc[node].Text : null;

    private static bool Flag(InstructionDocument doc, int node) =>
        node != InstructionDocument.None && doc[node].Kind == InstructionKind.Boolean && doc[node].Boolean;
}
