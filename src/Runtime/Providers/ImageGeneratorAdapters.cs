using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using ImageSdk.Tables;
using Microsoft.Extensions.AI;

#pragma warning disable MEAI001 // IImageGenerator is experimental in Microsoft.Extensions.AI.Abstractions

namespace ImageSdk.Providers;

/// <summary>
/// Bridges between ImageSdk providers and Microsoft.Extensions.AI's <see cref="IImageGenerator"/>, both ways: any
/// provider is an <see cref="IImageGenerator"/> (<see cref="AsImageGenerator"/>), and any <see cref="IImageGenerator"/>, for
/// example <c>ImageClient.AsIImageGenerator()</c> from Microsoft.Extensions.AI.OpenAI, serves as a provider
/// (<see cref="AsImageProvider"/>).
/// </summary>
public static class ImageGeneratorAdapters
{
    /// <summary>The <see cref="ImageGenerationOptions.AdditionalProperties"/> key of the seed.</summary>
    public const string SeedProperty = "seed";

    /// <summary>The <see cref="ImageGenerationOptions.AdditionalProperties"/> key of the aspect ratio.</summary>
    public const string AspectRatioProperty = "aspect_ratio";

    /// <summary>The <see cref="ImageGenerationOptions.AdditionalProperties"/> key of the style.</summary>
    public const string StyleProperty = "style";

    /// <summary>The provider as an <see cref="IImageGenerator"/>; <see cref="ImageGenerationOptions.ModelId"/> picks a catalog model.</summary>
    /// <param name="provider">The provider.</param>
    /// <param name="defaultModel">The catalog model when the options name none; the catalog's default when null.</param>
    public static IImageGenerator AsImageGenerator(this IImageProvider provider, string? defaultModel = null) =>
        new ProviderImageGenerator(provider ?? throw new ArgumentNullException(nameof(provider)), defaultModel);

    /// <summary>An <see cref="IImageGenerator"/> as a provider named <paramref name="name"/> (e.g. <c>openai</c>, to serve that route).</summary>
    /// <param name="generator">The generator.</param>
    /// <param name="name">The <c>provider</c> value it serves.</param>
    /// <param name="maxConcurrency">How many calls may run at once.</param>
    public static IImageProvider AsImageProvider(this IImageGenerator generator, string name, int maxConcurrency = 4) =>
        new ImageGeneratorProvider(generator ?? throw new ArgumentNullException(nameof(generator)), name ?? throw new ArgumentNullException(nameof(name)), maxConcurrency);

    private static string MediaType(string format) => Imaging.ImageOps.MimeType(format);

    private static string? Format(string? mediaType) => Imaging.ImageOps.FormatOfMimeType(mediaType);

    /// <summary>An ImageSdk provider behind <see cref="IImageGenerator"/>.</summary>
    private sealed class ProviderImageGenerator(IImageProvider provider, string? defaultModel) : IImageGenerator
    {
        public async Task<ImageGenerationResponse> GenerateAsync(ImageGenerationRequest request, ImageGenerationOptions? options = null, CancellationToken cancellationToken = default)
        {
            ArgumentNullException.ThrowIfNull(request);
            var modelName = options?.ModelId ?? defaultModel ?? SchemaTables.DefaultModel ?? string.Empty;
            // A catalog id, or a route's own model id (what the runner sends a provider, e.g. black-forest-labs/flux-schnell).
            var model = SchemaTables.FindModel(modelName)
                ?? SchemaTables.Models.FirstOrDefault(m => m.Providers.Any(r => r.ModelId == modelName))
                ?? throw new ArgumentException($"'{modelName}' is not a catalog model; models: {string.Join(", ", SchemaTables.Models.Select(m => m.Id))}", nameof(options));
            var route = model.Providers.FirstOrDefault(r => r.Provider == provider.Name);
            var image = request.OriginalImages?.OfType<DataContent>().FirstOrDefault();
            var format = Format(options?.MediaType) ?? model.Capabilities.DefaultFormat;
            var properties = options?.AdditionalProperties;
            var seed = properties?.TryGetValue(SeedProperty, out var s) == true && s is not null ? Convert.ToInt64(s, System.Globalization.CultureInfo.InvariantCulture) : 0L;

            // An edit (EditImageAsync) keeps the input's size, and its transparent area is the mask: the original is kept
            // outside it, pixel for pixel, as the runner does for a step with a mask.
            using var original = image is null ? null : NetVips.Image.NewFromBuffer(image.Data.ToArray(), access: NetVips.Enums.Access.Random);
            using var area = original is not null && Imaging.ImageOps.HasTransparency(original) ? Imaging.ImageOps.RegenerateArea(original, null).CopyMemory() : null;
            var size = options?.ImageSize ?? (original is null ? new System.Drawing.Size(1024, 1024) : new System.Drawing.Size(original.Width, original.Height));
            var ratio = properties?.TryGetValue(AspectRatioProperty, out var r) == true && r is string given ? given : $"{size.Width}:{size.Height}";
            var providerRequest = new ProviderRequest(
                model,
                route?.ModelId ?? model.Id,
                request.Prompt ?? string.Empty,
                seed,
                Math.Max(1, options?.Count ?? 1),
                size.Width,
                size.Height,
                ratio,
                format,
                properties?.TryGetValue(StyleProperty, out var style) == true ? style as string : null,
                image is null ? null : new ProviderFile(image.Data.ToArray(), image.MediaType, image.Name ?? "image"),
                original is null || area is null ? null : Running.ImageGenerateExecutor.MaskFor(MaskConventions.Of(route), original, area, null),
                route);
            var images = await provider.GenerateAsync(providerRequest, cancellationToken).ConfigureAwait(false);
            return new ImageGenerationResponse(images.Select(i => (AIContent)Edited(i, original, area, options?.ImageSize is null, format)).ToList());
        }

