using System;
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
using ImageSdk.Tables;
using Microsoft.Extensions.Logging;
using NetVips;
using Parameter = ImageSdk.ImageGenerateStep.ParameterNames;

namespace ImageSdk.Running;

/// <summary>
/// <c>/image/generate</c>: once per input image (or once, text-to-image, for a step without <c>use</c>), num_outputs split
/// over provider calls with seeds seed, seed+1, ...; inpainted images composited over the original outside the mask,
/// converted to the requested format, measured (<c>output_meta</c>) and written as each is made.
/// </summary>
internal sealed class ImageGenerateExecutor : IStepExecutor
{
    /// <summary>The longest side an input is worked at for a model whose catalog entry gives no maximum size.</summary>
    private const int DefaultMaxSide = 2048;

    public string Robot => ImageGenerateStep.RobotName;

    public Task<IReadOnlyList<ResultFile>> ExecuteAsync(StepInstructions step, RunContext context) => new Generation(step, context).ExecuteAsync();

    /// <summary>The regenerate area in the route's own convention.</summary>
    internal static ProviderFile? MaskFor(MaskConvention convention, Image original, Image area, string? field) => convention switch
    {
        MaskConvention.WhiteRepaints => new ProviderFile(area.PngsaveBuffer(), "image/png", "mask.png", "mask", field),
        // Alpha only over constant black: OpenAI wants a PNG under 4 MB of the image's size, which a copy of a photo's RGB is not.
        MaskConvention.TransparentEdits => new ProviderFile(TransparentEditsMask(original, area), "image/png", "mask.png", "mask", field),
        _ => null,
    };

    private static byte[] TransparentEditsMask(Image original, Image area)
    {
        using var black = Image.Black(original.Width, original.Height, bands: 3);
        using var rgb = black.Cast(Enums.BandFormat.Uchar);
        using var alpha = area.Invert();
        using var mask = rgb.Bandjoin(alpha);
        return mask.PngsaveBuffer(compression: 9);
    }

    /// <summary>One step's generation.</summary>
    private sealed class Generation(StepInstructions step, RunContext context)
    {
        /// <summary>The style sent: the step's, as the route takes it.</summary>
        private string? _style;

