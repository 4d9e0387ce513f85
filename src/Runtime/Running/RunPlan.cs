using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using ImageSdk.Providers;
using ImageSdk.Tables;
using ImageSdk.Validation;
using Parameter = ImageSdk.ImageGenerateStep.ParameterNames;

namespace ImageSdk.Running;

/// <summary>What one step would do: its route, its calls and its images. Nothing is called to make it.</summary>
/// <param name="Step">The step name.</param>
/// <param name="Robot">The robot.</param>
/// <param name="Model">The catalog model, for <c>/image/generate</c>.</param>
/// <param name="Provider">The provider the step would call, or null when none can serve it (see <see cref="Error"/>).</param>
/// <param name="ProviderModelId">The provider's model id.</param>
/// <param name="Invocations">How many times the step runs: once per input file, or once without <c>use</c>; null when it depends on another step's output.</param>
/// <param name="Calls">Provider calls (invocations times the calls num_outputs needs at the route's per-call maximum); null when unknown.</param>
/// <param name="Images">Images written; null when unknown.</param>
/// <param name="Error">Why the step cannot run, e.g. a named provider without credentials.</param>
public sealed record StepPlan(string Step, string Robot, string? Model, string? Provider, string? ProviderModelId, int? Invocations, int? Calls, int? Images, string? Error);

/// <summary>The plan of a run (<c>imagesdk run --dry-run</c>): the validator's verdict and each step's plan.</summary>
/// <param name="Validation">The validator's findings; an invalid assembly has no step plans.</param>
/// <param name="Steps">The steps, in order.</param>
public sealed record RunPlan(ValidationResult Validation, IReadOnlyList<StepPlan> Steps)
{
    /// <summary>Whether the assembly would start and every step has a route.</summary>
    public bool CanRun => Validation.IsValid && Steps.All(s => s.Error is null);

    /// <summary>The plan as indented JSON.</summary>
    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteBoolean("valid", Validation.IsValid);
            w.WriteBoolean("can_run", CanRun);
            w.WriteStartArray("errors");
            foreach (var finding in Validation.Findings.Where(f => f.Severity == ValidationSeverity.Error))
            {
                w.WriteStringValue($"{finding.Code} {finding.Path}: {finding.Message}");
            }

            w.WriteEndArray();
            w.WriteStartArray("steps");
            foreach (var step in Steps)
            {
                w.WriteStartObject();
                w.WriteString("step", step.Step);
                w.WriteString("robot", step.Robot);
                w.WriteString("model", step.Model);
                w.WriteString("provider", step.Provider);
                w.WriteString("provider_model", step.ProviderModelId);
                Number(w, "invocations", step.Invocations);
                Number(w, "calls", step.Calls);
                Number(w, "images", step.Images);
                w.WriteString("error", step.Error);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void Number(Utf8JsonWriter w, string name, int? value)
    {
        if (value is { } v)
        {
            w.WriteNumber(name, v);
        }
        else
        {
            w.WriteNull(name);
        }
    }

    /// <summary>Plans a run the way <see cref="AssemblyRunner.RunAsync(ReadOnlyMemory{byte}, IReadOnlyList{RunUpload}, RunOptions?, IProgress{RunProgress}?, System.Threading.CancellationToken)"/> would run it, calling nothing.</summary>
    internal static RunPlan Make(AssemblyRunner runner, ReadOnlySpan<byte> instructions, IReadOnlyList<RunUpload> uploads, RunOptions options)
    {
        var read = RunInstructions.Read(instructions, options, "dry-run");
        if (read.Instructions is not { } run)
        {
            return new RunPlan(read.Validation, []);
        }

        var unknown = runner.UnknownProvider(options.Provider);

        var steps = new List<StepPlan>();
        foreach (var step in run.Steps)
        {
            if (step.Robot != ImageGenerateStep.RobotName)
            {
                steps.Add(new StepPlan(step.Name, step.Robot, null, null, null, null, null, null, null));
                continue;
            }

            var model = SchemaTables.FindModel(step.Text(Parameter.Model) ?? SchemaTables.DefaultModel ?? string.Empty);
            if (model is null)
            {
                steps.Add(new StepPlan(step.Name, step.Robot, step.Text(Parameter.Model), null, null, null, null, null, "MODEL_NOT_AVAILABLE: the model is not in the catalog"));
                continue;
            }

            if (unknown is not null)
            {
                steps.Add(new StepPlan(step.Name, step.Robot, model.Id, null, null, null, null, null, "PROVIDER_NOT_AVAILABLE: " + unknown));
                continue;
            }

            IImageProvider provider;
            try
            {
                provider = runner.ChooseProvider(model, step.Text(Parameter.Provider), options.Provider);
            }
            catch (StepException ex)
            {
                steps.Add(new StepPlan(step.Name, step.Robot, model.Id, null, null, null, null, null, $"{ex.Code}: {ex.Message}"));
                continue;
            }

            var route = model.Providers.FirstOrDefault(r => r.Provider == provider.Name);
            var count = (int)Math.Clamp(step.Integer(Parameter.NumOutputs, out _) ?? 1, 1, 10);
            var perCall = Math.Max(1, route?.Native?.MaxOutputsPerCall ?? model.Capabilities.MaxOutputsPerCall);
            // Inputs are known before the run only when every one is an upload (a step's output is known after it runs).
            int? invocations = null;
            if (!step.HasUse)
            {
                invocations = 1;
            }
            else if (step.Inputs.All(i => i.Step == UploadHandleStep.RequiredStepName))
            {
                var images = uploads.Count(u => IsImageInput(step, u));
                invocations = step.BundlesSteps ? Math.Min(1, images) : images;
            }

            steps.Add(new StepPlan(
                step.Name,
                step.Robot,
                model.Id,
                provider.Name,
                route?.ModelId ?? model.Id,
                invocations,
                invocations * ((count + perCall - 1) / perCall),
                invocations * count,
                null));
        }

        return new RunPlan(read.Validation, steps);
    }

    /// <summary>Whether an upload is an image input of the step (a mask alone makes no invocation).</summary>
    private static bool IsImageInput(StepInstructions step, RunUpload upload) =>
        step.Inputs.Any(i => (i.Role ?? upload.Field) != "mask" && (i.Fields is null || i.Fields.Contains(upload.Field)));
}
