using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using ImageSdk.Validation.Engine;

namespace ImageSdk;

/// <summary>One input of a step: a step name, the role its files play, and an upload field filter.</summary>
/// <param name="Name">The step whose files are taken, or <c>:original</c> for the uploads.</param>
/// <param name="As">The role of the files for the robot, e.g. <c>image</c> or <c>mask</c>.</param>
/// <param name="Fields">Only take files from this upload field.</param>
public readonly record struct StepInput(string Name, string? As = null, string? Fields = null);

/// <summary>The forms of the <c>use</c> parameter.</summary>
public enum StepUseForm
{
    /// <summary><c>"use": "step"</c>.</summary>
    Step,
    /// <summary><c>"use": ["a", "b"]</c>.</summary>
    Steps,
    /// <summary><c>"use": [{"name": "a", "as": "image"}]</c>.</summary>
    Inputs,
    /// <summary><c>"use": {"steps": ..., "bundle_steps": true}</c>.</summary>
    Bundle,
}

/// <summary>
/// The <c>use</c> parameter in its four forms: a step name, an array of step names, an array of
/// <see cref="StepInput"/>, or an object with <c>steps</c>, <c>bundle_steps</c>, <c>group_by_original</c> and <c>fields</c>.
/// </summary>
public sealed class StepUse
{
    private StepUse(StepUseForm form, IReadOnlyList<StepInput> inputs, StepUse? inner, bool? bundleSteps, bool? groupByOriginal, IReadOnlyList<string>? fields)
    {
        Form = form;
        Inputs = inputs;
        Inner = inner;
        BundleSteps = bundleSteps;
        GroupByOriginal = groupByOriginal;
        Fields = fields;
    }

    /// <summary>Which of the four forms this is.</summary>
    public StepUseForm Form { get; }

    /// <summary>The inputs, in order; for <see cref="StepUseForm.Bundle"/>, those of <see cref="Inner"/>.</summary>
    public IReadOnlyList<StepInput> Inputs { get; }

    /// <summary>For <see cref="StepUseForm.Bundle"/>: the <c>steps</c> value.</summary>
    public StepUse? Inner { get; }

    /// <summary>For <see cref="StepUseForm.Bundle"/>: <c>bundle_steps</c>.</summary>
    public bool? BundleSteps { get; }

    /// <summary>For <see cref="StepUseForm.Bundle"/>: <c>group_by_original</c>.</summary>
    public bool? GroupByOriginal { get; }

    /// <summary>For <see cref="StepUseForm.Bundle"/>: <c>fields</c>.</summary>
    public IReadOnlyList<string>? Fields { get; }

    /// <summary>The names of the steps this use references, in order.</summary>
    public IEnumerable<string> StepNames => Inputs.Select(static input => input.Name);

    /// <summary><c>"use": "name"</c>.</summary>
    /// <param name="name">The step name.</param>
    public static StepUse Step(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return new StepUse(StepUseForm.Step, [new StepInput(name)], null, null, null, null);
    }

    /// <summary><c>"use": ["a", "b"]</c>.</summary>
    /// <param name="names">The step names.</param>
    public static StepUse Steps(params string[] names)
    {
        ArgumentNullException.ThrowIfNull(names);
        return new StepUse(StepUseForm.Steps, names.Select(static name => new StepInput(name ?? throw new ArgumentNullException(nameof(names)))).ToArray(), null, null, null, null);
    }

    /// <summary><c>"use": [{"name": "a", "as": "image"}]</c>.</summary>
    /// <param name="inputs">The inputs.</param>
    public static StepUse Of(IEnumerable<StepInput> inputs) => Of(inputs?.ToArray() ?? throw new ArgumentNullException(nameof(inputs)));

    /// <summary><c>"use": [{"name": "a", "as": "image"}]</c>.</summary>
    /// <param name="inputs">The inputs.</param>
    public static StepUse Of(params StepInput[] inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var array = (StepInput[])inputs.Clone();
        foreach (var input in array)
        {
            ArgumentNullException.ThrowIfNull(input.Name, nameof(inputs));
        }

        return new StepUse(StepUseForm.Inputs, array, null, null, null, null);
    }

    /// <summary><c>"use": {"steps": ..., "bundle_steps": ..., "group_by_original": ..., "fields": [...]}</c>.</summary>
    /// <param name="steps">The <c>steps</c> value, in one of the three other forms.</param>
    /// <param name="bundleSteps">Run the robot once over all files of all steps.</param>
    /// <param name="groupByOriginal">Group the bundled files by the upload they derive from.</param>
    /// <param name="fields">Only take files from these upload fields.</param>
    public static StepUse Bundle(StepUse steps, bool? bundleSteps = true, bool? groupByOriginal = null, IEnumerable<string>? fields = null)
    {
        ArgumentNullException.ThrowIfNull(steps);
        if (steps.Form == StepUseForm.Bundle)
        {
            throw new ArgumentException("The steps of a bundle are a step name, step names or inputs, not another bundle.", nameof(steps));
        }

        return new StepUse(StepUseForm.Bundle, steps.Inputs, steps, bundleSteps, groupByOriginal, fields?.ToArray());
    }

    /// <summary>Writes the value as JSON.</summary>
    /// <param name="writer">The writer.</param>
    public void WriteTo(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        switch (Form)
        {
            case StepUseForm.Step:
                writer.WriteStringValue(Inputs[0].Name);
                break;
            case StepUseForm.Steps:
                writer.WriteStartArray();
                foreach (var input in Inputs)
                {
                    writer.WriteStringValue(input.Name);
                }

                writer.WriteEndArray();
                break;
            case StepUseForm.Inputs:
                writer.WriteStartArray();
                foreach (var input in Inputs)
                {
                    writer.WriteStartObject();
                    writer.WriteString(UseGrammar.Name, input.Name);
                    if (input.As is not null)
                    {
                        writer.WriteString(UseGrammar.As, input.As);
                    }

                    if (input.Fields is not null)
                    {
                        writer.WriteString(UseGrammar.Fields, input.Fields);
                    }

                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
                break;
            default:
                writer.WriteStartObject();
                writer.WritePropertyName(UseGrammar.Steps);
                Inner!.WriteTo(writer);
                if (BundleSteps is { } bundle)
                {
                    writer.WriteBoolean(UseGrammar.BundleSteps, bundle);
                }

                if (GroupByOriginal is { } group)
                {
                    writer.WriteBoolean(UseGrammar.GroupByOriginal, group);
                }

                if (Fields is not null)
                {
                    writer.WriteStartArray(UseGrammar.Fields);
                    foreach (var field in Fields)
                    {
                        writer.WriteStringValue(field);
                    }

                    writer.WriteEndArray();
                }

                writer.WriteEndObject();
                break;
        }
    }
}
