using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using ImageSdk.Imaging;
using ImageSdk.Providers;
using ImageSdk.Tables;
using Parameter = ImageSdk.ImageGenerateStep.ParameterNames;

namespace ImageSdk.Running;

/// <summary>
/// The plan of one <c>/image/generate</c> step, which its run runs from: the model, the route, the format, num_outputs
/// checked, and the inputs with their roles (<see cref="GenerateInputs"/>). A dry run shows the same plan.
/// </summary>
internal sealed record GenerationPlan(ModelSpec Model, IImageProvider Provider, ProviderRoute? Route, string Format, string Prompt, string? Style, int Count, int PerCall, GenerateInputs Inputs)
{
    public string ProviderModelId => Route?.ModelId ?? Model.Id;

    /// <summary>How many times the step runs: once per image, once over a bundle or for text-to-image, never when its use gave it nothing; null when its inputs are not known yet.</summary>
    public int? Invocations => !Inputs.Known ? null : Inputs.MakesNothing ? 0 : Inputs.Images.Count == 0 || Inputs.Bundled ? 1 : Inputs.Images.Count;

    /// <summary>Plans the step; an error plan when it cannot run.</summary>
    public static StepPlan Make(StepContext context)
    {
        var step = context.Instructions;
        var requestedModel = step.Text(Parameter.Model);
        var model = SchemaTables.FindModel(requestedModel ?? SchemaTables.DefaultModel ?? string.Empty);
        if (model is null)
        {
            return StepPlan.Failed(context, "MODEL_NOT_AVAILABLE", $"the model '{Printable.Escape(requestedModel ?? string.Empty)}' is not in the catalog, and only catalog models can run here") with { Model = requestedModel };
        }

        var provider = context.Providers.Choose(model, step.Text(Parameter.Provider));
        var route = model.Providers.FirstOrDefault(r => r.Provider == provider.Name);
        var located = StepPlan.Local(context) with { Model = model.Id, Provider = provider.Name, ProviderModelId = route?.ModelId ?? model.Id, Location = StepLocation.Provider };
        var capabilities = model.Capabilities;
        var format = ImageFormats.Canonical(step.Text(Parameter.Format) ?? capabilities.DefaultFormat);
        if (!capabilities.Formats.Contains(format))
        {
            return located.WithError(ValidationCode, $"the format '{Printable.Escape(format)}' is not one {model.Id} delivers: {string.Join(", ", capabilities.Formats)}");
        }

        if (step.Text(Parameter.Prompt) is not { } prompt)
        {
            return located.WithError(ValidationCode, "the prompt is missing");
        }

        // A route with its own styles gets one of them (the listed style the name ends in), or the step stops before any paid call.
        var notes = new List<string>();
        var style = step.Text(Parameter.Style);
        if (style is { Length: > 0 } asked && route?.Native is { } styled)
        {
            var forSvg = format == "svg" ? " for svg" : string.Empty;
            style = styled.StyleFor(asked, format);
            if (style is null)
            {
                return located.WithError(ValidationCode, $"{provider.Name} ({(format == "svg" ? styled.SvgModelId ?? located.ProviderModelId : located.ProviderModelId)}) takes no style '{Printable.Escape(asked)}'{forSvg}; its styles: {string.Join(", ", styled.StylesFor(format))}");
            }

            if (style != asked)
            {
                notes.Add($"step '{context.Step}': {provider.Name} takes no style '{Printable.Escape(asked)}'{forSvg} for {model.Id}; '{style}' was sent");
            }
        }

        // Transloadit takes num_outputs in a string unchecked ("11", "2.5"): the validator warned (IMG1309), the plan says no.
        var numOutputs = SchemaTables.FindRobot(ImageGenerateStep.RobotName)!.FindParameter(Parameter.NumOutputs);
        var (minOutputs, maxOutputs) = ((long)(numOutputs?.Minimum ?? 1), (long)(numOutputs?.Maximum ?? 10));
        var requested = step.Number(Parameter.NumOutputs) ?? 1;
        if (requested != Math.Floor(requested) || requested < minOutputs || requested > maxOutputs)
        {
            return located.WithError(ValidationCode, $"num_outputs is {requested.ToString(CultureInfo.InvariantCulture)}; it must be an integer from {minOutputs} to {maxOutputs}");
        }

        var inputs = GenerateInputs.Select(context, capabilities);
        notes.AddRange(inputs.Notes);
        if (route?.Native is { Seed: false } && step.Integer(Parameter.Seed, out _) is not null)
        {
            notes.Add($"step '{context.Step}': {provider.Name} takes no seed for {model.Id}, so the seed was not used; each file's meta.seed is null");
        }

        located = located with { Inputs = inputs.Known ? inputs.Planned : null, Notes = notes };
        if (inputs.Known && inputs.Images.Count == 0 && inputs.Masks.Count > 0)
        {
            return located.WithError(ValidationCode, "a mask was given but no image to inpaint");
        }

        var count = (int)requested;
        var perCall = Math.Max(1, route?.Native?.MaxOutputsPerCall ?? capabilities.MaxOutputsPerCall);
        var plan = new GenerationPlan(model, provider, route, format, prompt, style, count, perCall, inputs);
        var invocations = plan.Invocations;
        return located with
        {
            Invocations = invocations,
            Calls = invocations * ((count + perCall - 1) / perCall),
            Images = invocations * count,
            Data = plan,
        };
    }

    /// <summary>The error code of a step whose parameters cannot run as given.</summary>
    public const string ValidationCode = "IMAGE_GENERATE_VALIDATION";
}
