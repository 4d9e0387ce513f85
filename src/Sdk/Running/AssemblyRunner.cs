using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
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

/// <summary>A file uploaded with the assembly: it becomes a <c>:original</c> result of <c>/upload/handle</c>.</summary>
/// <param name="Field">The upload field, e.g. <c>image</c> or <c>mask</c>; inputs without <c>as</c> are matched by it.</param>
/// <param name="Path">The file on disk.</param>
public sealed record RunUpload(string Field, string Path);

/// <summary>How an assembly runs.</summary>
public sealed class RunOptions
{
    /// <summary>Where files are written, under <c>DIR/STEP/</c>. The default is <c>./out</c>.</summary>
    public string OutputDirectory { get; init; } = "out";

    /// <summary>Values for <c>${fields.NAME}</c>; they override the assembly's own <c>fields</c>.</summary>
    public IReadOnlyDictionary<string, string> Fields { get; init; } = new Dictionary<string, string>();

    /// <summary>The most pixels an input image may have, checked from its header before decoding. The default is 100 MP.</summary>
    public long MaxPixels { get; init; } = 100_000_000;

    /// <summary>How the instructions are validated before anything runs.</summary>
    public ValidationOptions Validation { get; init; } = ValidationOptions.Default;
}

/// <summary>What a run is doing, for a UI.</summary>
/// <param name="Step">The step.</param>
/// <param name="Stage"><c>waiting</c>, <c>running</c>, <c>completed</c>, <c>failed</c> or <c>skipped</c>.</param>
/// <param name="Done">Files made so far by the step.</param>
/// <param name="Total">Files the step will make, when known.</param>
/// <param name="Message">A detail, e.g. an error.</param>
public sealed record RunProgress(string Step, string Stage, int Done, int Total, string? Message = null);

/// <summary>
/// Runs assembly instructions: validates them (an invalid assembly never starts), fills in <c>${fields...}</c>, runs the
/// steps as a DAG (independent steps in parallel, each provider within its concurrency limit, <c>queue: batch</c> steps
/// behind the others), and returns a Transloadit-shaped result. Files are written atomically under <c>DIR/STEP/</c>.
/// </summary>
public sealed class AssemblyRunner
{
    private static readonly Regex s_variable = new(@"\$\{fields\.([^}]+)\}", RegexOptions.CultureInvariant);
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

        var validation = AssemblyValidator.Validate(instructions.Span, options.Validation);
        if (!validation.IsValid)
        {
            return Invalid(assemblyId, validation, "The assembly instructions are invalid; nothing ran.");
        }

        var root = JsonNode.Parse(instructions.Span.ToArray())!.AsObject();
        var fields = Fields(root, options);
        var missing = new SortedSet<string>(StringComparer.Ordinal);
        Interpolate(root, fields, missing, key: null);
        if (missing.Count > 0)
        {
            return new AssemblyResult
            {
                AssemblyId = assemblyId,
                Error = "ASSEMBLY_VARIABLES_MISSING",
                Message = $"No value for {string.Join(", ", missing.Select(m => "${fields." + m + "}"))}; give it in \"fields\" or with --field NAME=VALUE.",
            };
        }

        var interpolated = AssemblyValidator.Validate(Encoding.UTF8.GetBytes(root.ToJsonString()), options.Validation);
        if (!interpolated.IsValid)
        {
            return Invalid(assemblyId, interpolated, "The assembly instructions are invalid once ${fields...} are filled in; nothing ran.");
        }

