using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using ImageSdk.Providers;
using ImageSdk.Tables;
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
    private readonly IReadOnlyList<IImageProvider> _providers;
    private Remote.TransloaditClient? _transloadit;
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _limits = new(StringComparer.Ordinal);
    private readonly IReadOnlyDictionary<string, IStepExecutor> _executors = CreateExecutors().ToDictionary(e => e.Robot, StringComparer.Ordinal);

    /// <summary>
    /// The robots a local run executes: the executor registry's robots, in its order. Every other robot is remote-only (it
    /// runs on Transloadit, <c>imagesdk run --remote transloadit</c>). <c>imagesdk robots</c> shows this tier.
    /// </summary>
    internal static IReadOnlyList<string> LocalRobots { get; } = CreateExecutors().Select(e => e.Robot).ToArray();

    /// <summary>The executor registry: one executor per robot that runs locally.</summary>
    private static IStepExecutor[] CreateExecutors() => new IStepExecutor[] { new UploadHandleExecutor(), new ImageGenerateExecutor(), new ImageResizeExecutor(), new ImageOptimizeExecutor(), new FileFilterExecutor() };

    /// <summary>Creates a runner over <paramref name="providers"/>; the offline renderer is always among them.</summary>
    /// <param name="providers">The providers; null for the offline renderer only.</param>
    /// <param name="logger">Where to log; API keys never reach it.</param>
    /// <param name="transloadit">The Transloadit client for <see cref="RunOptions.Remote"/> runs; one with a plain HttpClient and the environment's credentials when null.</param>
    public AssemblyRunner(IEnumerable<IImageProvider>? providers = null, ILogger<AssemblyRunner>? logger = null, Remote.TransloaditClient? transloadit = null)
    {
        _transloadit = transloadit;
        var list = (providers ?? Enumerable.Empty<IImageProvider>()).ToList();
        if (!list.Any(p => p.Name == OfflineImageProvider.ProviderName))
        {
            list.Add(new OfflineImageProvider());
        }

        // A provider of the user's own under a name the SDK also registers (e.g. an IImageGenerator as "openai") wins over
        // the built-in one, whatever the registration order: it comes first, and the first of a name is the one chosen.
        _providers = list.OrderBy(p => IsBuiltIn(p) ? 1 : 0).ToList();
        Logger = logger ?? (ILogger)NullLogger.Instance;
    }

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
    public bool AllowOfflineFallback { get; init; } = true;

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
        options ??= new RunOptions();
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
        if (UnknownProvider(options.Provider) is { } unknown)
        {
            return new AssemblyResult { AssemblyId = assemblyId, Error = "PROVIDER_NOT_AVAILABLE", Message = unknown };
        }

        var read = RunInstructions.Read(instructions.Span, options, assemblyId);
        if (read.Instructions is not { } run)
        {
            return new AssemblyResult { AssemblyId = assemblyId, Error = read.Error, Message = read.Message ?? string.Empty, Findings = read.Validation.Findings };
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
        using var execution = new AssemblyExecution(this, _executors, run, output, options, progress, assemblyId, cancellationToken);
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
        RunPlan.Make(this, instructions.Span, uploads ?? throw new ArgumentNullException(nameof(uploads)), options ?? new RunOptions());

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

    /// <summary>
    /// The step's <c>provider</c> (or <see cref="RunOptions.Provider"/>), else the first configured route of the model in
    /// catalog order, else the offline renderer. A named provider that is unknown, does not serve the model, or has no
    /// credentials is the step's error, never a silent fallback.
    /// </summary>
    internal IImageProvider ChooseProvider(ModelSpec model, string? requested, string? runDefault = null)
    {
        // The run's default applies to the models it serves; the others go on to their own routes.
        if (requested is null && runDefault is not null && (runDefault == OfflineImageProvider.ProviderName || model.Providers.Any(r => r.Provider == runDefault)))
        {
            requested = runDefault;
        }

        if (requested is not null)
        {
            var named = _providers.FirstOrDefault(p => string.Equals(p.Name, requested, StringComparison.Ordinal))
                ?? throw new StepException("PROVIDER_NOT_AVAILABLE", $"provider '{requested}' is not known here; available: {string.Join(", ", _providers.Select(p => p.Name))}");
            // A catalog provider serves the models it has routes for; the offline renderer and providers of the user's own serve any.
            var catalogProvider = SchemaTables.Models.Any(m => m.Providers.Any(r => r.Provider == named.Name));
            if (catalogProvider && !model.Providers.Any(r => r.Provider == named.Name))
            {
                throw new StepException("PROVIDER_NOT_AVAILABLE", $"provider '{requested}' does not serve {model.Id}; its routes: {string.Join(", ", model.Providers.Select(r => r.Provider).Append(OfflineImageProvider.ProviderName))}");
            }

            if (!named.IsConfigured)
            {
                throw new StepException(ProviderErrors.NotConfigured, $"provider '{requested}' has no credentials; set {CredentialHint(requested)}");
            }

            return named;
        }

        foreach (var route in model.Providers)
        {
            if (_providers.FirstOrDefault(p => p.Name == route.Provider && p.IsConfigured) is { } configured)
            {
                return configured;
            }
        }

        if (!AllowOfflineFallback)
        {
            var keys = string.Join("; or ", model.Providers.Select(r => r.Provider).Distinct().Select(CredentialHint));
            throw new StepException(ProviderErrors.NotConfigured, $"no provider of {model.Id} has credentials, and the offline fallback is off (AllowOfflineFallback = false); set {keys}");
        }

        return _providers.First(p => p.Name == OfflineImageProvider.ProviderName);
    }

    /// <summary>
    /// Why <see cref="RunOptions.Provider"/> names no provider (a registered one, a catalog route or <c>offline</c>), or null
    /// when it does or is unset.
    /// </summary>
    internal string? UnknownProvider(string? name)
    {
        if (name is null)
        {
            return null;
        }

        var known = _providers.Select(p => p.Name)
            .Concat(SchemaTables.Models.SelectMany(m => m.Providers.Select(r => r.Provider)))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        return known.Contains(name, StringComparer.Ordinal)
            ? null
            : $"RunOptions.Provider '{Printable.Escape(name)}' is not a provider; use one of {string.Join(", ", known)}";
    }

    /// <summary>Whether the provider is one this SDK registers itself (the hosted providers and the offline renderer).</summary>
    private static bool IsBuiltIn(IImageProvider provider) =>
        provider is HostedImageProvider or OfflineImageProvider && provider.GetType().Assembly == typeof(AssemblyRunner).Assembly;

    private static string CredentialHint(string provider) =>
        ProviderCredentials.Variables.FirstOrDefault(v => v.Provider == provider) is { Provider: not null } row
            ? string.Join(" or ", row.KeyVariables) + " (environment or .env), or its ProviderOptions.ApiKey"
            : "its credentials";

    /// <summary>The sum of the providers' concurrency limits.</summary>
    internal int TotalConcurrency => _providers.Sum(p => Math.Max(1, p.MaxConcurrency));

    /// <summary>The provider's concurrency limit, shared by every run of this runner.</summary>
    internal SemaphoreSlim Limit(IImageProvider provider) => _limits.GetOrAdd(provider.Name, _ => new SemaphoreSlim(Math.Max(1, provider.MaxConcurrency)));
}
