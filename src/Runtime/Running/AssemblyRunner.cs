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
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _limits = new(StringComparer.Ordinal);
    private readonly IReadOnlyDictionary<string, IStepExecutor> _executors = new IStepExecutor[] { new UploadHandleExecutor(), new ImageGenerateExecutor() }
        .ToDictionary(e => e.Robot, StringComparer.Ordinal);

    /// <summary>Creates a runner over <paramref name="providers"/>; the offline renderer is always among them.</summary>
    /// <param name="providers">The providers; null for the offline renderer only.</param>
    /// <param name="logger">Where to log; API keys never reach it.</param>
    public AssemblyRunner(IEnumerable<IImageProvider>? providers = null, ILogger<AssemblyRunner>? logger = null)
    {
        var list = (providers ?? Enumerable.Empty<IImageProvider>()).ToList();
        if (!list.Any(p => p.Name == OfflineImageProvider.ProviderName))
        {
            list.Add(new OfflineImageProvider());
        }

        _providers = list;
        Logger = logger ?? (ILogger)NullLogger.Instance;
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
        var assemblyId = Guid.NewGuid().ToString("N");

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

    /// <summary>Where to log; API keys never reach it.</summary>
    internal ILogger Logger { get; }

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
            if (named.Name != OfflineImageProvider.ProviderName && !model.Providers.Any(r => r.Provider == named.Name))
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

        return _providers.First(p => p.Name == OfflineImageProvider.ProviderName);
    }

    private static string CredentialHint(string provider) =>
        ProviderCredentials.Variables.FirstOrDefault(v => v.Provider == provider) is { Provider: not null } row
            ? string.Join(" or ", row.KeyVariables) + " (environment or .env), or its ProviderOptions.ApiKey"
            : "its credentials";

    /// <summary>The provider's concurrency limit, shared by every run of this runner.</summary>
    internal SemaphoreSlim Limit(IImageProvider provider) => _limits.GetOrAdd(provider.Name, _ => new SemaphoreSlim(Math.Max(1, provider.MaxConcurrency)));
}
