using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using ImageSdk.Imaging;
using ImageSdk.Providers;
using ImageSdk.Rules;
using ImageSdk.Validation;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NetVips;

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
    /// <summary>The longest side an input is worked at for a model whose catalog entry gives no maximum size.</summary>
    private const int DefaultMaxSide = 2048;

    private readonly IReadOnlyList<IImageProvider> _providers;
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _limits = new(StringComparer.Ordinal);
    private readonly ILogger _logger;

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
        _logger = logger ?? (ILogger)NullLogger.Instance;
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

        using var execution = new Execution(this, run, output, options, progress, assemblyId, cancellationToken);
        return await execution.ExecuteAsync(uploads).ConfigureAwait(false);
    }

    private IImageProvider ChooseProvider(ModelSpec model, string? requested)
    {
        if (requested is not null)
        {
            return _providers.FirstOrDefault(p => string.Equals(p.Name, requested, StringComparison.Ordinal))
                ?? throw new StepException("PROVIDER_NOT_AVAILABLE", $"provider '{requested}' is not configured here; available: {string.Join(", ", _providers.Select(p => p.Name))}");
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

    private SemaphoreSlim Limit(IImageProvider provider) => _limits.GetOrAdd(provider.Name, _ => new SemaphoreSlim(Math.Max(1, provider.MaxConcurrency)));

    /// <summary>A step failed: its code and message go into the result.</summary>
    private sealed class StepException(string code, string message) : Exception(Printable.Escape(message))
    {
        public string Code { get; } = code;

        /// <summary>Any failure inside a step, as that step's error: never a crash, never a stack trace.</summary>
        public static StepException From(Exception exception) => exception switch
        {
            StepException step => step,
            ImageInputException input => new StepException("FILE_INVALID", input.Message),
            NotSupportedException limit => new StepException("IMAGE_ENCODE_FAILED", limit.Message),
            VipsException vips => new StepException("IMAGE_PROCESSING_FAILED", FirstLine(vips.Message)),
            IOException or UnauthorizedAccessException => new StepException("FILE_WRITE_FAILED", exception.Message),
            OutOfMemoryException => new StepException("OUT_OF_MEMORY", "the step ran out of memory"),
            _ => new StepException("STEP_FAILED", $"{exception.GetType().Name}: {FirstLine(exception.Message)}"),
        };
    }

    private static string FirstLine(string message) => message.Split('\n')[0].Trim();

    /// <summary>One run: the instructions, the step tasks and what they produced.</summary>
    private sealed class Execution : IDisposable
    {
        private readonly AssemblyRunner _runner;
        private readonly Dictionary<string, StepInstructions> _steps;
        private readonly IReadOnlyList<StepInstructions> _order;
        private readonly OutputFolder _output;
        private readonly RunOptions _options;
        private readonly IProgress<RunProgress>? _progress;
        private readonly string _assemblyId;
        private readonly CancellationToken _callerToken;
        private readonly CancellationTokenSource _stop;
        private readonly CancellationToken _cancellationToken;
        private readonly Dictionary<string, Task<IReadOnlyList<ResultFile>>> _tasks = new(StringComparer.Ordinal);
        private readonly ConcurrentQueue<IgnoredError> _ignored = new();
        private readonly ConcurrentQueue<string> _warnings = new();
        private readonly ConcurrentBag<SourceFile> _sources = new();
        private readonly ConcurrentDictionary<string, ConcurrentQueue<ResultFile>> _written = new(StringComparer.Ordinal);

        // Finishing an image (compositing, encoding, metadata, writing) holds its pixels; at most one per core at a time,
        // so memory stays flat in the number of outputs however many provider calls return at once.
        private readonly SemaphoreSlim _finishing = new(Math.Max(1, Environment.ProcessorCount));
        private List<ResultFile> _uploads = new();
        private int _offline;

        public Execution(AssemblyRunner runner, RunInstructions instructions, OutputFolder output, RunOptions options, IProgress<RunProgress>? progress, string assemblyId, CancellationToken cancellationToken)
        {
            _runner = runner;
            _order = instructions.Steps;
            _steps = instructions.Steps.ToDictionary(s => s.Name, StringComparer.Ordinal);
            _output = output;
            _options = options;
            _progress = progress;
            _assemblyId = assemblyId;
            _callerToken = cancellationToken;
            _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            _cancellationToken = _stop.Token;
        }

        public void Dispose()
        {
            foreach (var source in _sources)
            {
                source.Dispose();
            }

            _stop.Dispose();
            _finishing.Dispose();
        }

        public async Task<AssemblyResult> ExecuteAsync(IReadOnlyList<RunUpload> uploads)
        {
            try
            {
                _uploads = ReadUploads(uploads);
            }
            catch (StepException ex)
            {
                return Failed(ex.Code, ex.Message, UploadHandleStep.RequiredStepName);
            }

            foreach (var step in _order)
            {
                _ = StepTask(step.Name); // started now, awaited in order below
            }

            var results = new Dictionary<string, IReadOnlyList<ResultFile>>(StringComparer.Ordinal);
            foreach (var step in _order)
            {
                try
                {
                    results[step.Name] = await _tasks[step.Name].ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (_callerToken.IsCancellationRequested)
                {
                    throw new AssemblyCanceledException(await CanceledAsync(results).ConfigureAwait(false), _callerToken);
                }
                catch (Exception ex)
                {
                    // The assembly has failed: stop the other steps, and let them clean up before returning.
                    var failure = StepException.From(ex is OperationCanceledException ? new StepException("STEP_FAILED", "stopped") : ex);
                    await _stop.CancelAsync().ConfigureAwait(false);
                    await WhenAllSettled().ConfigureAwait(false);
                    return Failed(failure.Code, failure.Message, step.Name);
                }
            }

            var warnings = _warnings.ToList();
            if (_offline > 0)
            {
                warnings.Insert(0, "Images were made by the offline renderer: no provider credentials are configured, or provider \"offline\" was asked for.");
            }

            return new AssemblyResult
            {
                Ok = "ASSEMBLY_COMPLETED",
                Message = "The assembly was successfully completed.",
                AssemblyId = _assemblyId,
                Offline = _offline > 0,
                Warnings = warnings,
                Uploads = _uploads,
                Results = results,
                IgnoredErrors = _ignored.ToList(),
            };
        }

        private Task WhenAllSettled() => Task.WhenAll(_tasks.Values.Select(t => t.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default)));

        /// <summary>The result of a cancelled run, once every step has stopped and cleaned up: the steps that finished keep their files.</summary>
        private async Task<AssemblyResult> CanceledAsync(Dictionary<string, IReadOnlyList<ResultFile>> finished)
        {
            await WhenAllSettled().ConfigureAwait(false);
            foreach (var step in _order)
            {
                if (!finished.ContainsKey(step.Name))
                {
                    // A step that finished keeps its result; one that was stopped lists the files it had written whole.
                    finished[step.Name] = _tasks[step.Name].IsCompletedSuccessfully ? _tasks[step.Name].Result
                        : _written.TryGetValue(step.Name, out var written) ? written.OrderBy(f => f.Path, StringComparer.Ordinal).ToList()
                        : Array.Empty<ResultFile>();
                }
            }

            var kept = finished.Where(f => f.Key != UploadHandleStep.RequiredStepName).Sum(f => f.Value.Count);
            return new AssemblyResult
            {
                AssemblyId = _assemblyId,
                Error = "ASSEMBLY_CANCELED",
                Message = $"The assembly was cancelled; the {kept} file(s) written before it stopped were kept, and no partial file was left.",
                Uploads = _uploads,
                Results = finished,
                Offline = _offline > 0,
                Warnings = _warnings.ToList(),
                IgnoredErrors = _ignored.ToList(),
            };
        }

        private AssemblyResult Failed(string code, string message, string step) => new()
        {
            AssemblyId = _assemblyId,
            Error = code,
            FailedStep = step,
            Message = $"step '{Printable.Escape(step)}': {message}",
            Uploads = _uploads,
            Offline = _offline > 0,
            Warnings = _warnings.ToList(),
            IgnoredErrors = _ignored.ToList(),
        };

        /// <summary>The uploads, each read only as far as its header (type, size); the pixels wait until a step needs them.</summary>
        private List<ResultFile> ReadUploads(IReadOnlyList<RunUpload> uploads)
        {
            var files = new List<ResultFile>();
            foreach (var upload in uploads)
            {
                var display = Printable.Escape(upload.Path);
                if (Directory.Exists(upload.Path))
                {
                    throw new StepException("UPLOAD_NOT_READABLE", $"the upload '{display}' is a folder; give a file");
                }

                if (!File.Exists(upload.Path))
                {
                    throw new StepException("UPLOAD_NOT_FOUND", $"the upload '{display}' does not exist");
                }

                byte[] bytes;
                try
                {
                    bytes = SourceFile.ReadBounded(upload.Path, _options.MaxUploadBytes);
                }
                catch (ImageInputException ex)
                {
                    throw new StepException("UPLOAD_TOO_LARGE", ex.Message);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    throw new StepException("UPLOAD_NOT_READABLE", $"cannot read the upload '{display}': {(ex is UnauthorizedAccessException ? "permission denied" : ex.Message)}");
                }

                var name = Path.GetFileName(upload.Path);
                var meta = new Dictionary<string, object?>(StringComparer.Ordinal);
                string? type = null;
                var mime = "application/octet-stream";
                if (ImageOps.Probe(bytes) is { } header)
                {
                    type = "image"; // not an image otherwise: passed on by force_accept, skipped otherwise
                    mime = header.Mime;
                    AddSize(meta, header.Width, header.Height);
                }

                var id = NewId();
                var source = new SourceFile(upload.Path, name, mime);
                _sources.Add(source);
                files.Add(new ResultFile
                {
                    Id = id,
                    Name = name,
                    Basename = Path.GetFileNameWithoutExtension(name),
                    Ext = Path.GetExtension(name).TrimStart('.').ToLowerInvariant(),
                    Size = bytes.Length,
                    Mime = mime,
                    Type = type,
                    Field = upload.Field,
                    OriginalId = id,
                    Meta = meta,
                    Path = Path.GetFullPath(upload.Path),
                    Source = source,
                });
            }

            return files;
        }

        private Task<IReadOnlyList<ResultFile>> StepTask(string name)
        {
            lock (_tasks)
            {
                if (!_tasks.TryGetValue(name, out var task))
                {
                    task = Task.Run(() => RunStepAsync(_steps[name]), _cancellationToken);
                    _tasks[name] = task;
                }

                return task;
            }
        }

        private async Task<IReadOnlyList<ResultFile>> RunStepAsync(StepInstructions step)
        {
            var name = step.Name;
            _progress?.Report(new RunProgress(name, "waiting", 0, 0));
            foreach (var reference in step.Inputs.Select(i => i.Step).Distinct(StringComparer.Ordinal))
            {
                try
                {
                    await InputTask(reference).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    var failure = StepException.From(ex);
                    _progress?.Report(new RunProgress(name, "skipped", 0, 0, $"'{reference}' failed"));
                    throw new StepException(failure.Code, $"not run: the step '{reference}' it uses failed ({failure.Message})");
                }
            }

            if (step.IsBatch)
            {
                await WaitForNonBatchStepsAsync(name).ConfigureAwait(false);
            }

            _progress?.Report(new RunProgress(name, "running", 0, 0));
            try
            {
                var files = step.Robot switch
                {
                    UploadHandleStep.RobotName => _uploads,
                    ImageGenerateStep.RobotName => await GenerateAsync(step).ConfigureAwait(false),
                    _ => throw new StepException("ROBOT_NOT_SUPPORTED", $"the runner cannot run {step.Robot}"),
                };
                _progress?.Report(new RunProgress(name, "completed", files.Count, files.Count));
                return files;
            }
            catch (Exception ex) when (ex is not OperationCanceledException && step.IgnoresErrors("execute"))
            {
                var failure = StepException.From(ex);
                _ignored.Enqueue(new IgnoredError(name, "execute", failure.Code, failure.Message));
                _progress?.Report(new RunProgress(name, "failed", 0, 0, failure.Message + " (ignored)"));
                return Array.Empty<ResultFile>();
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                var failure = StepException.From(ex);
                _progress?.Report(new RunProgress(name, "failed", 0, 0, failure.Message));
                throw failure;
            }
        }

        /// <summary>The files of an input: a step's, or the uploads for <c>:original</c> when no <c>/upload/handle</c> step is written.</summary>
        private Task<IReadOnlyList<ResultFile>> InputTask(string step) =>
            _steps.ContainsKey(step) ? StepTask(step) : Task.FromResult<IReadOnlyList<ResultFile>>(_uploads);

        /// <summary><c>queue: batch</c>: wait until every other step that does not depend on this one has finished.</summary>
        private async Task WaitForNonBatchStepsAsync(string name)
        {
            var others = _order
                .Where(other => other.Name != name && !other.IsBatch && !DependsOn(other.Name, name, new HashSet<string>(StringComparer.Ordinal)))
                .Select(other => StepTask(other.Name))
                .ToList();
            try
            {
                await Task.WhenAll(others).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // their failures are reported by their own steps
            }
        }

        private bool DependsOn(string step, string target, HashSet<string> seen) =>
            seen.Add(step) && _steps.TryGetValue(step, out var node) && node.Inputs.Any(i => i.Step == target || DependsOn(i.Step, target, seen));

        private async Task<IReadOnlyList<ResultFile>> GenerateAsync(StepInstructions step)
        {
            var name = step.Name;
            if (step.UnsupportedVariables.Count > 0)
            {
                throw new StepException("ASSEMBLY_VARIABLE_UNSUPPORTED", $"{string.Join(", ", step.UnsupportedVariables)} cannot be filled in a local run, which fills ${{fields.NAME}} and ${{assembly.id}}; give the value as a field, or run the assembly on Transloadit");
            }

            var spec = RuleTables.FindRobot(ImageGenerateStep.RobotName)!;
            var model = RuleTables.FindModel(step.Text("model") ?? RuleTables.DefaultModel ?? string.Empty)
                ?? throw new StepException("MODEL_NOT_AVAILABLE", $"the model '{step.Text("model")}' is not in the catalog, and only catalog models can run here");
            var provider = _runner.ChooseProvider(model, step.Text("provider"));
            var providerModelId = model.Providers.FirstOrDefault(r => r.Provider == provider.Name)?.ModelId ?? model.Id;
            var capabilities = model.Capabilities;
            var format = step.Text("format") ?? capabilities.DefaultFormat;
            format = format == "jpg" ? "jpeg" : format;
            if (!capabilities.Formats.Contains(format))
            {
                throw new StepException("IMAGE_GENERATE_VALIDATION", $"the format '{format}' is not one {model.Id} delivers: {string.Join(", ", capabilities.Formats)}");
            }

            var prompt = step.Text("prompt") ?? throw new StepException("IMAGE_GENERATE_VALIDATION", "the prompt is missing");
            var maxOutputs = (long)(spec.FindParameter("num_outputs")?.Maximum ?? 10);
            var count = (int)Math.Clamp(step.Integer("num_outputs", out _) ?? 1, 1, maxOutputs);
            var seed = Seed(step, prompt, count);
            var outputMeta = step.OutputMeta(spec.FindParameter("output_meta")?.EnumValues ?? Array.Empty<string>());

            // Inputs: by as, then by upload field.
            var images = new List<ResultFile>();
            var masks = new List<ResultFile>();
            var passed = new List<ResultFile>();
            foreach (var input in step.Inputs)
            {
                var files = await InputTask(input.Step).ConfigureAwait(false);
                foreach (var file in files.Where(f => input.Fields is null || input.Fields.Contains(f.Field ?? string.Empty)))
                {
                    if (file.Type != "image" || file.Source is null)
                    {
                        if (step.Flag("force_accept"))
                        {
                            passed.Add(file);
                        }
                        else
                        {
                            _warnings.Enqueue(Printable.Escape($"step '{name}': '{file.Name}' is not an image and was skipped (force_accept passes such files on)"));
                        }

                        continue;
                    }

                    var role = input.Role ?? (capabilities.InputRoles.Contains(file.Field ?? string.Empty) ? file.Field : null) ?? "image";
                    (role == "mask" ? masks : images).Add(file);
                }
            }

            if (images.Count == 0 && masks.Count > 0)
            {
                throw new StepException("IMAGE_GENERATE_VALIDATION", "a mask was given but no image to inpaint");
            }

            if (step.HasUse && images.Count == 0)
            {
                // Transloadit's rule: a step whose use gives it no files makes none. It never turns into text-to-image.
                _warnings.Enqueue(Printable.Escape($"step '{name}': its use gave it no image, so it made none (a step with use never generates from the prompt alone)"));
                return passed;
            }

            var maxSide = capabilities.Size.Max ?? DefaultMaxSide;
            var invocations = images.Count == 0 ? new List<ResultFile?> { null } : images.Select(i => (ResultFile?)i).ToList();
            if (step.BundlesSteps && invocations.Count > 1)
            {
                invocations = invocations.Take(1).ToList(); // one invocation over all files: the first is the subject
            }

            var size = images.Count == 0 ? Size(step, model) : default;
            var total = invocations.Count * count;
            var produced = new ResultFile?[total];
            var done = 0;
            var work = new List<Task>();
            for (var n = 0; n < invocations.Count; n++)
            {
                var image = invocations[n];
                var mask = masks.Count == 0 ? null : masks.Count == images.Count ? masks[n] : masks[0];

                // Decoded once for every call of this invocation (the decode itself is shared by every step using the file).
                var inputs = image is null ? null : new Lazy<Inpainting>(() => Prepare(image, mask, maxSide, provider), LazyThreadSafetyMode.ExecutionAndPublication);
                var perCall = Math.Max(1, capabilities.MaxOutputsPerCall);
                for (var first = 0; first < count; first += perCall)
                {
                    var (invocation, offset, calls) = (n, first, Math.Min(perCall, count - first));
                    work.Add(Task.Run(
                        async () =>
                        {
                            var call = new Call(step, model, provider, providerModelId, prompt, seed + offset, calls, format, image, inputs, size, outputMeta, (invocation * count) + offset, total);
                            var files = await CallAsync(call).ConfigureAwait(false);
                            for (var k = 0; k < files.Count; k++)
                            {
                                produced[(invocation * count) + offset + k] = files[k];
                            }

                            _progress?.Report(new RunProgress(name, "running", Interlocked.Add(ref done, files.Count), total));
                        },
                        _cancellationToken));
                }
            }

            try
            {
                await Task.WhenAll(work).ConfigureAwait(false);
            }
            finally
            {
                await Task.WhenAll(work.Select(t => t.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default))).ConfigureAwait(false);
            }

            if (provider.Name == OfflineImageProvider.ProviderName)
            {
                Interlocked.Increment(ref _offline);
            }

            return produced.Where(f => f is not null).Select(f => f!).Concat(passed).ToList();
        }

        /// <summary>The seed of the first image; the step's own, clamped so that seed + num_outputs - 1 cannot wrap.</summary>
        private long Seed(StepInstructions step, string prompt, int count)
        {
            if (step.Integer("seed", out var exact) is not { } seed)
            {
                return DefaultSeed(prompt);
            }

            var max = long.MaxValue - (count - 1);
            if (!exact || seed > max)
            {
                _warnings.Enqueue(Printable.Escape($"step '{step.Name}': the seed is too large to count {count} images up from it; {max} is used"));
                return Math.Min(seed, max);
            }

            return seed;
        }

        private sealed record Inpainting(DecodedImage Original, Image? Area, ProviderFile Image, ProviderFile? Mask);

        private sealed record Call(
            StepInstructions Step, ModelSpec Model, IImageProvider Provider, string ProviderModelId, string Prompt, long Seed, int Count, string Format,
            ResultFile? Image, Lazy<Inpainting>? Inputs, (int Width, int Height, string Ratio) Size, HashSet<string> OutputMeta, int Index, int Total);

        /// <summary>The image (and mask) of one invocation, decoded at the model's working size, and what the provider is sent.</summary>
        private Inpainting Prepare(ResultFile image, ResultFile? mask, int maxSide, IImageProvider provider)
        {
            var original = image.Source!.Decode(maxSide, _options, _cancellationToken);
            if (mask is null)
            {
                return new Inpainting(original, null, new ProviderFile(original.Bytes, original.Mime, image.Name), null);
            }

            var maskImage = ReferenceEquals(mask, image) ? null : mask.Source!.Decode(maxSide, _options, _cancellationToken).Image;
            var area = ImageOps.RegenerateArea(original.Image, maskImage).CopyMemory();
            return new Inpainting(original, area, new ProviderFile(original.Bytes, original.Mime, image.Name), MaskFor(provider, original.Image, area));
        }

        private async Task<List<ResultFile>> CallAsync(Call call)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            var name = call.Step.Name;
            var inputs = call.Inputs?.Value;
            var (width, height, ratio) = inputs is null ? call.Size : (inputs.Original.Image.Width, inputs.Original.Image.Height, $"{inputs.Original.Image.Width}:{inputs.Original.Image.Height}");
            var request = new ProviderRequest(
                call.Model,
                call.ProviderModelId,
                call.Prompt,
                call.Seed,
                call.Count,
                width,
                height,
                ratio,
                inputs?.Area is null ? call.Format : "png",
                call.Step.Text("style"),
                inputs?.Image,
                inputs?.Mask);

            IReadOnlyList<ProviderImage> images;
            var limit = _runner.Limit(call.Provider);
            await limit.WaitAsync(_cancellationToken).ConfigureAwait(false);
            try
            {
                _runner._logger.LogInformation("Step {Step}: {Count} image(s) from {Provider} ({Model}), seed {Seed}", Printable.Escape(name), call.Count, call.Provider.Name, call.ProviderModelId, call.Seed);
                images = await call.Provider.GenerateAsync(request, _cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException and not StepException)
            {
                throw new StepException("IMAGE_GENERATE_PROVIDER_ERROR", $"{call.Provider.Name} failed: {FirstLine(ex.Message)}");
            }
            finally
            {
                limit.Release();
            }

            var files = new List<ResultFile>();
            var maxSide = call.Model.Capabilities.Size.Max ?? DefaultMaxSide;
            for (var k = 0; k < images.Count; k++)
            {
                _cancellationToken.ThrowIfCancellationRequested();
                var generated = images[k];
                await _finishing.WaitAsync(_cancellationToken).ConfigureAwait(false);
                try
                {
                    files.Add(await FinishAsync(call, inputs, generated, call.Index + k, Math.Max(maxSide, Math.Max(width, height))).ConfigureAwait(false));
                }
                finally
                {
                    _finishing.Release();
                }
            }

            return files;
        }

        /// <summary>Makes, measures and writes one output file.</summary>
        private async Task<ResultFile> FinishAsync(Call call, Inpainting? inputs, ProviderImage generated, int index, int maxSide)
        {
            var name = call.Step.Name;
            var bytes = Finish(generated, call, inputs, maxSide);
            var basename = (call.Image?.Basename ?? name) + (call.Total > 1 ? "-" + (index + 1).ToString(CultureInfo.InvariantCulture) : string.Empty);
            var ext = ImageOps.Extension(call.Format);
            var meta = Meta(call.Step, bytes, call.Format, call.OutputMeta);
            meta["seed"] = generated.Seed;
            meta["model"] = call.Model.Id;
            meta["provider"] = call.Provider.Name;
            var path = await _output.WriteAsync(name, basename + "." + ext, bytes, _cancellationToken).ConfigureAwait(false);
            var source = new SourceFile(path, Path.GetFileName(path), ImageOps.MimeType(call.Format));
            _sources.Add(source);
            var file = new ResultFile
            {
                Id = NewId(),
                Name = Path.GetFileName(path),
                Basename = Path.GetFileNameWithoutExtension(path),
                Ext = ext,
                Size = bytes.Length,
                Mime = ImageOps.MimeType(call.Format),
                Type = "image",
                Field = call.Image?.Field,
                OriginalId = call.Image?.OriginalId,
                Meta = meta,
                Path = path,
                Source = source,
            };
            _written.GetOrAdd(name, _ => new ConcurrentQueue<ResultFile>()).Enqueue(file);
            return file;
        }

        /// <summary>The file to write: the provider's image composited over the original outside the mask, and in the requested format.</summary>
        private byte[] Finish(ProviderImage generated, Call call, Inpainting? inputs, int maxSide)
        {
            if (inputs?.Area is { } area)
            {
                using var fill = ImageOps.DecodeToFit(generated.Bytes, "the provider's image", _options.MaxPixels, _options.MaxSvgPixels, maxSide, _options.DecodeTimeout, _cancellationToken);
                using var final = ImageOps.Composite(inputs.Original.Image, fill, area);
                return ImageOps.Encode(final, call.Format);
            }

            if (generated.Format == call.Format)
            {
                return generated.Bytes;
            }

            if (call.Format == "svg")
            {
                throw new StepException("IMAGE_GENERATE_VALIDATION", $"{call.Provider.Name} returned {generated.Format}, which cannot become svg");
            }

            using var decoded = ImageOps.DecodeToFit(generated.Bytes, "the provider's image", _options.MaxPixels, _options.MaxSvgPixels, maxSide, _options.DecodeTimeout, _cancellationToken);
            return ImageOps.Encode(decoded, call.Format);
        }

        private Dictionary<string, object?> Meta(StepInstructions step, byte[] bytes, string format, HashSet<string> outputMeta)
        {
            var meta = new Dictionary<string, object?>(StringComparer.Ordinal);
            try
            {
                using var image = Image.NewFromBuffer(bytes);
                AddSize(meta, image.Width, image.Height);
                if (outputMeta.Count > 0)
                {
                    // One decode into RGBA; every measure reads those pixels.
                    using var pixels = ImageOps.Pixels(image);
                    if (outputMeta.Contains("has_transparency"))
                    {
                        meta["has_transparency"] = ImageOps.HasTransparency(pixels.Span, pixels.Channels);
                    }

                    if (outputMeta.Contains("dominant_colors"))
                    {
                        meta["dominant_colors"] = ImageOps.DominantColors(pixels.Span, pixels.Width, pixels.Height, pixels.Channels);
                    }

                    if (outputMeta.Contains("blurhash"))
                    {
                        meta["blurhash"] = BlurHash.Encode(pixels.Span, pixels.Width, pixels.Height, pixels.Channels, 4, 3);
                    }
                }
            }
            catch (VipsException ex) when (step.IgnoresErrors("meta"))
            {
                _ignored.Enqueue(new IgnoredError(step.Name, "meta", "META_EXTRACTION_FAILED", FirstLine(ex.Message)));
            }
            catch (VipsException ex)
            {
                throw new StepException("META_EXTRACTION_FAILED", $"metadata of the {format} output failed: {FirstLine(ex.Message)}");
            }

            return meta;
        }

        /// <summary>
        /// The size to generate without an input: width/height where the model honours them (clamped to its range, with a
        /// warning when a value is beyond it; never wrapped), else the (snapped) ratio at 1024 px on the long side.
        /// </summary>
        private (int Width, int Height, string Ratio) Size(StepInstructions step, ModelSpec model)
        {
            var capabilities = model.Capabilities;
            var ratio = step.Text("aspect_ratio") ?? capabilities.DefaultAspectRatio;
            if (capabilities.AspectRatios.Count > 0)
            {
                ratio = AspectRatio.Snap(capabilities.AspectRatios, ratio) ?? capabilities.DefaultAspectRatio;
            }

            var size = capabilities.Size;
            var (min, max) = (size.Min ?? 1, size.Max ?? 8192);
            var width = step.Integer("width", out _);
            var height = step.Integer("height", out _);
            if (size.Supported && (width is not null || height is not null))
            {
                AspectRatio.TryParse(ratio, out var rw, out var rh);
                var w = Clamp(step, "width", width, min, max, model) ?? (int)Math.Clamp((double)Clamp(step, "height", height, min, max, model)!.Value * rw / Math.Max(1, rh), min, max);
                var h = Clamp(step, "height", height, min, max, model) ?? (int)Math.Clamp((double)w * rh / Math.Max(1, rw), min, max);
                return (Fit(w, size), Fit(h, size), ratio);
            }

            AspectRatio.TryParse(ratio, out var x, out var y);
            var longSide = Math.Min(1024, max);
            var (ow, oh) = x >= y ? (longSide, (int)Math.Round(longSide * (double)y / Math.Max(1, x))) : ((int)Math.Round(longSide * (double)x / Math.Max(1, y)), longSide);
            return (Fit(ow, size), Fit(oh, size), ratio);
        }

        private int? Clamp(StepInstructions step, string parameter, long? value, int min, int max, ModelSpec model)
        {
            if (value is not { } v)
            {
                return null;
            }

            if (v > max || v < min)
            {
                var used = (int)Math.Clamp(v, min, max);
                _warnings.Enqueue(Printable.Escape($"step '{step.Name}': {parameter} {v.ToString(CultureInfo.InvariantCulture)} is outside {model.Id}'s range {min}..{max}; {used} is used"));
                return used;
            }

            return (int)v;
        }

        private static int Fit(int value, SizeSupport size)
        {
            value = Math.Max(size.Min ?? 1, Math.Min(size.Max ?? 8192, value));
            return size.MultipleOf is { } step ? Math.Max(step, value / step * step) : value;
        }

        /// <summary>The regenerate area in the provider's own convention.</summary>
        private static ProviderFile? MaskFor(IImageProvider provider, Image original, Image area) => provider.MaskConvention switch
        {
            MaskConvention.WhiteRepaints => new ProviderFile(area.PngsaveBuffer(), "image/png", "mask.png"),
            MaskConvention.TransparentEdits => new ProviderFile(ImageOps.MatchBands(original, 3).Bandjoin(area.Invert()).PngsaveBuffer(), "image/png", "mask.png"),
            _ => null,
        };

        private static long DefaultSeed(string prompt) => BitConverter.ToUInt32(SHA256.HashData(Encoding.UTF8.GetBytes(prompt)), 0) % 1_000_000;

        private static void AddSize(Dictionary<string, object?> meta, int width, int height)
        {
            meta["width"] = width;
            meta["height"] = height;
            meta["aspect_ratio"] = Math.Round((double)width / Math.Max(1, height), 3);
        }

        private static string NewId() => Guid.NewGuid().ToString("N");
    }
}
