using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using ImageSdk.Tables;
using ImageSdk.Validation;

namespace ImageSdk.Running;

/// <summary>Where a step runs.</summary>
public enum StepLocation
{
    /// <summary>Here, by a local executor (<see cref="IStepExecutor"/>).</summary>
    Local,

    /// <summary>Here, by a local executor that calls an image provider's route (<see cref="StepPlan.Provider"/>).</summary>
    Provider,

    /// <summary>Only on Transloadit (<c>--remote transloadit</c>): no local executor runs the robot.</summary>
    RemoteOnly,

    /// <summary>On Transloadit, as every step of a remote run (<see cref="RunOptions.Remote"/>).</summary>
    Remote,

    /// <summary>Not run: a remote-only step left out by <see cref="RunOptions.LocalOnly"/>; its consumers get no files from it.</summary>
    Skipped,
}

/// <summary>One input file of a step's plan and the role it plays there.</summary>
/// <param name="Step">The step it comes from (<c>:original</c> for the uploads).</param>
/// <param name="File">Its file name.</param>
/// <param name="Field">Its upload field, if any.</param>
/// <param name="Role">The role it plays, e.g. <c>image</c>, <c>mask</c>, <c>style_reference</c>, or <c>passed</c> for a file passed on unchanged.</param>
public sealed record StepPlanInput(string Step, string File, string? Field, string Role);

/// <summary>What one step would do: where it runs, its route, its inputs, calls and outputs. Nothing is called to make it.</summary>
/// <param name="Step">The step name.</param>
/// <param name="Robot">The robot.</param>
/// <param name="Model">The catalog model, for <c>/image/generate</c>.</param>
/// <param name="Provider">The provider the step would call, or null when it calls none or none can serve it (see <see cref="Error"/>).</param>
/// <param name="ProviderModelId">The provider's model id.</param>
/// <param name="Invocations">How many times the step runs: once per input file, or once without <c>use</c>; null when it depends on another step's output.</param>
/// <param name="Calls">Provider calls (invocations times the calls num_outputs needs at the route's per-call maximum); null when unknown.</param>
/// <param name="Images">Output files; null when unknown.</param>
/// <param name="Error">Why the step cannot run, as <c>CODE: message</c>; a run fails the step with it.</param>
public sealed record StepPlan(string Step, string Robot, string? Model, string? Provider, string? ProviderModelId, int? Invocations, int? Calls, int? Images, string? Error)
{
    /// <summary>Where the step runs.</summary>
    public StepLocation Location { get; init; } = StepLocation.Local;

    /// <summary>The input files with their roles; null when they are another step's outputs, known once it has run.</summary>
    public IReadOnlyList<StepPlanInput>? Inputs { get; init; }

    /// <summary>Notices the run gives, e.g. an input that is not an image and is skipped.</summary>
    public IReadOnlyList<string> Notes { get; init; } = Array.Empty<string>();

    /// <summary>The executor's own data for running the plan; it is not part of the JSON.</summary>
    public object? Data { get; init; }

    /// <summary>The code of <see cref="Error"/>, and the message after it.</summary>
    internal (string Code, string Message)? Failure { get; init; }

    /// <summary>A plan of a step that runs here, with nothing known yet but where.</summary>
    /// <param name="context">The step.</param>
    public static StepPlan Local(StepContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new StepPlan(context.Step, context.Robot, null, null, null, null, null, null, null);
    }

    /// <summary>The plan of a step that cannot run: <paramref name="code"/> is the step's error in a run.</summary>
    /// <param name="context">The step.</param>
    /// <param name="code">The error code, e.g. <c>IMAGE_RESIZE_VALIDATION</c>.</param>
    /// <param name="message">What is wrong, and what is allowed.</param>
    public static StepPlan Failed(StepContext context, string code, string message) => Local(context).WithError(code, message);

    /// <summary>This plan with an error.</summary>
    internal StepPlan WithError(string code, string message) => this with { Error = $"{code}: {message}", Failure = (code, message) };

