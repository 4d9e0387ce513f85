using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using ImageSdk.Imaging;
using ImageSdk.Providers;
using ImageSdk.Tables;
using NetVips;
using Parameter = ImageSdk.ImageGenerateStep.ParameterNames;

namespace ImageSdk.Running;

/// <summary>One run of a <see cref="GenerationPlan"/>: its invocations, their provider calls, and their files as each is finished.</summary>
internal sealed partial class Generation(GenerationPlan plan, StepInstructions step, RunContext context)
{
    /// <summary>The longest side an input is worked at for a model whose catalog entry gives no maximum size.</summary>
    private const int DefaultMaxSide = 2048;

    public async Task<IReadOnlyList<ResultFile>> ExecuteAsync()
    {
        var name = step.Name;
        var (model, provider, route, inputs) = (plan.Model, plan.Provider, plan.Route, plan.Inputs);
        if (inputs.MakesNothing)
        {
            return inputs.Passed; // its notice came with the plan
        }

        var count = plan.Count;
        var seed = Seed(plan.Prompt, count);
        var outputMeta = step.OutputMeta(SchemaTables.FindRobot(ImageGenerateStep.RobotName)!.FindParameter(Parameter.OutputMeta)?.EnumValues ?? Array.Empty<string>());
        var images = inputs.Images;
        var masks = inputs.Masks;
        var maxSide = MaxSide(model);
        var invocations = images.Count == 0 ? new List<ResultFile?> { null } : images.Select(i => (ResultFile?)i).Take(inputs.Bundled ? 1 : images.Count).ToList();
        var referenceFiles = References(model, provider, route, inputs.References.ToList(), images.Count > 0, maxSide);

        // The size and ratio the step asked for: a generation's own; an edit's only when the step gave them (else the input's).
        var sizeAsked = model.Capabilities.Size.Supported && (step.Integer(Parameter.Width, out _) is not null || step.Integer(Parameter.Height, out _) is not null);
        var ratioAsked = step.Text(Parameter.AspectRatio) is not null;
        (int Width, int Height, string Ratio) size = default;
        (int Width, int Height)? asked = null; // exactly as asked (clamped to the range, not snapped to the catalog's step)
        if (images.Count == 0 || sizeAsked || ratioAsked)
        {
            size = Size(model, route, out var exact);
            asked = sizeAsked ? exact : null;
        }

        var total = invocations.Count * count;
        var produced = new ResultFile?[total];
        var done = 0;
        var work = new List<Task>();
        for (var n = 0; n < invocations.Count; n++)
        {
            var image = invocations[n];
            var mask = masks.Count == 0 ? null : masks.Count == images.Count ? masks[n] : masks[0];

            // Decoded once for every call of this invocation (the decode itself is shared by every step using the file).
            var prepared = image is null ? null : new Lazy<Inpainting>(() => Prepare(image, mask, maxSide, MaskConventions.Of(route)), LazyThreadSafetyMode.ExecutionAndPublication);
            for (var first = 0; first < count; first += plan.PerCall)
            {
                var (invocation, offset, calls) = (n, first, Math.Min(plan.PerCall, count - first));
                work.Add(Task.Run(
                    async () =>
                    {
                        var call = new Call(seed + offset, calls, image, prepared, size, asked, ratioAsked, outputMeta, (invocation * count) + offset, total, referenceFiles);
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

        return produced.Where(f => f is not null).Select(f => f!).Concat(inputs.Passed).ToList();
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

    /// <summary>One provider call of the plan: its seed and count, the invocation's image, and where its files go.</summary>
    private sealed record Call(
        long Seed, int Count, ResultFile? Image, Lazy<Inpainting>? Inputs, (int Width, int Height, string Ratio) Size, (int Width, int Height)? Asked, bool RatioAsked, HashSet<string> OutputMeta, int Index, int Total,
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
        return new Inpainting(original, area, file, ImageGenerateExecutor.MaskFor(convention, original.Image, area, mask.Field));
    }

    /// <summary>
    /// The size to generate without an input: width/height where the model honours them (clamped to its range, with a
    /// warning when a value is beyond it; never wrapped), else the (snapped) ratio at 1024 px on the long side. Sides are
    /// snapped to the catalog's step; <paramref name="exact"/> is the size before that snapping, which the user gets back
    /// (a provider that must ask its API for another size resizes to it: gpt-image-2's 1000x600 is not its 992x592).
    /// </summary>
    private (int Width, int Height, string Ratio) Size(ModelSpec model, ProviderRoute? route, out (int Width, int Height) exact)
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

            exact = (w, h);
            return (Fit(w, size), Fit(h, size), ratio);
        }

        var xy = AspectRatio.TryParseShape(ratio, out var ratioShape) ? ratioShape : 1;
        var longSide = Math.Min(1024, max);
        var (ow, oh) = xy >= 1 ? (longSide, (int)Math.Round(longSide / xy)) : ((int)Math.Round(longSide * xy), longSide);
        exact = (Fit(ow, size), Fit(oh, size));
        return (exact.Width, exact.Height, ratio);
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

    /// <summary>The seed of a step that gives none: from its prompt, so a rerun makes the same images.</summary>
    private static long DefaultSeed(string prompt) => BitConverter.ToUInt32(SHA256.HashData(Encoding.UTF8.GetBytes(prompt)), 0) % 1_000_000;
}
