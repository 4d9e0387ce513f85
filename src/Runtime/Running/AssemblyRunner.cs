using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using ImageSdk.Providers;
using ImageSdk.Tables;
using ImageSdk.Validation;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ImageSdk.Running;

/// <summary>
/// Runs assembly instructions: validates them (an invalid assembly never starts), fills in <c>${fields...}</c>, runs the
/// steps as a DAG (independent steps in parallel, each provider within its concurrency limit, <c>queue: batch</c> steps
/// behind the others), and returns a Transloadit-shaped result. Whatever the validator accepts ends in a result: any
/// failure inside a step is that step's error. Files are written atomically under <c>DIR/STEP/</c>, never outside
/// <c>DIR</c> and never over an existing file (see <see cref="RunOptions.OutputDirectory"/>).
/// </summary>
public sealed class AssemblyRunner
{
    private readonly ProviderRouter _router;
    private readonly IReadOnlyDictionary<string, IStepExecutor> _executors;
    private Remote.TransloaditClient? _transloadit;

    /// <summary>Creates a runner over <paramref name="providers"/>; the offline renderer is always among them.</summary>
    /// <param name="providers">The providers; null for the offline renderer only.</param>
    /// <param name="logger">Where to log; API keys never reach it.</param>
    /// <param name="transloadit">The Transloadit client for <see cref="RunOptions.Remote"/> runs; one with a plain HttpClient and the environment's credentials when null.</param>
    public AssemblyRunner(IEnumerable<IImageProvider>? providers = null, ILogger<AssemblyRunner>? logger = null, Remote.TransloaditClient? transloadit = null)
        : this(providers, executors: null, logger, transloadit)
    {
    }

    /// <summary>
    /// Creates a runner over <paramref name="providers"/> and <paramref name="executors"/>: the robots they run run here,
    /// every other robot only on Transloadit. The built-in executors are always among them; one of yours for the same robot
    /// takes its place.
    /// </summary>
    /// <param name="providers">The providers; null for the offline renderer only.</param>
    /// <param name="executors">Step executors of your own; null for the built-in ones only.</param>
    /// <param name="logger">Where to log; API keys never reach it.</param>
    /// <param name="transloadit">The Transloadit client for <see cref="RunOptions.Remote"/> runs; one with a plain HttpClient and the environment's credentials when null.</param>
    public AssemblyRunner(IEnumerable<IImageProvider>? providers, IEnumerable<IStepExecutor>? executors, ILogger<AssemblyRunner>? logger = null, Remote.TransloaditClient? transloadit = null)
    {
        _transloadit = transloadit;
        Logger = logger ?? (ILogger)NullLogger.Instance;
        _router = new ProviderRouter(providers, Logger);
        var all = new Dictionary<string, IStepExecutor>(StringComparer.Ordinal);
        foreach (var executor in BuiltInExecutors())
        {
            all[executor.Robot] = executor;
        }

        // The user's own come after the built-in ones and win: the last registered for a robot is the one that runs it.
        foreach (var executor in (executors ?? Enumerable.Empty<IStepExecutor>()).Where(e => !IsBuiltIn(e)))
        {
            all[executor.Robot ?? throw new ArgumentException("an executor has no Robot", nameof(executors))] = executor;
        }

        _executors = all;
        _ownRobots = all.Values.Select(e => e.Schema).OfType<RobotSpec>().Where(spec => SchemaTables.FindRobot(spec.Name) is null).ToList();
    }

    /// <summary>The robots of the user's own schemas that executors run, validated like the schema's.</summary>
    private readonly IReadOnlyList<RobotSpec> _ownRobots;

    /// <summary>The options with the executors' own robots among those the validator knows.</summary>
    private RunOptions WithOwnRobots(RunOptions options) =>
        _ownRobots.Count == 0 ? options : options with { Validation = options.Validation with { Robots = options.Validation.Robots.Concat(_ownRobots.Except(options.Validation.Robots)).ToList() } };