        public async Task<IReadOnlyList<ResultFile>> ExecuteAsync()
        {
            var name = step.Name;
            var spec = SchemaTables.FindRobot(ImageGenerateStep.RobotName)!;
            var model = SchemaTables.FindModel(step.Text(Parameter.Model) ?? SchemaTables.DefaultModel ?? string.Empty)
                ?? throw new StepException("MODEL_NOT_AVAILABLE", $"the model '{step.Text(Parameter.Model)}' is not in the catalog, and only catalog models can run here");
            var provider = context.Runner.ChooseProvider(model, step.Text(Parameter.Provider), context.Options.Provider);
            var route = model.Providers.FirstOrDefault(r => r.Provider == provider.Name);
            var providerModelId = route?.ModelId ?? model.Id;
            var capabilities = model.Capabilities;
            var format = step.Text(Parameter.Format) ?? capabilities.DefaultFormat;
            format = format == "jpg" ? "jpeg" : format;
            if (!capabilities.Formats.Contains(format))
            {
                throw new StepException("IMAGE_GENERATE_VALIDATION", $"the format '{format}' is not one {model.Id} delivers: {string.Join(", ", capabilities.Formats)}");
            }

            var prompt = step.Text(Parameter.Prompt) ?? throw new StepException("IMAGE_GENERATE_VALIDATION", "the prompt is missing");

            // A route with its own styles gets one of them (the listed style the name ends in), or the step stops before any paid call.
            _style = step.Text(Parameter.Style);
            if (_style is { Length: > 0 } asked && route?.Native is { } styled)
            {
                _style = styled.StyleFor(asked, format) ?? throw new StepException(
                    "IMAGE_GENERATE_VALIDATION",
                    $"{provider.Name} ({(format == "svg" ? styled.SvgModelId ?? providerModelId : providerModelId)}) takes no style '{Printable.Escape(asked)}'{(format == "svg" ? " for svg" : string.Empty)}; its styles: {string.Join(", ", styled.StylesFor(format))}");
                if (_style != asked)
                {
                    context.Warn($"step '{name}': {provider.Name} takes no style '{Printable.Escape(asked)}'{(format == "svg" ? " for svg" : string.Empty)} for {model.Id}; '{_style}' was sent");
                }
            }

            // Transloadit takes num_outputs in a string unchecked ("11", "2.5"): the validator warned (IMG1309), the run says no.
            var numOutputs = spec.FindParameter(Parameter.NumOutputs);
            var (minOutputs, maxOutputs) = ((long)(numOutputs?.Minimum ?? 1), (long)(numOutputs?.Maximum ?? 10));
            var requested = step.Number(Parameter.NumOutputs) ?? 1;
            if (requested != Math.Floor(requested) || requested < minOutputs || requested > maxOutputs)
            {
                throw new StepException("IMAGE_GENERATE_VALIDATION", $"num_outputs is {requested.ToString(CultureInfo.InvariantCulture)}; it must be an integer from {minOutputs} to {maxOutputs}");
            }

            var count = (int)requested;
            var seed = Seed(prompt, count);
            if (route?.Native is { Seed: false } && step.Integer(Parameter.Seed, out _) is not null)
            {
                context.Warn($"step '{name}': {provider.Name} takes no seed for {model.Id}, so the seed was not used; each file's meta.seed is null");
            }
            var outputMeta = step.OutputMeta(spec.FindParameter(Parameter.OutputMeta)?.EnumValues ?? Array.Empty<string>());

            // Inputs: by upload field first, then by as ("Field is checked first, then as", as Transloadit documents). Roles
            // other than image and mask (style_reference, backdrop, ...) go with every call as references, described in the prompt.
            var images = new List<ResultFile>();
            var masks = new List<ResultFile>();
            var references = new List<(ResultFile File, string Role)>();
            var askedAsMask = new HashSet<ResultFile>(); // files an input asks for as the mask, whose upload field made them something else
            var passed = new List<ResultFile>();
            foreach (var input in step.Inputs)
            {
                var files = await context.FilesOfAsync(input.Step).ConfigureAwait(false);
                foreach (var file in files.Where(f => input.Fields is null || input.Fields.Contains(f.Field ?? string.Empty)))
                {
                    if (file.Type != "image" || file.Source is null)
                    {
                        if (step.Flag(Parameter.ForceAccept))
                        {
                            passed.Add(file);
                        }
                        else
                        {
                            context.Warn($"step '{name}': '{file.Name}' is not an image and was skipped (force_accept passes such files on)");
                        }

                        continue;
                    }

                    var role = (capabilities.InputRoles.Contains(file.Field ?? string.Empty) ? file.Field : null) ?? input.Role ?? "image";
                    if (input.Role == "mask" && role != "mask")
                    {
                        askedAsMask.Add(file);
                    }

                    // A file listed twice in one role (use: [{as: image}, {as: mask}] over one upload) counts once.
                    switch (role)
                    {
                        case "mask" when !masks.Contains(file): masks.Add(file); break;
                        case "image" when !images.Contains(file): images.Add(file); break;
                        case "mask" or "image": break;
                        default: references.Add((file, role!)); break;
                    }
                }
            }

            if (masks.Count == 0 && images.Count == 1 && askedAsMask.Contains(images[0]))
            {
                masks.Add(images[0]); // one file as image and mask: its transparent region is the mask
            }

            if (images.Count == 0 && masks.Count > 0)
            {
                throw new StepException("IMAGE_GENERATE_VALIDATION", "a mask was given but no image to inpaint");
            }

            if (step.HasUse && images.Count == 0 && references.Count == 0)
            {
                // Transloadit's rule: a step whose use gives it no files makes none. It never turns into text-to-image.
                context.Warn($"step '{name}': its use gave it no image, so it made none (a step with use never generates from the prompt alone)");
                return passed;
            }

            var maxSide = MaxSide(model);
            var invocations = images.Count == 0 ? new List<ResultFile?> { null } : images.Select(i => (ResultFile?)i).ToList();
            if (step.BundlesSteps && invocations.Count > 1)
            {
                // One invocation over all files: the first is the subject, the others go with it in the same call.
                references.InsertRange(0, images.Skip(1).Select(i => (i, "image")));
                invocations = invocations.Take(1).ToList();
            }

            var referenceFiles = References(model, provider, route, references, images.Count > 0, maxSide);

            // The size and ratio the step asked for: a generation's own; an edit's only when the step gave them (else the input's).
            var sizeAsked = capabilities.Size.Supported && (step.Integer(Parameter.Width, out _) is not null || step.Integer(Parameter.Height, out _) is not null);
            var ratioAsked = step.Text(Parameter.AspectRatio) is not null;
            var size = images.Count == 0 || sizeAsked || ratioAsked ? Size(model, route) : default;
            var total = invocations.Count * count;
            var produced = new ResultFile?[total];
            var done = 0;
            var work = new List<Task>();
            for (var n = 0; n < invocations.Count; n++)
            {
                var image = invocations[n];
                var mask = masks.Count == 0 ? null : masks.Count == images.Count ? masks[n] : masks[0];

                // Decoded once for every call of this invocation (the decode itself is shared by every step using the file).
                var inputs = image is null ? null : new Lazy<Inpainting>(() => Prepare(image, mask, maxSide, MaskConventionOf(provider, route)), LazyThreadSafetyMode.ExecutionAndPublication);
                var perCall = Math.Max(1, route?.Native?.MaxOutputsPerCall ?? capabilities.MaxOutputsPerCall);
                for (var first = 0; first < count; first += perCall)
                {
                    var (invocation, offset, calls) = (n, first, Math.Min(perCall, count - first));
                    work.Add(Task.Run(
                        async () =>
                        {
                            var call = new Call(model, provider, route, providerModelId, prompt, seed + offset, calls, format, image, inputs, size, sizeAsked, ratioAsked, outputMeta, (invocation * count) + offset, total, referenceFiles);
                            var files = await CallAsync(call).ConfigureAwait(false);
                            for (var k = 0; k < files.Count; k++)
                            {
                                produced[(invocation * count) + offset + k] = files[k];
                            }

                            context.Report(new RunProgress(name, "running", Interlocked.Add(ref done, files.Count), total));
                        },
                        context.CancellationToken));
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
                context.UsedOffline();
            }

            return produced.Where(f => f is not null).Select(f => f!).Concat(passed).ToList();
        }

        /// <summary>The seed of the first image; the step's own, clamped so that seed + num_outputs - 1 cannot wrap.</summary>
        private long Seed(string prompt, int count)
        {
            if (step.Integer(Parameter.Seed, out var exact) is not { } seed)
            {
                return DefaultSeed(prompt);
            }

            var max = long.MaxValue - (count - 1);
            if (!exact || seed > max)
            {
                context.Warn($"step '{step.Name}': the seed is too large to count {count} images up from it; {max} is used");
                return Math.Min(seed, max);
            }

            return seed;
        }

        private sealed record Inpainting(DecodedImage Original, Image? Area, ProviderFile Image, ProviderFile? Mask);

        private sealed record Call(
            ModelSpec Model, IImageProvider Provider, ProviderRoute? Route, string ProviderModelId, string Prompt, long Seed, int Count, string Format,
            ResultFile? Image, Lazy<Inpainting>? Inputs, (int Width, int Height, string Ratio) Size, bool SizeAsked, bool RatioAsked, HashSet<string> OutputMeta, int Index, int Total,
            Lazy<IReadOnlyList<ProviderFile>> References);

        /// <summary>
        /// The references every call of the step takes along, decoded once when the first call needs them: as many as the route
        /// takes beside the image (its <see cref="RouteCapabilities.MaxInputImages"/>); the rest are left out with a notice.
        /// </summary>
        private Lazy<IReadOnlyList<ProviderFile>> References(ModelSpec model, IImageProvider provider, ProviderRoute? route, List<(ResultFile File, string Role)> references, bool hasImage, int maxSide)
        {
            var room = !model.Capabilities.ImageInput ? 0 : route?.Native is { } native ? native.MaxInputImages - (hasImage ? 1 : 0) : references.Count;
            if (references.Count > Math.Max(0, room))
            {
                var left = references.Skip(Math.Max(0, room)).ToList();
                context.Warn($"step '{step.Name}': {provider.Name} takes {(room <= 0 ? "no more input images" : $"{room} more input image(s)")} for {model.Id}, so {string.Join(", ", left.Select(r => $"'{r.File.Name}' ({r.Role})"))} {(left.Count == 1 ? "was" : "were")} left out");
                references = references.Take(Math.Max(0, room)).ToList();
            }

            return new Lazy<IReadOnlyList<ProviderFile>>(
                () => references.Select(r =>
                {
                    var decoded = r.File.Source!.Decode(maxSide, context.Options, context.CancellationToken);
                    return new ProviderFile(decoded.Bytes, decoded.Mime, r.File.Name, r.Role, r.File.Field);
                }).ToList(),
                LazyThreadSafetyMode.ExecutionAndPublication);
        }

        /// <summary>The image (and mask) of one invocation, decoded at the model's working size, and what the provider is sent.</summary>
        private Inpainting Prepare(ResultFile image, ResultFile? mask, int maxSide, MaskConvention convention)
        {
            var original = image.Source!.Decode(maxSide, context.Options, context.CancellationToken);
            var file = new ProviderFile(original.Bytes, original.Mime, image.Name, "image", image.Field);
            if (mask is null)
            {
                return new Inpainting(original, null, file, null);
            }

            var maskImage = ReferenceEquals(mask, image) ? null : mask.Source!.Decode(maxSide, context.Options, context.CancellationToken).Image;
            var area = ImageOps.RegenerateArea(original.Image, maskImage).CopyMemory();
            return new Inpainting(original, area, file, MaskFor(convention, original.Image, area, mask.Field));
        }

        /// <summary>One provider call, admitted (<see cref="RunContext.Admission"/>) until its last file is written.</summary>
        private async Task<List<ResultFile>> CallAsync(Call call)
        {
            await context.Admission.WaitAsync(context.CancellationToken).ConfigureAwait(false);
            try
            {
                return await CallAdmittedAsync(call).ConfigureAwait(false);
            }
            finally
            {
                context.Admission.Release();
            }
        }

        private async Task<List<ResultFile>> CallAdmittedAsync(Call call)
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            var name = step.Name;
            var inputs = call.Inputs?.Value;
            // An edit keeps its input's shape unless the step asked for a ratio (never when inpainting: the fill is composited back).
            var (width, height, ratio) = inputs is null ? call.Size
                : (inputs.Original.Image.Width, inputs.Original.Image.Height, call.RatioAsked && inputs.Area is null ? call.Size.Ratio : $"{inputs.Original.Image.Width}:{inputs.Original.Image.Height}");
            var request = new ProviderRequest(
                call.Model,
                call.ProviderModelId,
                call.Prompt,
                call.Seed,
                call.Count,
                width,
                height,
                ratio,
                RequestFormat(call.Format, call.Route?.Native, inpainting: inputs?.Area is not null),
                _style,
                inputs?.Image,
                inputs?.Mask,
                call.Route,
                call.References.Value,
                call.SizeAsked ? call.Size.Width : null,
                call.SizeAsked ? call.Size.Height : null);

            IReadOnlyList<ProviderImage> images;
            var limit = context.Runner.Limit(call.Provider);
            await limit.WaitAsync(context.CancellationToken).ConfigureAwait(false);
            using var activity = ImageSdkTelemetry.ActivitySource.StartActivity("imagesdk.provider.call");
            activity?.SetTag("imagesdk.provider", call.Provider.Name);
            activity?.SetTag("imagesdk.model", call.ProviderModelId);
            activity?.SetTag("imagesdk.images", call.Count);
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            var success = false;
            try
            {
                context.Runner.Logger.LogInformation("Step {Step}: {Count} image(s) from {Provider} ({Model}), seed {Seed}", Printable.Escape(name), call.Count, call.Provider.Name, call.ProviderModelId, call.Seed);
                images = await call.Provider.GenerateAsync(request, context.CancellationToken).ConfigureAwait(false);
                success = true;
            }
            catch (ProviderException ex)
            {
                activity?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, ex.Code);
                throw new StepException(ex.Code, $"{call.Provider.Name} ({call.ProviderModelId}): {ex.Message}");
            }
            catch (Exception ex) when (ex is not OperationCanceledException and not StepException && StepException.NativeLibraryProblem(ex) is null)
            {
                activity?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, ex.GetType().Name);
                throw new StepException("IMAGE_GENERATE_PROVIDER_ERROR", $"{call.Provider.Name} failed: {StepException.FirstLine(ex.Message)}");
            }
            finally
            {
                limit.Release();
                ImageSdkTelemetry.RecordCall(call.Provider.Name, call.ProviderModelId, success, System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds);
            }

