using System;
using System.Globalization;
using System.IO;
using System.Threading.Tasks;
using ImageSdk.Imaging;
using ImageSdk.Providers;
using ImageSdk.Tables;
using NetVips;

namespace ImageSdk.Running;

/// <summary>Finishing a generated image: composite over the original, encode in the requested format, measure, write.</summary>
internal sealed partial class Generation
{
    /// <summary>Makes, measures and writes one output file.</summary>
    private async Task<ResultFile> FinishAsync(Call call, Inpainting? inputs, ProviderImage generated, int index, int maxSide)
    {
        var name = step.Name;
        var bytes = Finish(generated, call, inputs, maxSide);
        var basename = (call.Image?.Basename ?? name) + (call.Total > 1 ? "-" + (index + 1).ToString(CultureInfo.InvariantCulture) : string.Empty);
        var ext = ImageOps.Extension(plan.Format);
        var meta = Meta(bytes, plan.Format, call.OutputMeta);
        meta["seed"] = plan.Route?.Native is { Seed: false } ? null : generated.Seed;
        meta["model"] = plan.Model.Id;
        meta["provider"] = plan.Provider.Name;
        var path = await context.Output.WriteAsync(name, basename + "." + ext, bytes, context.CancellationToken).ConfigureAwait(false);
        var source = new SourceFile(path, Path.GetFileName(path), ImageOps.MimeType(plan.Format));
        context.Track(source);
        var file = new ResultFile
        {
            Id = RunContext.NewId(),
            Name = Path.GetFileName(path),
            Basename = Path.GetFileNameWithoutExtension(path),
            Ext = ext,
            Size = bytes.Length,
            Mime = ImageOps.MimeType(plan.Format),
            Type = "image",
            Field = call.Image?.Field,
            OriginalId = call.Image?.OriginalId,
            Meta = meta,
            Path = path,
            Source = source,
        };
        context.Written(name, file);
        ImageSdkTelemetry.RecordImages(plan.Provider.Name, plan.Model.Id, 1);
        return file;
    }

    /// <summary>The file to write: the provider's image composited over the original outside the mask, and in the requested format.</summary>
    private byte[] Finish(ProviderImage generated, Call call, Inpainting? inputs, int maxSide)
    {
        if (inputs?.Area is { } area)
        {
            using var fill = Decode(generated, maxSide);
            using var final = ImageOps.Composite(inputs.Original.Image, fill, area);
            return ImageOps.Encode(final, plan.Format);
        }

        if (plan.Format == "svg")
        {
            return generated.Format == "svg"
                ? generated.Bytes
                : throw new StepException("IMAGE_GENERATE_VALIDATION", $"{plan.Provider.Name} returned {generated.Format}, which cannot become svg");
        }

        // Decoded in full within the run's limits even when no conversion is needed: a truncated or oversized image
        // from a provider fails here, before anything is written. Bytes in the requested format are kept as they came
        // unless they had to be shrunk to the model's largest side.
        using var decoded = Decode(generated, maxSide);
        return generated.Format == plan.Format && Math.Max(decoded.Width, decoded.Height) < maxSide
            ? generated.Bytes
            : ImageOps.Encode(decoded, plan.Format);
    }

    /// <summary>The provider's image, decoded within the run's limits and at most <paramref name="maxSide"/> on a side.</summary>
    private Image Decode(ProviderImage generated, int maxSide) => ImageOps.DecodeToFit(
        generated.Bytes, "the provider's image", context.Options.MaxPixels, context.Options.MaxSvgPixels, maxSide, context.Options.DecodeTimeout, context.CancellationToken);

    /// <summary>The longest side the model works at: an input larger than it is shrunk, and no output exceeds it.</summary>
    private static int MaxSide(ModelSpec model) => model.Capabilities.Size.Max ?? DefaultMaxSide;

}