    /// <summary>The executors the SDK brings: the robots that run here without any registration.</summary>
    internal static IEnumerable<IStepExecutor> BuiltInExecutors() => [new UploadHandleExecutor(), new ImageGenerateExecutor(), new ImageResizeExecutor(), new ImageOptimizeExecutor(), new FileFilterExecutor()];

    /// <summary>The robots this runner runs here; every other robot runs only on Transloadit.</summary>
    public IReadOnlyCollection<string> LocalRobots => _executors.Keys.ToList();

    private static bool IsBuiltIn(IStepExecutor executor) => executor.GetType().Assembly == typeof(AssemblyRunner).Assembly;

    /// <summary>Runs the assembly a builder describes (see the other overload).</summary>
    /// <param name="assembly">The assembly.</param>
    /// <param name="uploads">The uploaded files; none when null.</param>
    /// <param name="options">How to run; defaults when null.</param>
    /// <param name="progress">Receives progress events.</param>
    /// <param name="cancellationToken">Cancels the run; no partial file is left behind.</param>
    public Task<AssemblyResult> RunAsync(
        AssemblyBuilder assembly,
        IReadOnlyList<RunUpload>? uploads = null,
        RunOptions? options = null,
        IProgress<RunProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        return RunAsync(assembly.ToUtf8Bytes(), uploads ?? Array.Empty<RunUpload>(), options, progress, cancellationToken);
    }

    /// <summary>
    /// Whether a step whose model has no configured provider falls back to the offline renderer (placeholder pictures, the
    /// result marked <see cref="AssemblyResult.Offline"/>). The default is true. When false, such a step fails with
    /// <c>PROVIDER_NOT_CONFIGURED</c>, naming the keys to set; a step that names <c>offline</c> still runs offline.
    /// </summary>
    public bool AllowOfflineFallback
    {
        get => _router.AllowOfflineFallback;
        init => _router.AllowOfflineFallback = value;
    }

    /// <summary>Runs assembly instructions given as JSON text (see the overload over UTF-8 bytes).</summary>
    /// <param name="instructions">Assembly JSON: <c>{"steps": {...}}</c>.</param>
    /// <param name="uploads">The uploaded files; none when null.</param>
    /// <param name="options">How to run; defaults when null.</param>
    /// <param name="progress">Receives progress events.</param>
    /// <param name="cancellationToken">Cancels the run; no partial file is left behind.</param>
    /// <exception cref="AssemblyCanceledException">The run was cancelled; its result lists what finished.</exception>
    public Task<AssemblyResult> RunAsync(
        string instructions,
        IReadOnlyList<RunUpload>? uploads = null,
        RunOptions? options = null,
        IProgress<RunProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(instructions);
        return RunAsync(System.Text.Encoding.UTF8.GetBytes(instructions), uploads ?? Array.Empty<RunUpload>(), options, progress, cancellationToken);
    }