        /// <summary>The provider's image as content: for an edit, composited over the original outside its transparent area, or brought to the original's size.</summary>
        private static DataContent Edited(ProviderImage generated, NetVips.Image? original, NetVips.Image? area, bool keepSize, string format)
        {
            if (original is null || generated.Format == "svg" || (area is null && !keepSize))
            {
                return new DataContent(generated.Bytes, MediaType(generated.Format));
            }

            using var fill = NetVips.Image.NewFromBuffer(generated.Bytes, access: NetVips.Enums.Access.Random);
            if (area is null && fill.Width == original.Width && fill.Height == original.Height)
            {
                return new DataContent(generated.Bytes, MediaType(generated.Format));
            }

            using var final = area is not null
                ? Imaging.ImageOps.Composite(original, fill, area)
                : fill.Resize((double)original.Width / fill.Width, vscale: (double)original.Height / fill.Height);
            var encoding = format == "svg" ? "png" : format;
            return new DataContent(Imaging.ImageOps.Encode(final, encoding), MediaType(encoding));
        }

        public object? GetService(Type serviceType, object? serviceKey = null) =>
            serviceKey is not null ? null
            : serviceType == typeof(ImageGeneratorMetadata) ? new ImageGeneratorMetadata(provider.Name, defaultModelId: defaultModel)
            : serviceType.IsInstanceOfType(this) ? this
            : serviceType.IsInstanceOfType(provider) ? provider
            : null;

        public void Dispose()
        {
        }
    }

    /// <summary>An <see cref="IImageGenerator"/> as a provider: the runner's call becomes one <c>GenerateAsync</c>.</summary>
    private sealed class ImageGeneratorProvider(IImageGenerator generator, string name, int maxConcurrency) : IImageProvider
    {
        public string Name => name;

        public bool IsConfigured => true;

        public int MaxConcurrency => Math.Max(1, maxConcurrency);

        public async Task<IReadOnlyList<ProviderImage>> GenerateAsync(ProviderRequest request, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(request);
            var options = new ImageGenerationOptions
            {
                Count = request.Count,
                ImageSize = new System.Drawing.Size(request.Width, request.Height),
                MediaType = MediaType(request.Format),
                ModelId = request.ProviderModelId,
                AdditionalProperties = new AdditionalPropertiesDictionary { [SeedProperty] = request.Seed, [AspectRatioProperty] = request.AspectRatio },
            };
            if (request.Style is not null)
            {
                options.AdditionalProperties[StyleProperty] = request.Style;
            }

            var generation = new ImageGenerationRequest(request.Image is null ? request.Prompt : request.PromptWithInputs(), request.Image is null ? null : [new DataContent(request.Image.Bytes, request.Image.MimeType) { Name = request.Image.FileName }]);
            var response = await generator.GenerateAsync(generation, options, cancellationToken).ConfigureAwait(false);
            var images = new List<ProviderImage>();
            foreach (var content in response.Contents)
            {
                if (content is DataContent data && Format(data.MediaType) is { } format)
                {
                    images.Add(new ProviderImage(data.Data.ToArray(), format, null));
                }
            }

            return images.Count > 0 ? images : throw new ProviderException(ProviderErrors.Failed, $"{name}: the image generator returned no image data");
        }
    }
}