        var run = new Run(this, root, options, progress, assemblyId, cancellationToken);
        return await run.ExecuteAsync(uploads).ConfigureAwait(false);
    }

    private static AssemblyResult Invalid(string assemblyId, ValidationResult validation, string message) => new()
    {
        AssemblyId = assemblyId,
        Error = "INVALID_ASSEMBLY_INSTRUCTIONS",
        Message = message,
        Findings = validation.Findings,
    };

    private static Dictionary<string, string> Fields(JsonObject root, RunOptions options)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        if (root["fields"] is JsonObject own)
        {
            foreach (var (key, value) in own)
            {
                fields[key] = value is JsonValue v && v.TryGetValue<string>(out var s) ? s : value?.ToJsonString() ?? string.Empty;
            }
        }

        foreach (var (key, value) in options.Fields)
        {
            fields[key] = value;
        }

        return fields;
    }

    /// <summary>Fills in <c>${fields.NAME}</c> in every string except <c>robot</c> and <c>use</c>.</summary>
    private static void Interpolate(JsonNode? node, Dictionary<string, string> fields, SortedSet<string> missing, string? key)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var name in o.Select(p => p.Key).ToList())
                {
                    if (name is "robot" or "use" or "fields")
                    {
                        continue;
                    }

                    if (o[name] is JsonValue value && value.TryGetValue<string>(out var text) && text.Contains("${", StringComparison.Ordinal))
                    {
                        o[name] = Fill(text, fields, missing);
                    }
                    else
                    {
                        Interpolate(o[name], fields, missing, name);
                    }
                }

                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    if (a[i] is JsonValue value && value.TryGetValue<string>(out var text) && text.Contains("${", StringComparison.Ordinal))
                    {
                        a[i] = Fill(text, fields, missing);
                    }
                    else
                    {
                        Interpolate(a[i], fields, missing, key);
                    }
                }

                break;
        }
    }

    private static JsonNode Fill(string text, Dictionary<string, string> fields, SortedSet<string> missing)
    {
        var filled = s_variable.Replace(text, m =>
        {
            if (fields.TryGetValue(m.Groups[1].Value, out var value))
            {
                return value;
            }

            missing.Add(m.Groups[1].Value);
            return m.Value;
        });

        // A value that is the variable alone takes the field's JSON type, as Transloadit does: numbers and booleans stay so.
        if (s_variable.Match(text) is { Success: true } whole && whole.Length == text.Length)
        {
            if (long.TryParse(filled, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
            {
                return JsonValue.Create(integer);
            }

            if (filled is "true" or "false")
            {
                return JsonValue.Create(filled == "true");
            }
        }

        return JsonValue.Create(filled)!;
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

    private SemaphoreSlim Limit(IImageProvider provider) => _limits.GetOrAdd(provider.Name, _ => new SemaphoreSlim(provider.MaxConcurrency));

    /// <summary>A step failed: its code and message go into the result.</summary>
    private sealed class StepException(string code, string message) : Exception(message)
    {
        public string Code { get; } = code;
    }

    /// <summary>One run: the instructions, the step tasks and what they produced.</summary>
    private sealed class Run
    {
        private readonly AssemblyRunner _runner;
        private readonly JsonObject _steps;
        private readonly RunOptions _options;
        private readonly IProgress<RunProgress>? _progress;
        private readonly string _assemblyId;
        private readonly CancellationTokenSource _stop;
        private readonly CancellationToken _cancellationToken;
        private readonly Dictionary<string, Task<IReadOnlyList<ResultFile>>> _tasks = new(StringComparer.Ordinal);
        private readonly ConcurrentQueue<IgnoredError> _ignored = new();
        private readonly ConcurrentQueue<string> _warnings = new();
        private List<ResultFile> _uploads = new();
        private int _offline;

        public Run(AssemblyRunner runner, JsonObject root, RunOptions options, IProgress<RunProgress>? progress, string assemblyId, CancellationToken cancellationToken)
        {
            _runner = runner;
            _steps = root["steps"]!.AsObject();
            _options = options;
            _progress = progress;
            _assemblyId = assemblyId;
            _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            _cancellationToken = _stop.Token;
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

            foreach (var (name, _) in _steps)
            {
                _ = StepTask(name); // started now, awaited in order below
            }

            var results = new Dictionary<string, IReadOnlyList<ResultFile>>(StringComparer.Ordinal);
            foreach (var (name, _) in _steps)
            {
                try
                {
                    results[name] = await _tasks[name].ConfigureAwait(false);
                }
                catch (StepException ex)
                {
                    // The assembly has failed: stop the other steps, and let them clean up before returning.
                    await _stop.CancelAsync().ConfigureAwait(false);
                    await Task.WhenAll(_tasks.Values.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default))).ConfigureAwait(false);
                    return Failed(ex.Code, ex.Message, name);
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

        private AssemblyResult Failed(string code, string message, string step) => new()
        {
            AssemblyId = _assemblyId,
            Error = code,
            FailedStep = step,
            Message = $"step '{step}': {message}",
            Uploads = _uploads,
            Offline = _offline > 0,
            IgnoredErrors = _ignored.ToList(),
        };

        private List<ResultFile> ReadUploads(IReadOnlyList<RunUpload> uploads)
        {
            var files = new List<ResultFile>();
            foreach (var upload in uploads)
            {
                byte[] bytes;
                try
                {
                    bytes = File.ReadAllBytes(upload.Path);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    throw new StepException("UPLOAD_NOT_FOUND", $"cannot read the upload '{upload.Path}': {(ex is FileNotFoundException or DirectoryNotFoundException ? "the file does not exist" : ex.Message)}");
                }

                var name = Path.GetFileName(upload.Path);
                var meta = new Dictionary<string, object?>(StringComparer.Ordinal);
                string? type = null;
                string? mime = null;
                try
                {
                    using var image = ImageOps.Decode(bytes, name, _options.MaxPixels);
                    type = "image";
                    mime = MimeFromLoader(image);
                    AddSize(meta, image.Width, image.Height);
                }
                catch (ImageInputException ex) when (ex.NotAnImage)
                {
                    mime = "application/octet-stream";
                }
                catch (ImageInputException ex)
                {
                    throw new StepException("FILE_INVALID", ex.Message);
                }

                var id = NewId();
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
                    Bytes = bytes,
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
                    task = Task.Run(() => RunStepAsync(name), _cancellationToken);
                    _tasks[name] = task;
                }

                return task;
            }
        }

        private async Task<IReadOnlyList<ResultFile>> RunStepAsync(string name)
        {
            var step = _steps[name]!.AsObject();
            var references = Inputs(step).Select(i => i.Step).Distinct(StringComparer.Ordinal).ToList();
            _progress?.Report(new RunProgress(name, "waiting", 0, 0));
            foreach (var reference in references)
            {
                try
                {
                    await StepTask(reference).ConfigureAwait(false);
                }
                catch (StepException ex)
                {
                    _progress?.Report(new RunProgress(name, "skipped", 0, 0, $"'{reference}' failed"));
                    throw new StepException(ex.Code, $"not run: the step '{reference}' it uses failed ({ex.Message})");
                }
            }

            if (step["queue"]?.GetValue<string>() == "batch")
            {
                await WaitForNonBatchStepsAsync(name).ConfigureAwait(false);
            }

            var robot = step["robot"]!.GetValue<string>();
            _progress?.Report(new RunProgress(name, "running", 0, 0));
            try
            {
                var files = robot switch
                {
                    UploadHandleStep.RobotName => _uploads,
                    ImageGenerateStep.RobotName => await GenerateAsync(name, step).ConfigureAwait(false),
                    _ => throw new StepException("ROBOT_NOT_SUPPORTED", $"the runner cannot run {robot}"),
                };
                _progress?.Report(new RunProgress(name, "completed", files.Count, files.Count));
                return files;
            }
            catch (StepException ex) when (IgnoresErrors(step, "execute"))
            {
                _ignored.Enqueue(new IgnoredError(name, "execute", ex.Code, ex.Message));
                _progress?.Report(new RunProgress(name, "failed", 0, 0, ex.Message + " (ignored)"));
                return Array.Empty<ResultFile>();
            }
            catch (StepException ex)
            {
                _progress?.Report(new RunProgress(name, "failed", 0, 0, ex.Message));
                throw;
            }
        }

        /// <summary><c>queue: batch</c>: wait until every other step that does not depend on this one has finished.</summary>
        private async Task WaitForNonBatchStepsAsync(string name)
        {
            var others = _steps.Select(s => s.Key)
                .Where(other => other != name && _steps[other]!["queue"]?.GetValue<string>() != "batch" && !DependsOn(other, name, new HashSet<string>(StringComparer.Ordinal)))
                .Select(StepTask)
                .ToList();
            try
            {
                await Task.WhenAll(others).ConfigureAwait(false);
            }
            catch (StepException)
            {
                // their failures are reported by their own steps
            }
        }

        private bool DependsOn(string step, string target, HashSet<string> seen)
        {
            if (!seen.Add(step) || _steps[step] is not JsonObject node)
            {
                return false;
            }

            return Inputs(node).Any(i => i.Step == target || DependsOn(i.Step, target, seen));
        }

        private async Task<IReadOnlyList<ResultFile>> GenerateAsync(string name, JsonObject step)
        {
            var model = RuleTables.FindModel(Text(step, "model") ?? RuleTables.DefaultModel ?? string.Empty)
                ?? throw new StepException("MODEL_NOT_AVAILABLE", $"the model '{Text(step, "model")}' is not in the catalog, and only catalog models can run here");
            var provider = _runner.ChooseProvider(model, Text(step, "provider"));
            var providerModelId = model.Providers.FirstOrDefault(r => r.Provider == provider.Name)?.ModelId ?? model.Id;
            var capabilities = model.Capabilities;
            var format = Text(step, "format") ?? capabilities.DefaultFormat;
            format = format == "jpg" ? "jpeg" : format;
            var prompt = Text(step, "prompt")!;
            var count = (int)(Integer(step, "num_outputs") ?? 1);
            var seed = Integer(step, "seed") ?? DefaultSeed(prompt);
            var outputMeta = OutputMeta(step["output_meta"]);
            var forceAccept = Boolean(step, "force_accept");

            // Inputs: by as, then by upload field.
            var images = new List<ResultFile>();
            var masks = new List<ResultFile>();
            var passed = new List<ResultFile>();
            foreach (var input in Inputs(step))
            {
                var files = await StepTask(input.Step).ConfigureAwait(false);
                foreach (var file in files.Where(f => input.Fields is null || input.Fields.Contains(f.Field ?? string.Empty)))
                {
                    if (file.Type != "image")
                    {
                        if (forceAccept)
                        {
                            passed.Add(file);
                        }
                        else
                        {
                            _warnings.Enqueue($"step '{name}': '{file.Name}' is not an image and was skipped (force_accept passes such files on)");
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

            if (capabilities.RequiredInputs.Contains("image") && images.Count == 0 && passed.Count == 0)
            {
                throw new StepException("IMAGE_GENERATE_VALIDATION", $"{model.Id} needs an image input, and none arrived");
            }

            var invocations = images.Count == 0 ? new List<ResultFile?> { null } : images.Select(i => (ResultFile?)i).ToList();
            if (step["use"] is JsonObject { } useObject && useObject["bundle_steps"]?.GetValue<bool>() == true && invocations.Count > 1)
            {
                invocations = invocations.Take(1).ToList(); // one invocation over all files: the first is the subject
            }

            var total = invocations.Count * count;
            var produced = new ResultFile?[total];
            var done = 0;
            var work = new List<Task>();
            for (var n = 0; n < invocations.Count; n++)
            {
                var image = invocations[n];
                var mask = masks.Count == 0 ? null : masks.Count == images.Count ? masks[n] : masks[0];
                var perCall = Math.Max(1, capabilities.MaxOutputsPerCall);
                for (var first = 0; first < count; first += perCall)
                {
                    var (invocation, offset, size) = (n, first, Math.Min(perCall, count - first));
                    work.Add(Task.Run(async () =>
                    {
                        var files = await CallAsync(name, step, model, provider, providerModelId, prompt, seed + offset, size, format, image, mask, outputMeta, invocation * count + offset, total).ConfigureAwait(false);
                        for (var k = 0; k < files.Count; k++)
                        {
                            produced[(invocation * count) + offset + k] = files[k];
                        }

                        _progress?.Report(new RunProgress(name, "running", Interlocked.Add(ref done, files.Count), total));
                    }, _cancellationToken));
                }
            }

            await Task.WhenAll(work).ConfigureAwait(false);
            if (provider.Name == OfflineImageProvider.ProviderName)
            {
                Interlocked.Increment(ref _offline);
            }

            return produced.Where(f => f is not null).Select(f => f!).Concat(passed).ToList();
        }

        private async Task<List<ResultFile>> CallAsync(
            string name, JsonObject step, ModelSpec model, IImageProvider provider, string providerModelId, string prompt, long seed, int count,
            string format, ResultFile? image, ResultFile? mask, HashSet<string> outputMeta, int index, int total)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            using var original = image is null ? null : ImageOps.Decode(image.Bytes, image.Name, _options.MaxPixels);
            using var maskImage = mask is null || ReferenceEquals(mask, image) ? null : ImageOps.Decode(mask.Bytes, mask.Name, _options.MaxPixels);
            var area = original is not null && mask is not null ? ImageOps.RegenerateArea(original, maskImage) : null;
            var (width, height, ratio) = Size(step, model, original);

            var request = new ProviderRequest(
                model,
                providerModelId,
                prompt,
                seed,
                count,
                width,
                height,
                ratio,
                area is null ? format : "png",
                Text(step, "style"),
                image is null ? null : new ProviderFile(image.Bytes, image.Mime ?? "image/png", image.Name),
                area is null ? null : MaskFor(provider, original!, area));

            IReadOnlyList<ProviderImage> images;
            var limit = _runner.Limit(provider);
            await limit.WaitAsync(_cancellationToken).ConfigureAwait(false);
            try
            {
                _runner._logger.LogInformation("Step {Step}: {Count} image(s) from {Provider} ({Model}), seed {Seed}", name, count, provider.Name, providerModelId, seed);
                images = await provider.GenerateAsync(request, _cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException and not StepException)
            {
                throw new StepException("IMAGE_GENERATE_PROVIDER_ERROR", $"{provider.Name} failed: {ex.Message}");
            }
            finally
            {
                limit.Release();
            }

            var files = new List<ResultFile>();
            for (var k = 0; k < images.Count; k++)
            {
                var generated = images[k];
                byte[] bytes;
                Image? final = null;
                try
                {
                    if (area is not null)
                    {
                        using var fill = Image.NewFromBuffer(generated.Bytes);
                        final = ImageOps.Composite(original!, fill, area);
                        bytes = ImageOps.Encode(final, format);
                    }
                    else if (generated.Format == format)
                    {
                        bytes = generated.Bytes;
                    }
                    else if (format == "svg")
                    {
                        throw new StepException("IMAGE_GENERATE_VALIDATION", $"{provider.Name} returned {generated.Format}, which cannot become svg");
                    }
                    else
                    {
                        using var decoded = Image.NewFromBuffer(generated.Bytes);
                        bytes = ImageOps.Encode(decoded, format);
                    }
                }
                finally
                {
                    final?.Dispose();
                }

                var basename = (image?.Basename ?? name) + (total > 1 ? "-" + (index + k + 1).ToString(CultureInfo.InvariantCulture) : string.Empty);
                var meta = Meta(step, name, bytes, format, outputMeta);
                meta["seed"] = generated.Seed;
                meta["model"] = model.Id;
                meta["provider"] = provider.Name;
                var path = await WriteAtomicallyAsync(name, basename + "." + ImageOps.Extension(format), bytes).ConfigureAwait(false);
                files.Add(new ResultFile
                {
                    Id = NewId(),
                    Name = Path.GetFileName(path),
                    Basename = basename,
                    Ext = ImageOps.Extension(format),
                    Size = bytes.Length,
                    Mime = ImageOps.MimeType(format),
                    Type = "image",
                    Field = image?.Field,
                    OriginalId = image?.OriginalId,
                    Meta = meta,
                    Path = path,
                    Bytes = bytes,
                });
            }

            return files;
        }

        private Dictionary<string, object?> Meta(JsonObject step, string name, byte[] bytes, string format, HashSet<string> outputMeta)
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
            catch (VipsException ex) when (IgnoresErrors(step, "meta"))
            {
                _ignored.Enqueue(new IgnoredError(name, "meta", "META_EXTRACTION_FAILED", ex.Message.Split('\n')[0]));
            }
            catch (VipsException ex)
            {
                throw new StepException("META_EXTRACTION_FAILED", $"metadata of the {format} output failed: {ex.Message.Split('\n')[0]}");
            }

            return meta;
        }

        private async Task<string> WriteAtomicallyAsync(string step, string fileName, byte[] bytes)
        {
            var directory = Path.Combine(_options.OutputDirectory, SafeName(step));
            Directory.CreateDirectory(directory);
            var target = Path.GetFullPath(Path.Combine(directory, fileName));
            var temp = Path.Combine(directory, $".{fileName}.{Guid.NewGuid():N}.tmp");
            try
            {
                await File.WriteAllBytesAsync(temp, bytes, _cancellationToken).ConfigureAwait(false);
                File.Move(temp, target, overwrite: true);
                return target;
            }
            finally
            {
                if (File.Exists(temp))
                {
                    File.Delete(temp);
                }
            }
        }

        /// <summary>The size to generate: the input's for inpainting; else width/height where the model honours them; else the (snapped) ratio at 1024 px on the long side.</summary>
        private static (int Width, int Height, string Ratio) Size(JsonObject step, ModelSpec model, Image? original)
        {
            var capabilities = model.Capabilities;
            if (original is not null)
            {
                return (original.Width, original.Height, $"{original.Width}:{original.Height}");
            }

            var ratio = Text(step, "aspect_ratio") ?? capabilities.DefaultAspectRatio;
            if (capabilities.AspectRatios.Count > 0)
            {
                ratio = AspectRatio.Snap(capabilities.AspectRatios, ratio) ?? capabilities.DefaultAspectRatio;
            }

            var size = capabilities.Size;
            if (size.Supported && (Integer(step, "width") is not null || Integer(step, "height") is not null))
            {
                AspectRatio.TryParse(ratio, out var rw, out var rh);
                var width = Integer(step, "width") ?? (Integer(step, "height")!.Value * rw / Math.Max(1, rh));
                var height = Integer(step, "height") ?? (Integer(step, "width")!.Value * rh / Math.Max(1, rw));
                return (Fit((int)width, size), Fit((int)height, size), ratio);
            }

            AspectRatio.TryParse(ratio, out var x, out var y);
            var longSide = Math.Min(1024, size.Max ?? 1024);
            var (ow, oh) = x >= y ? (longSide, (int)Math.Round(longSide * (double)y / x)) : ((int)Math.Round(longSide * (double)x / y), longSide);
            return (Fit(ow, size), Fit(oh, size), ratio);
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

        private static HashSet<string> OutputMeta(JsonNode? node)
        {
            var all = RuleTables.FindRobot(ImageGenerateStep.RobotName)!.FindParameter("output_meta")!.EnumValues;
            return node switch
            {
                null => new HashSet<string>(StringComparer.Ordinal),
                JsonValue v when v.TryGetValue<bool>(out var b) => b ? new HashSet<string>(all, StringComparer.Ordinal) : new HashSet<string>(StringComparer.Ordinal),
                JsonValue v when v.TryGetValue<string>(out var s) => s == "true" ? new HashSet<string>(all, StringComparer.Ordinal) : new HashSet<string>(StringComparer.Ordinal),
                JsonArray a => new HashSet<string>(a.Select(i => i!.GetValue<string>()), StringComparer.Ordinal),
                JsonObject o => new HashSet<string>(o.Where(p => p.Value is JsonValue v && v.TryGetValue<bool>(out var b) && b).Select(p => p.Key), StringComparer.Ordinal),
                _ => new HashSet<string>(StringComparer.Ordinal),
            };
        }

        private static bool IgnoresErrors(JsonObject step, string phase) => step["ignore_errors"] switch
        {
            JsonValue v when v.TryGetValue<bool>(out var b) => b,
            JsonArray a => a.Any(i => i?.GetValue<string>() == phase),
            _ => false,
        };

        private sealed record Input(string Step, string? Role, HashSet<string>? Fields);

        /// <summary>The inputs of a step's <c>use</c>, in its four forms.</summary>
        private static List<Input> Inputs(JsonObject step)
        {
            var inputs = new List<Input>();
            void Add(JsonNode? node, HashSet<string>? fields)
            {
                switch (node)
                {
                    case JsonValue v when v.TryGetValue<string>(out var name):
                        inputs.Add(new Input(name, null, fields));
                        break;
                    case JsonArray a:
                        foreach (var item in a)
                        {
                            Add(item, fields);
                        }

                        break;
                    case JsonObject o when o["name"] is not null:
                        var own = o["fields"]?.GetValue<string>() is { } field ? new HashSet<string>(StringComparer.Ordinal) { field } : fields;
                        inputs.Add(new Input(o["name"]!.GetValue<string>(), o["as"]?.GetValue<string>(), own));
                        break;
                    case JsonObject o:
                        var filter = o["fields"] is JsonArray f ? new HashSet<string>(f.Select(x => x!.GetValue<string>()), StringComparer.Ordinal) : null;
                        Add(o["steps"], filter);
                        break;
                }
            }

            Add(step["use"], null);
            return inputs;
        }

        private static string? Text(JsonObject step, string name) => step[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

        private static long? Integer(JsonObject step, string name) => step[name] switch
        {
            JsonValue v when v.TryGetValue<long>(out var l) => l,
            JsonValue v when v.TryGetValue<double>(out var d) => (long)d,
            JsonValue v when v.TryGetValue<string>(out var s) && long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var p) => p,
            _ => null,
        };

        private static bool Boolean(JsonObject step, string name) => step[name] switch
        {
            JsonValue v when v.TryGetValue<bool>(out var b) => b,
            JsonValue v when v.TryGetValue<string>(out var s) => s == "true",
            _ => false,
        };

        private static long DefaultSeed(string prompt) => BitConverter.ToUInt32(SHA256.HashData(Encoding.UTF8.GetBytes(prompt)), 0) % 1_000_000;

        private static void AddSize(Dictionary<string, object?> meta, int width, int height)
        {
            meta["width"] = width;
            meta["height"] = height;
            meta["aspect_ratio"] = Math.Round((double)width / height, 3);
        }

        private static string MimeFromLoader(Image image)
        {
            var loader = image.Contains("vips-loader") ? image.Get("vips-loader") as string ?? string.Empty : string.Empty;
            return loader.StartsWith("png", StringComparison.Ordinal) ? "image/png"
                : loader.StartsWith("jpeg", StringComparison.Ordinal) ? "image/jpeg"
                : loader.StartsWith("webp", StringComparison.Ordinal) ? "image/webp"
                : loader.StartsWith("gif", StringComparison.Ordinal) ? "image/gif"
                : loader.StartsWith("svg", StringComparison.Ordinal) ? "image/svg+xml"
                : "image/" + loader.Replace("load", string.Empty, StringComparison.Ordinal).Replace("_buffer", string.Empty, StringComparison.Ordinal);
        }

        private static string SafeName(string step) => string.Concat(step.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_')).TrimStart('.') is { Length: > 0 } safe ? safe : "step";

        private static string NewId() => Guid.NewGuid().ToString("N");
    }
}