    /// <summary>Runs the instructions with the given uploads.</summary>
    /// <param name="instructions">Assembly JSON, UTF-8.</param>
    /// <param name="uploads">The uploaded files.</param>
    /// <param name="options">How to run; defaults when null.</param>
    /// <param name="progress">Receives progress events.</param>
    /// <param name="cancellationToken">Cancels the run; no partial file is left behind.</param>
    /// <exception cref="AssemblyCanceledException">The run was cancelled; its result lists what finished.</exception>
    public async Task<AssemblyResult> RunAsync(
        ReadOnlyMemory<byte> instructions,
        IReadOnlyList<RunUpload> uploads,
        RunOptions? options = null,
        IProgress<RunProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(uploads);
        options = WithOwnRobots(options ?? new RunOptions());
        if (options.InMemory || uploads.Any(u => u.Bytes is not null || u.Stream is not null))
        {
            return await RunStagedAsync(instructions, uploads, options, progress, cancellationToken).ConfigureAwait(false);
        }

        if (options.Remote is { } remote)
        {
            if (remote != "transloadit")
            {
                return new AssemblyResult { AssemblyId = string.Empty, Error = "REMOTE_NOT_SUPPORTED", Message = $"remote '{Printable.Escape(remote)}' is not supported; use transloadit" };
            }

            _transloadit ??= new Remote.TransloaditClient(new System.Net.Http.HttpClient(), new Remote.TransloaditOptions());
            return await Remote.TransloaditExecution.RunAsync(_transloadit, instructions, uploads, options, progress, cancellationToken).ConfigureAwait(false);
        }

        var assemblyId = Guid.NewGuid().ToString("N");
        if (_router.UnknownProvider(options.Provider) is { } unknown)
        {
            return new AssemblyResult { AssemblyId = assemblyId, Error = "PROVIDER_NOT_AVAILABLE", Message = unknown };
        }

        var read = RunInstructions.Read(instructions.Span, options, assemblyId);
        if (read.Instructions is not { } run)
        {
            return new AssemblyResult { AssemblyId = assemblyId, Error = read.Error, Message = read.Message ?? string.Empty, Findings = read.Validation.Findings };
        }

        if (!options.LocalOnly && RemoteOnly(run, instructions.Span) is { Count: > 0 } remoteOnly)
        {
            // Refused before any step runs, so before any provider call is paid for.
            return new AssemblyResult
            {
                AssemblyId = assemblyId,
                Error = RunPlan.RemoteOnlyCode,
                Message = $"{remoteOnly.Count} step(s) run only on Transloadit, so nothing ran; run the assembly with --remote transloadit (RunOptions.Remote), or with --local-only (RunOptions.LocalOnly) to run only the local steps.",
                Findings = remoteOnly,
            };
        }

        OutputFolder output;
        try
        {
            output = new OutputFolder(options.OutputDirectory, run.Steps.Select(s => s.Name));
        }
        catch (Exception ex) when (ex is ArgumentException or IOException or NotSupportedException or System.Security.SecurityException)
        {
            return new AssemblyResult { AssemblyId = assemblyId, Error = "OUTPUT_DIRECTORY_INVALID", Message = Printable.Escape(ex.Message) };
        }

        using var activity = ImageSdkTelemetry.ActivitySource.StartActivity("imagesdk.assembly");
        activity?.SetTag("imagesdk.assembly_id", assemblyId);
        activity?.SetTag("imagesdk.steps", run.Steps.Count);
        using var execution = new AssemblyExecution(_router, _executors, run, output, options, progress, assemblyId, cancellationToken);
        var result = await execution.ExecuteAsync(uploads).ConfigureAwait(false);
        activity?.SetTag("imagesdk.ok", result.Ok ?? result.Error);
        if (!result.Completed)
        {
            activity?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, result.Error);
        }

