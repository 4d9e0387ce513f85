using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using ImageSdk.Tables;

namespace ImageSdk.Providers;

/// <summary>The mask convention of a route (<see cref="RouteCapabilities.Mask"/> in schema/models.json): the route decides, not the provider.</summary>
internal static class MaskConventions
{
    /// <summary>
    /// How <paramref name="route"/> takes a mask, from its native data; a call without a catalog route (the offline renderer,
    /// a provider of your own under another name) gets the plain black and white mask, white repainted.
    /// </summary>
    public static MaskConvention Of(ProviderRoute? route) => route?.Native?.Mask ?? MaskConvention.WhiteRepaints;
}

/// <summary>A file given to a provider.</summary>
/// <param name="Bytes">The file's bytes.</param>
/// <param name="MimeType">Its MIME type.</param>
/// <param name="FileName">Its name.</param>
/// <param name="Role">The role it plays (<c>image</c>, <c>mask</c>, or another <c>as</c>).</param>
/// <param name="Field">The upload field it came from, if any.</param>
public sealed record ProviderFile(byte[] Bytes, string MimeType, string FileName, string Role = "image", string? Field = null)
{
    /// <summary>
    /// The file described for a prompt, as Transloadit does for models that read roles from the prompt, e.g.
    /// <c>image: photo.png (image/png, upload field "photo")</c>.
    /// </summary>
    public string Describe() => $"{Role}: {FileName} ({MimeType}{(Field is null ? string.Empty : $", upload field \"{Field}\"")})";
}

/// <summary>One call to a provider: up to the model's per-call maximum of images.</summary>
/// <param name="Model">The catalog model.</param>
/// <param name="ProviderModelId">The provider's id for the model.</param>
/// <param name="Prompt">The prompt.</param>
/// <param name="Seed">The seed of the first image; image k has seed + k.</param>
/// <param name="Count">How many images.</param>
/// <param name="Width">The width to generate.</param>
/// <param name="Height">The height to generate.</param>
/// <param name="AspectRatio">The aspect ratio, snapped to the model's list where it has one.</param>
/// <param name="Format">The format wanted (the runner converts what comes back).</param>
/// <param name="Style">The style, if any.</param>
/// <param name="Image">The input image, if any.</param>
/// <param name="Mask">The mask, in the route's convention (<see cref="RouteCapabilities.Mask"/>), if any.</param>
/// <param name="Route">The catalog route being called, with what it does natively; null for the offline renderer.</param>
/// <param name="References">More input images for the same call: files of other roles (<c>style_reference</c>, ...) and the
/// other files of a bundle, up to the route's <see cref="RouteCapabilities.MaxInputImages"/>; each described in the prompt.</param>
/// <param name="AskedWidth">The width the step asked for (width/height given, clamped to the model's range); null when it gave
/// neither, so <paramref name="Width"/> and <paramref name="Height"/> follow the ratio or the input. A provider that must
/// ask its API for another size gives back this size.</param>
/// <param name="AskedHeight">The height the step asked for; null when it gave neither width nor height.</param>
public sealed record ProviderRequest(
    ModelSpec Model,
    string ProviderModelId,
    string Prompt,
    long Seed,
    int Count,
    int Width,
    int Height,
    string AspectRatio,
    string Format,
    string? Style,
    ProviderFile? Image,
    ProviderFile? Mask,
    ProviderRoute? Route = null,
    IReadOnlyList<ProviderFile>? References = null,
    int? AskedWidth = null,
    int? AskedHeight = null)
{
    /// <summary>The input images after the first: the references (empty when none).</summary>
    public IReadOnlyList<ProviderFile> MoreImages => References ?? Array.Empty<ProviderFile>();

    /// <summary>
    /// The prompt with the input files described before it (role, name, MIME type, upload field), as Transloadit does for
    /// models that read roles from the prompt.
    /// </summary>
    public string PromptWithInputs()
    {
        var files = new List<string>();
        if (Image is not null)
        {
            files.Add(Image.Describe());
        }

        if (Mask is not null)
        {
            files.Add(Mask.Describe());
        }

        files.AddRange(MoreImages.Select(f => f.Describe()));
        return files.Count == 0 ? Prompt : "Input files: " + string.Join("; ", files) + ".\n" + Prompt;
    }
}

/// <summary>One image a provider returned.</summary>
/// <param name="Bytes">The encoded image.</param>
/// <param name="Format">Its format: png, jpeg, webp, gif or svg.</param>
/// <param name="Seed">The seed it was made with; null when the route takes no seed, so none was used.</param>
public sealed record ProviderImage(byte[] Bytes, string Format, long? Seed);

/// <summary>
/// A place that generates images: Google, OpenAI, Replicate, Transloadit, or the offline renderer. Implementations speak
/// their provider's wire format; the runner handles fan-out, masks, compositing, conversion and metadata.
/// </summary>
public interface IImageProvider
{
    /// <summary>The <c>provider</c> value that selects it, e.g. <c>offline</c>.</summary>
    string Name { get; }

    /// <summary>Whether its credentials are configured, so it can run without being named.</summary>
    bool IsConfigured { get; }

    /// <summary>How many calls may run at once.</summary>
    int MaxConcurrency { get; }

    /// <summary>Generates <see cref="ProviderRequest.Count"/> images.</summary>
    /// <param name="request">The call.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<IReadOnlyList<ProviderImage>> GenerateAsync(ProviderRequest request, CancellationToken cancellationToken);
}