    internal void WriteTo(Utf8JsonWriter w)
    {
        w.WriteStartObject();
        w.WriteString("step", Step);
        w.WriteString("robot", Robot);
        w.WriteString("location", Location switch { StepLocation.Provider => "provider", StepLocation.RemoteOnly => "remote_only", StepLocation.Remote => "remote", StepLocation.Skipped => "skipped", _ => "local" });
        w.WriteString("model", Model);
        w.WriteString("provider", Provider);
        w.WriteString("provider_model", ProviderModelId);
        RunPlan.Number(w, "invocations", Invocations);
        RunPlan.Number(w, "calls", Calls);
        RunPlan.Number(w, "images", Images);
        if (Inputs is null)
        {
            w.WriteNull("inputs");
        }
        else
        {
            w.WriteStartArray("inputs");
            foreach (var input in Inputs)
            {
                w.WriteStartObject();
                w.WriteString("step", input.Step);
                w.WriteString("file", input.File);
                w.WriteString("field", input.Field);
                w.WriteString("role", input.Role);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        w.WriteStartArray("notes");
        foreach (var note in Notes)
        {
            w.WriteStringValue(note);
        }

        w.WriteEndArray();
        w.WriteString("error", Error);
        w.WriteEndObject();
    }
}

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
                step.WriteTo(w);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    internal static void Number(Utf8JsonWriter w, string name, int? value)
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

    /// <summary>
    /// Plans a run the way <see cref="AssemblyRunner.RunAsync(ReadOnlyMemory{byte}, IReadOnlyList{RunUpload}, RunOptions?, IProgress{RunProgress}?, System.Threading.CancellationToken)"/>
    /// would run it, calling nothing: each step's plan is its executor's <see cref="IStepExecutor.Plan"/>, the one the run
    /// runs from; a robot without an executor is remote-only.
    /// </summary>
    internal static RunPlan Make(ProviderRouter router, IReadOnlyDictionary<string, IStepExecutor> executors, ReadOnlySpan<byte> instructions, IReadOnlyList<RunUpload> uploads, RunOptions options)
    {
        var read = RunInstructions.Read(instructions, options, "dry-run");
        if (read.Instructions is not { } run)
        {
            return new RunPlan(read.Validation, []);
        }

        var sources = new List<SourceFile>();
        try
        {
            IReadOnlyList<ResultFile> files;
            try
            {
                files = UploadFiles.Read(uploads, options, sources.Add);
            }
            catch (StepException ex)
            {
                var plan = new StepPlan(UploadHandleStep.RequiredStepName, UploadHandleStep.RobotName, null, null, null, null, null, null, null).WithError(ex.Code, ex.Message);
                return new RunPlan(read.Validation, [plan]);
            }

            var providers = router.For(options.Provider);
            var unknown = router.UnknownProvider(options.Provider);
            var steps = new List<StepPlan>();
            foreach (var step in run.Steps)
            {
                var inputs = step.Inputs.Select(i => new StepInputFiles(i.Step, i.Role, run.Steps.Any(s => s.Name == i.Step && s.Robot != UploadHandleStep.RobotName) ? null : UploadFiles.Narrow(files, i))).ToList();
                var context = new StepContext(step, inputs, files, providers, options, run: null);
                steps.Add(PlanStep(executors, context, unknown));
            }

            return new RunPlan(read.Validation, steps);
        }
        finally
        {
            sources.ForEach(s => s.Dispose());
        }
    }

    /// <summary>
    /// The plan of one step, in a dry run and in a run alike: its executor's, or, for a robot without one, remote-only
    /// (skipped under <see cref="RunOptions.LocalOnly"/>).
    /// </summary>
    internal static StepPlan PlanStep(IReadOnlyDictionary<string, IStepExecutor> executors, StepContext context, string? unknownProvider)
    {
        if (!executors.TryGetValue(context.Robot, out var executor))
        {
            var remote = StepPlan.Local(context);
            return context.Options.LocalOnly
                ? remote with { Location = StepLocation.Skipped, Images = 0, Notes = [$"step '{context.Step}': {context.Robot} runs only on Transloadit; skipped (--local-only), so the steps that use it get no files from it"] }
                : (remote with { Location = StepLocation.RemoteOnly }).WithError(RemoteOnlyCode, RemoteOnlyMessage(context.Step, context.Robot));
        }

        if (unknownProvider is not null && context.Robot == ImageGenerateStep.RobotName)
        {
            return StepPlan.Failed(context, "PROVIDER_NOT_AVAILABLE", unknownProvider);
        }

        if (context.Instructions.UnsupportedVariables.Count > 0)
        {
            return StepPlan.Failed(context, "ASSEMBLY_VARIABLE_UNSUPPORTED", $"{string.Join(", ", context.Instructions.UnsupportedVariables)} cannot be filled in a local run, which fills ${{fields.NAME}} and ${{assembly.id}}; give the value as a field, or run the assembly on Transloadit");
        }

        try
        {
            return executor.Plan(context) ?? StepPlan.Local(context);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            var failure = StepException.From(ex);
            return StepPlan.Failed(context, failure.Code, failure.Message);
        }
    }

    /// <summary>The error of a step whose robot has no local executor.</summary>
    internal const string RemoteOnlyCode = "ROBOT_REMOTE_ONLY";

    /// <summary>What a local run says about a remote-only step.</summary>
    internal static string RemoteOnlyMessage(string step, string robot) =>
        $"step '{Printable.Escape(step)}': {robot} has no local executor and runs only on Transloadit; run the assembly with --remote transloadit (RunOptions.Remote), or with --local-only (RunOptions.LocalOnly) to run only the local steps";
}
