using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using ImageSdk.Imaging;
using ImageSdk.Providers;
using ImageSdk.Tables;
using Microsoft.Extensions.Logging;

namespace ImageSdk.Running;

/// <summary>The provider call of a generation: admission, the provider's limit, telemetry, and its errors as step errors.</summary>
internal sealed partial class Generation
{
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
            plan.Model,
            plan.ProviderModelId,
            plan.Prompt,
            call.Seed,
            call.Count,
            width,
            height,
            ratio,
            RequestFormat(plan.Format, plan.Route?.Native, inpainting: inputs?.Area is not null),
            plan.Style,
            inputs?.Image,
            inputs?.Mask,
            plan.Route,
            call.References.Value,
            call.Asked?.Width,
            call.Asked?.Height);

        IReadOnlyList<ProviderImage> images;
        using var activity = ImageSdkTelemetry.ActivitySource.StartActivity("imagesdk.provider.call");
        activity?.SetTag("imagesdk.provider", plan.Provider.Name);
        activity?.SetTag("imagesdk.model", plan.ProviderModelId);
        activity?.SetTag("imagesdk.images", call.Count);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var success = false;
        try
        {
            context.Router.Logger.LogInformation("Step {Step}: {Count} image(s) from {Provider} ({Model}), seed {Seed}", Printable.Escape(name), call.Count, plan.Provider.Name, plan.ProviderModelId, call.Seed);
            images = await context.Providers.GenerateAsync(plan.Provider, request, context.CancellationToken).ConfigureAwait(false);
            success = true;
        }
        catch (ProviderException ex)
        {
            activity?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, ex.Code);
            throw new StepException(ex.Code, $"{plan.Provider.Name} ({plan.ProviderModelId}): {ex.Message}");
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not StepException && StepException.NativeLibraryProblem(ex) is null)
        {
            activity?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, ex.GetType().Name);
            throw new StepException("IMAGE_GENERATE_PROVIDER_ERROR", $"{plan.Provider.Name} failed: {StepException.FirstLine(ex.Message)}");
        }
        finally
        {
            ImageSdkTelemetry.RecordCall(plan.Provider.Name, plan.ProviderModelId, success, System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds);
        }

        if (images.Count != call.Count)
        {
            throw new StepException(ProviderErrors.Failed, $"{plan.Provider.Name} ({plan.ProviderModelId}) returned {images.Count} image(s) for {call.Count} asked");
        }

        var files = new List<ResultFile>();
        var maxSide = MaxSide(plan.Model);
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

        if (!inpainting && ImageFormats.Contains(native.Formats, format))
        {
            return format;
        }

        return native.Formats.Contains("png") ? "png" : native.Formats[0];
    }
}
