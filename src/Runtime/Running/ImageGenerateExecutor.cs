using System.Collections.Generic;
using System.Threading.Tasks;
using ImageSdk.Providers;
using NetVips;

namespace ImageSdk.Running;

/// <summary>
/// <c>/image/generate</c>: planned by <see cref="GenerationPlan"/> (model, route, inputs by role, num_outputs), then run
/// from that plan: once per input image (or once, text-to-image, for a step without <c>use</c>), num_outputs split over
/// provider calls with seeds seed, seed+1, ... (<see cref="Generation"/>); inpainted images composited over the original
/// outside the mask, converted to the requested format, measured (<c>output_meta</c>) and written as each is made.
/// </summary>
internal sealed class ImageGenerateExecutor : IStepExecutor
{
    public string Robot => ImageGenerateStep.RobotName;

    public StepPlan Plan(StepContext context) => GenerationPlan.Make(context);

    public Task<IReadOnlyList<ResultFile>> ExecuteAsync(StepPlan plan, StepContext context) =>
        new Generation((GenerationPlan)plan.Data!, context.Instructions, context.Run).ExecuteAsync();

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
}