        return result;
    }

    /// <summary>
    /// What a run would do, calling nothing (<c>imagesdk run --dry-run</c>): the validator's verdict, and per step the
    /// route chosen, the provider calls and the images.
    /// </summary>
    /// <param name="instructions">Assembly JSON, UTF-8.</param>
    /// <param name="uploads">The uploads the run would get.</param>
    /// <param name="options">How it would run.</param>
    public RunPlan Plan(ReadOnlyMemory<byte> instructions, IReadOnlyList<RunUpload> uploads, RunOptions? options = null) =>
        RunPlan.Make(_router, _executors, instructions.Span, uploads ?? throw new ArgumentNullException(nameof(uploads)), WithOwnRobots(options ?? new RunOptions()));

    /// <summary>What a run of the assembly a builder describes would do, calling nothing (see the other overload).</summary>
    /// <param name="assembly">The assembly.</param>
    /// <param name="uploads">The uploads the run would get; none when null.</param>
    /// <param name="options">How it would run.</param>
    public RunPlan Plan(AssemblyBuilder assembly, IReadOnlyList<RunUpload>? uploads = null, RunOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        return Plan(assembly.ToUtf8Bytes(), uploads ?? Array.Empty<RunUpload>(), options);
    }

    /// <summary>What a run of assembly instructions given as JSON text would do, calling nothing (see the other overload).</summary>
    /// <param name="instructions">Assembly JSON: <c>{"steps": {...}}</c>.</param>
    /// <param name="uploads">The uploads the run would get; none when null.</param>
    /// <param name="options">How it would run.</param>
    public RunPlan Plan(string instructions, IReadOnlyList<RunUpload>? uploads = null, RunOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(instructions);
        return Plan(System.Text.Encoding.UTF8.GetBytes(instructions), uploads ?? Array.Empty<RunUpload>(), options);
    }

    /// <summary>Where to log; API keys never reach it.</summary>
    internal ILogger Logger { get; }

    /// <summary>
    /// A run with uploads from memory or streams, or results held in memory: they are staged in a private temporary folder
    /// (uploads written there within <see cref="RunOptions.MaxUploadBytes"/>, outputs read back), which is removed after.
    /// </summary>
    private async Task<AssemblyResult> RunStagedAsync(ReadOnlyMemory<byte> instructions, IReadOnlyList<RunUpload> uploads, RunOptions options, IProgress<RunProgress>? progress, CancellationToken cancellationToken)
    {
        var staging = Directory.CreateTempSubdirectory("imagesdk-run-").FullName;
        try
        {
            var staged = new List<RunUpload>(uploads.Count);
            for (var i = 0; i < uploads.Count; i++)
            {
                var upload = uploads[i];
                if (upload.Bytes is null && upload.Stream is null)
                {
                    staged.Add(upload);
                    continue;
                }

                var folder = Directory.CreateDirectory(Path.Combine(staging, "uploads", i.ToString(System.Globalization.CultureInfo.InvariantCulture))).FullName;
                var path = Path.Combine(folder, SafeFileName.From(Path.GetFileName(upload.Path)));
                await using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
                {
                    if (upload.Bytes is { } bytes)
                    {
                        await file.WriteAsync(bytes.Length > options.MaxUploadBytes ? bytes[..(int)Math.Min(int.MaxValue, options.MaxUploadBytes + 1)] : bytes, cancellationToken).ConfigureAwait(false);
                    }
                    else
                    {
                        // One byte over the limit is enough for the upload check to refuse it with its usual error.
                        var buffer = new byte[81920];
                        long total = 0;
                        int read;
                        while (total <= options.MaxUploadBytes && (read = await upload.Stream!.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                        {
                            await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                            total += read;
                        }
                    }
                }

                staged.Add(new RunUpload(upload.Field, path));
            }

            var output = options.InMemory ? Path.Combine(staging, "out") : options.OutputDirectory;
            var result = await RunAsync(instructions, staged, options with { OutputDirectory = output, InMemory = false }, progress, cancellationToken).ConfigureAwait(false);
            foreach (var upload in result.Uploads.Where(u => u.Path?.StartsWith(staging, StringComparison.Ordinal) == true))
            {
                upload.Path = null; // it came from memory, and the staging folder goes away
            }

            if (options.InMemory)
            {
                foreach (var file in result.Results.Values.SelectMany(files => files))
                {
                    if (file.Path is { } written && File.Exists(written))
                    {
                        file.Content = await File.ReadAllBytesAsync(written, cancellationToken).ConfigureAwait(false);
                    }

                    file.Path = null; // the staging folder goes away
                }
            }

            return result;
        }
        finally
        {
            try
            {
                Directory.Delete(staging, recursive: true);
            }
            catch (IOException)
            {
                // A file still open elsewhere; the temporary folder is the system's to clean.
            }
        }
    }

    /// <summary>One finding per step whose robot has no local executor, at the step: it runs only on Transloadit.</summary>
    private List<ValidationFinding> RemoteOnly(RunInstructions run, ReadOnlySpan<byte> utf8)
    {
        var findings = new List<ValidationFinding>();
        foreach (var step in run.Steps.Where(s => !_executors.ContainsKey(s.Robot)))
        {
            var (line, column) = step.Position(utf8);
            findings.Add(new ValidationFinding(RunPlan.RemoteOnlyCode, ValidationSeverity.Error, step.Pointer, line, column, RunPlan.RemoteOnlyMessage(step.Name, step.Robot), null));
        }

        return findings;
    }
}
