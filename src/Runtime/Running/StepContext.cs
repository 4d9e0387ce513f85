using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using ImageSdk.Imaging;

namespace ImageSdk.Running;

/// <summary>
/// The files one entry of a step's <c>use</c> gives it: the step they come from, the role they play (<c>as</c>), and the
/// files (already narrowed to the entry's upload <c>fields</c>).
/// </summary>
/// <param name="Step">The step the files come from; <c>:original</c> for the uploads.</param>
/// <param name="Role">The role the entry gives them (<c>as</c>), or null.</param>
/// <param name="Files">The files; null in a dry run when they are another step's outputs, which exist only once it has run.</param>
public sealed record StepInputFiles(string Step, string? Role, IReadOnlyList<ResultFile>? Files);

/// <summary>
/// What a step executor is given, both to plan a step (<see cref="IStepExecutor.Plan"/>) and to run that plan
/// (<see cref="IStepExecutor.ExecuteAsync"/>): the step's parameters (validated, with their variables filled in), its
/// inputs, the providers, and, in a run, where its files go, its notices and its progress.
/// </summary>
public sealed class StepContext
{
    private readonly RunContext? _run;

    internal StepContext(StepInstructions step, IReadOnlyList<StepInputFiles> inputs, IReadOnlyList<ResultFile> uploads, IProviderRouter providers, RunOptions options, RunContext? run)
    {
        Uploads = uploads;
        Instructions = step;
        Inputs = inputs;
        Providers = providers;
        Options = options;
        _run = run;
    }

    /// <summary>The step's name.</summary>
    public string Step => Instructions.Name;

    /// <summary>The step's robot, e.g. <c>/image/resize</c>.</summary>
    public string Robot => Instructions.Robot;

    /// <summary>Whether this is a dry run (<see cref="AssemblyRunner.Plan(string, IReadOnlyList{RunUpload}?, RunOptions?)"/>): plan only, write nothing, call nothing.</summary>
    public bool IsDryRun => _run is null;

    /// <summary>The inputs of <c>use</c>, in its order; none for a step without <c>use</c>.</summary>
    public IReadOnlyList<StepInputFiles> Inputs { get; }

    /// <summary>Whether the step has a <c>use</c> at all; a step whose <c>use</c> gives it no file makes none.</summary>
    public bool HasUse => Instructions.HasUse;

    /// <summary>Whether <c>use</c> is an object with <c>bundle_steps: true</c>: one invocation over all files.</summary>
    public bool BundlesSteps => Instructions.BundlesSteps;

    /// <summary>The providers: which serves a model, and calls within their limits.</summary>
    public IProviderRouter Providers { get; }

    /// <summary>The run's options and limits.</summary>
    public RunOptions Options { get; }

    /// <summary>Cancelled when the caller cancels or another step fails; none in a dry run.</summary>
    public CancellationToken CancellationToken => _run?.CancellationToken ?? CancellationToken.None;

    /// <summary>A string parameter, or null when absent or not a string.</summary>
    /// <param name="parameter">The parameter's JSON name (the generated <c>ParameterNames</c> of the robot's builder).</param>
    public string? GetString(string parameter) => Instructions.Text(parameter);

    /// <summary>An integer parameter (a number, or a string of digits, as Transloadit takes them), saturated instead of wrapping; null when absent.</summary>
    /// <param name="parameter">The parameter's JSON name.</param>
    public long? GetInteger(string parameter) => Instructions.Integer(parameter, out _);

    /// <summary>A number parameter (a number, or a number in a string), or null.</summary>
    /// <param name="parameter">The parameter's JSON name.</param>
    public double? GetNumber(string parameter) => Instructions.Number(parameter);

    /// <summary>A boolean parameter: true for <c>true</c> and <c>"true"</c>.</summary>
    /// <param name="parameter">The parameter's JSON name.</param>
    public bool GetBoolean(string parameter) => Instructions.Flag(parameter);

    /// <summary>A notice for the result's warnings (control characters escaped, secrets redacted, each said once); ignored in a dry run.</summary>
    /// <param name="message">The notice.</param>
    public void Warn(string message) => _run?.Warn(message);

    /// <summary>Reports the step's progress.</summary>
    /// <param name="done">Files made so far.</param>
    /// <param name="total">Files the step makes.</param>
    public void ReportProgress(int done, int total) => _run?.Report(new RunProgress(Step, "running", done, total));

    /// <summary>
    /// Writes one output file of the step under <c>DIR/STEP/</c> (atomically, never outside the output folder, never over
    /// another file) and returns it as a result file, measured when it is an image. Later steps read it by its path.
    /// </summary>
    /// <param name="fileName">The file name; it is made safe, and a name already taken gets <c>~2</c>, <c>~3</c>, ...</param>
    /// <param name="bytes">The contents.</param>
    /// <param name="from">The input file it was made from: its upload field and original id carry over.</param>
    /// <param name="meta">More metadata for the file; width, height and aspect ratio are measured.</param>
    /// <exception cref="InvalidOperationException">In a dry run, which writes nothing.</exception>
    public async Task<ResultFile> WriteFileAsync(string fileName, ReadOnlyMemory<byte> bytes, ResultFile? from = null, IReadOnlyDictionary<string, object?>? meta = null)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        var run = _run ?? throw new InvalidOperationException("a dry run writes no file");
        var path = await run.Output.WriteAsync(Step, fileName, bytes, run.CancellationToken).ConfigureAwait(false);
        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        string? type = null;
        var mime = "application/octet-stream";
        if (ImageOps.Probe(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(bytes, out var whole) && whole.Offset == 0 && whole.Count == whole.Array!.Length ? whole.Array : bytes.ToArray()) is { } header)
        {
            (type, mime) = ("image", header.Mime);
            RunContext.AddSize(values, header.Width, header.Height);
        }

        foreach (var (key, value) in meta ?? new Dictionary<string, object?>())
        {
            values[key] = value;
        }

        var name = Path.GetFileName(path);
        var file = new ResultFile
        {
            Id = RunContext.NewId(),
            Name = name,
            Basename = Path.GetFileNameWithoutExtension(name),
            Ext = Path.GetExtension(name).TrimStart('.').ToLowerInvariant(),
            Size = bytes.Length,
            Mime = mime,
            Type = type,
            Field = from?.Field,
            OriginalId = from?.OriginalId,
            Meta = values,
            Path = path,
            Source = run.Track(new SourceFile(path, name, mime)),
        };
        run.Written(Step, file);
        return file;
    }

    /// <summary>The uploads, the files of <c>:original</c>.</summary>
    internal IReadOnlyList<ResultFile> Uploads { get; }

    /// <summary>The step as the built-in executors read it.</summary>
    internal StepInstructions Instructions { get; }

    /// <summary>The run, for the built-in executors; null in a dry run.</summary>
    internal RunContext Run => _run ?? throw new InvalidOperationException("a dry run runs nothing");

    /// <summary>Every input file, in the order of <c>use</c>, with the input it came through.</summary>
    internal IEnumerable<(StepInputFiles Input, ResultFile File)> Files() =>
        Inputs.SelectMany(input => (input.Files ?? Array.Empty<ResultFile>()).Select(file => (input, file)));
}