            if (images.Count != call.Count)
            {
                throw new StepException(ProviderErrors.Failed, $"{call.Provider.Name} ({call.ProviderModelId}) returned {images.Count} image(s) for {call.Count} asked");
            }

            var files = new List<ResultFile>();
            var maxSide = MaxSide(call.Model);
            for (var k = 0; k < images.Count; k++)
            {
                context.CancellationToken.ThrowIfCancellationRequested();
                var generated = images[k];
                await context.Finishing.WaitAsync(context.CancellationToken).ConfigureAwait(false);
                try
                {
                    files.Add(await FinishAsync(call, inputs, generated, call.Index + k, Math.Max(maxSide, Math.Max(width, height))).ConfigureAwait(false));
                }
                finally
                {
                    context.Finishing.Release();
                }
            }

            return files;
        }

        /// <summary>Makes, measures and writes one output file.</summary>
        private async Task<ResultFile> FinishAsync(Call call, Inpainting? inputs, ProviderImage generated, int index, int maxSide)
        {
            var name = step.Name;
            var bytes = Finish(generated, call, inputs, maxSide);
            var basename = (call.Image?.Basename ?? name) + (call.Total > 1 ? "-" + (index + 1).ToString(CultureInfo.InvariantCulture) : string.Empty);
            var ext = ImageOps.Extension(call.Format);
            var meta = Meta(bytes, call.Format, call.OutputMeta);
            meta["seed"] = call.Route?.Native is { Seed: false } ? null : generated.Seed;
            meta["model"] = call.Model.Id;
            meta["provider"] = call.Provider.Name;
            var path = await context.Output.WriteAsync(name, basename + "." + ext, bytes, context.CancellationToken).ConfigureAwait(false);
            var source = new SourceFile(path, Path.GetFileName(path), ImageOps.MimeType(call.Format));
            context.Track(source);
            var file = new ResultFile
            {
                Id = RunContext.NewId(),
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
            context.Written(name, file);
            ImageSdkTelemetry.RecordImages(call.Provider.Name, call.Model.Id, 1);
            return file;
        }

        /// <summary>The file to write: the provider's image composited over the original outside the mask, and in the requested format.</summary>
        private byte[] Finish(ProviderImage generated, Call call, Inpainting? inputs, int maxSide)
        {
            if (inputs?.Area is { } area)
            {
                using var fill = Decode(generated, maxSide);
                using var final = ImageOps.Composite(inputs.Original.Image, fill, area);
                return ImageOps.Encode(final, call.Format);
            }

            if (call.Format == "svg")
            {
                return generated.Format == "svg"
                    ? generated.Bytes
                    : throw new StepException("IMAGE_GENERATE_VALIDATION", $"{call.Provider.Name} returned {generated.Format}, which cannot become svg");
            }

            // Decoded in full within the run's limits even when no conversion is needed: a truncated or oversized image
            // from a provider fails here, before anything is written. Bytes in the requested format are kept as they came
            // unless they had to be shrunk to the model's largest side.
            using var decoded = Decode(generated, maxSide);
            return generated.Format == call.Format && Math.Max(decoded.Width, decoded.Height) < maxSide
                ? generated.Bytes
                : ImageOps.Encode(decoded, call.Format);
        }

        /// <summary>The provider's image, decoded within the run's limits and at most <paramref name="maxSide"/> on a side.</summary>
        private Image Decode(ProviderImage generated, int maxSide) => ImageOps.DecodeToFit(
            generated.Bytes, "the provider's image", context.Options.MaxPixels, context.Options.MaxSvgPixels, maxSide, context.Options.DecodeTimeout, context.CancellationToken);

        /// <summary>The longest side the model works at: an input larger than it is shrunk, and no output exceeds it.</summary>
        private static int MaxSide(ModelSpec model) => model.Capabilities.Size.Max ?? DefaultMaxSide;

        private Dictionary<string, object?> Meta(byte[] bytes, string format, HashSet<string> outputMeta)
        {
            var meta = new Dictionary<string, object?>(StringComparer.Ordinal);
            try
            {
                using var image = Image.NewFromBuffer(bytes);
                RunContext.AddSize(meta, image.Width, image.Height);
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
                context.Ignore(new IgnoredStepError(step.Name, "meta", "META_EXTRACTION_FAILED", StepException.FirstLine(ex.Message)));
            }
            catch (VipsException ex)
            {
                throw new StepException("META_EXTRACTION_FAILED", $"metadata of the {format} output failed: {StepException.FirstLine(ex.Message)}");
            }

            return meta;
        }

        /// <summary>
        /// The size to generate without an input: width/height where the model honours them (clamped to its range, with a
        /// warning when a value is beyond it; never wrapped), else the (snapped) ratio at 1024 px on the long side.
        /// </summary>
        private (int Width, int Height, string Ratio) Size(ModelSpec model, ProviderRoute? route)
        {
            var capabilities = model.Capabilities;
            var ratio = step.Text(Parameter.AspectRatio) ?? capabilities.DefaultAspectRatio;
            var ratios = route?.Native is { } native ? native.AspectRatios : capabilities.AspectRatios; // a route with no list takes any ratio
            if (ratios.Count > 0)
            {
                ratio = AspectRatio.Snap(ratios, ratio) ?? capabilities.DefaultAspectRatio;
            }

            var size = capabilities.Size;
            var (min, max) = (size.Min ?? 1, size.Max ?? 8192);
            if (size.Supported && (step.Integer(Parameter.Width, out _) is not null || step.Integer(Parameter.Height, out _) is not null))
            {
                // Each given side clamped once (one warning each); a missing side follows the ratio.
                var width = Clamp(Parameter.Width, step.Integer(Parameter.Width, out _), min, max, model);
                var height = Clamp(Parameter.Height, step.Integer(Parameter.Height, out _), min, max, model);
                var shape = AspectRatio.TryParseShape(ratio, out var parsed) ? parsed : 1; // decimals too (2.39:1)
                var w = width ?? (int)Math.Clamp((double)height!.Value * shape, min, max);
                var h = height ?? (int)Math.Clamp((double)w / shape, min, max);
                if (step.Text(Parameter.AspectRatio) is null && width is not null && height is not null)
                {
                    // No aspect_ratio: the shape (and, for routes with a ratio list, the listed ratio nearest it) follows width and height.
                    var sized = $"{w}:{h}";
                    ratio = ratios.Count > 0 ? AspectRatio.Snap(ratios, sized) ?? ratio : sized;
                }

                return (Fit(w, size), Fit(h, size), ratio);
            }

            var xy = AspectRatio.TryParseShape(ratio, out var ratioShape) ? ratioShape : 1;
            var longSide = Math.Min(1024, max);
            var (ow, oh) = xy >= 1 ? (longSide, (int)Math.Round(longSide / xy)) : ((int)Math.Round(longSide * xy), longSide);
            return (Fit(ow, size), Fit(oh, size), ratio);
        }

        private int? Clamp(string parameter, long? value, int min, int max, ModelSpec model)
        {
            if (value is not { } v)
            {
                return null;
            }

            if (v > max || v < min)
            {
                var used = (int)Math.Clamp(v, min, max);
                context.Warn($"step '{step.Name}': {parameter} {v.ToString(CultureInfo.InvariantCulture)} is outside {model.Id}'s range {min}..{max}; {used} is used");
                return used;
            }

            return (int)v;
        }

        private static int Fit(int value, SizeSupport size)
        {
            value = Math.Max(size.Min ?? 1, Math.Min(size.Max ?? 8192, value));
            return size.MultipleOf is { } step ? Math.Max(step, value / step * step) : value;
        }

        /// <summary>How the route takes a mask (models.json), else the provider's own convention.</summary>
        private static MaskConvention MaskConventionOf(IImageProvider provider, ProviderRoute? route) => route?.Native?.Mask switch
        {
            "white-repaints" => MaskConvention.WhiteRepaints,
            "transparent-edits" => MaskConvention.TransparentEdits,
            "none" => MaskConvention.None,
            _ => provider.MaskConvention,
        };

        /// <summary>
        /// The format to ask the route for: the requested one where the route returns it, else one it does (png first) that
        /// the runner converts; an inpainted image comes back as png (or the route's own) to be composited.
        /// </summary>
        private static string RequestFormat(string format, RouteCapabilities? native, bool inpainting)
        {
            if (native is null)
            {
                return inpainting ? "png" : format;
            }

            if (!inpainting && (native.Formats.Contains(format) || (format == "jpeg" && native.Formats.Contains("jpg"))))
            {
                return format;
            }

            return native.Formats.Contains("png") ? "png" : native.Formats[0];
        }

        private static long DefaultSeed(string prompt) => BitConverter.ToUInt32(SHA256.HashData(Encoding.UTF8.GetBytes(prompt)), 0) % 1_000_000;
    }
}
