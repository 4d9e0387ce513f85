using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using ImageSdk.Imaging;
using NetVips;
using Parameter = ImageSdk.ImageOptimizeStep.ParameterNames;

namespace ImageSdk.Running;

/// <summary>
/// <c>/image/optimize</c> on NetVips, per input image: re-encoded losslessly (png at the highest compression with every
/// row filter tried, webp lossless when the input is), <c>progressive</c> (interlaced png, progressive jpeg),
/// <c>preserve_meta_data</c> (false strips EXIF, XMP, IPTC and the ICC profile). A jpeg or lossy webp is re-encoded only
/// with <c>lossy: true</c>. The output is never larger than the input: when re-encoding does not shrink a file, the
/// input's bytes are written as they are.
/// </summary>
internal sealed class ImageOptimizeExecutor : IStepExecutor
{
    /// <summary>The quality of a lossy re-encoding (<c>lossy: true</c>).</summary>
    private const int LossyQuality = 85;

    private static readonly HashSet<string> s_applied = new(StringComparer.Ordinal)
    {
        "robot", Parameter.Use, Parameter.Progressive, Parameter.PreserveMetaData, Parameter.Lossy, Parameter.Priority, Parameter.FixBreakingImages,
        Parameter.Interpolate, Parameter.OutputMeta, Parameter.Result, Parameter.Queue, Parameter.ForceAccept, Parameter.IgnoreErrors,
    };

    public string Robot => ImageOptimizeStep.RobotName;

    public StepPlan Plan(StepContext context) => StepPlan.Local(context);

    public Task<IReadOnlyList<ResultFile>> ExecuteAsync(StepPlan plan, StepContext context) => RunAsync(context.Instructions, context.Run);

    private static async Task<IReadOnlyList<ResultFile>> RunAsync(StepInstructions step, RunContext context)
    {
        var robot = ImageOptimizeStep.RobotName;
        bool Switch(string name) => step.TryValue(name, out var value) ? value is true or "true" : LocalImageStep.DefaultOf(robot, name) == "true";
        var settings = (Progressive: Switch(Parameter.Progressive), KeepMetadata: Switch(Parameter.PreserveMetaData), Lossy: Switch(Parameter.Lossy));
        LocalImageStep.WarnUnapplied(step, context, s_applied);
        var (images, passed) = await LocalImageStep.InputsAsync(step, context, step.Flag(Parameter.ForceAccept)).ConfigureAwait(false);
        return await LocalImageStep.ForEachAsync(step, context, images, passed, async input =>
        {
            var bytes = LocalImageStep.Read(input, context);
            var (optimized, format, width, height) = Optimize(bytes, input, settings.Progressive, settings.KeepMetadata, settings.Lossy, context.Options);
            var meta = new Dictionary<string, object?>(StringComparer.Ordinal) { ["original_size"] = (long)bytes.Length, ["optimized"] = !ReferenceEquals(optimized, bytes) };
            return await LocalImageStep.WriteAsync(step, context, input, optimized, format, width, height, meta).ConfigureAwait(false);
        }).ConfigureAwait(false);
    }

    /// <summary>The optimized bytes (the input itself when re-encoding does not make it smaller), the format, and the size.</summary>
    internal static (byte[] Bytes, string Format, int Width, int Height) Optimize(byte[] bytes, ResultFile input, bool progressive, bool keepMetadata, bool lossy, RunOptions options)
    {
        using var image = Image.NewFromBuffer(bytes, access: Enums.Access.Sequential, failOn: Enums.FailOn.Truncated);
        if ((long)image.Width * image.Height > options.MaxPixels)
        {
            throw new ImageInputException($"'{input.Name}' is {image.Width}x{image.Height} = {(long)image.Width * image.Height / 1e6:0.#} megapixels; the limit is {options.MaxPixels / 1e6:0.#} megapixels (checked from its header, before decoding)");
        }

        var loader = image.Contains("vips-loader") ? image.Get("vips-loader") as string ?? string.Empty : string.Empty;
        var format = ImageEncoder.Canonical(loader.Split("load")[0]);
        var losslessInput = format switch
        {
            "png" or "gif" => true,
            "webp" => bytes.AsSpan().IndexOf("VP8L"u8) >= 0, // a lossless webp: its bitstream chunk is VP8L
            _ => false,
        };
        if (format is null or "gif" || (!losslessInput && !lossy))
        {
            // Nothing here re-encodes it without loss (a jpeg's DCT data, a lossy webp, a gif's palette): kept as it is.
            return (bytes, format ?? input.Ext, image.Width, image.Height);
        }

        var settings = new EncodeSettings(LossyQuality, keepMetadata, progressive, Lossless: losslessInput);
        var encoded = ImageEncoder.Encode(image, format, settings);
        return encoded.Length < bytes.Length ? (encoded, format, image.Width, image.Height) : (bytes, format, image.Width, image.Height);
    }
}
