using System;
using System.Collections.Generic;
using ImageSdk.Imaging;
using NetVips;

namespace ImageSdk.Running;

/// <summary><c>output_meta</c> of a generated image: its size, and the measures the step asks for, from one decode.</summary>
internal sealed partial class Generation
{
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
                if (outputMeta.Contains(OutputMetaField.HasTransparency.ToJsonValue()))
                {
                    meta[OutputMetaField.HasTransparency.ToJsonValue()] = ImageOps.HasTransparency(pixels.Span, pixels.Channels);
                }

                if (outputMeta.Contains(OutputMetaField.DominantColors.ToJsonValue()))
                {
                    meta[OutputMetaField.DominantColors.ToJsonValue()] = ImageOps.DominantColors(pixels.Span, pixels.Width, pixels.Height, pixels.Channels);
                }

                if (outputMeta.Contains(OutputMetaField.Blurhash.ToJsonValue()))
                {
                    meta[OutputMetaField.Blurhash.ToJsonValue()] = BlurHash.Encode(pixels.Span, pixels.Width, pixels.Height, pixels.Channels, 4, 3);
                }
            }
        }
        catch (VipsException ex) when (step.IgnoresErrors(IgnoredError.Meta))
        {
            context.Ignore(new IgnoredStepError(step.Name, IgnoredError.Meta.ToJsonValue(), "META_EXTRACTION_FAILED", StepException.FirstLine(ex.Message)));
        }
        catch (VipsException ex)
        {
            throw new StepException("META_EXTRACTION_FAILED", $"metadata of the {format} output failed: {StepException.FirstLine(ex.Message)}");
        }

        return meta;
    }

}
