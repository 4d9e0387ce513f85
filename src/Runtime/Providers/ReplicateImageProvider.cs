using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using ImageSdk.Imaging;
using ImageSdk.Providers.Http;

namespace ImageSdk.Providers;

/// <summary>
/// Replicate predictions. Official models: <c>POST {endpoint}/v1/models/{owner}/{name}/predictions</c>; community models
/// (a catalog model id with <c>:version</c>): <c>POST /v1/predictions</c> with the version. <c>Prefer: wait</c>, then
/// <c>urls.get</c> polled with backoff until the prediction ends, within the total timeout; <c>urls.cancel</c> when the run
/// is cancelled. Inputs go as data URIs up to 256 KB and through the files API above; outputs (a URI or URIs) are
/// downloaded within the size cap and must be images. recraft-v3 asked for svg runs recraft-v3-svg (the route's
/// <c>svgModelId</c>).
/// </summary>
/// <param name="http">The HttpClient, from <c>IHttpClientFactory</c> in DI.</param>
/// <param name="settings">The resolved key and endpoint.</param>
/// <param name="options">The limits and time budget.</param>
/// <param name="time">The clock polling waits on; the system's when null.</param>
public sealed class ReplicateImageProvider(HttpClient http, ProviderSettings settings, ProviderOptions options, TimeProvider? time = null) : HostedImageProvider(http, settings, options)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <summary>Replicate advises data URIs only up to this size; larger inputs are uploaded through the files API.</summary>
    public const int MaxDataUriBytes = 256 * 1024;

    /// <inheritdoc/>
    public override async Task<IReadOnlyList<ProviderImage>> GenerateAsync(ProviderRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var native = request.Route?.Native;
        var modelId = request.Format == "svg" && native?.SvgModelId is { } svg ? svg : request.ProviderModelId;

        using var total = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        total.CancelAfter(Options.TotalTimeout);
        var input = await InputAsync(request, total.Token).ConfigureAwait(false);
        var prediction = await CreateAsync(modelId, input, total.Token).ConfigureAwait(false);
        try
        {
            prediction = await WaitAsync(prediction, total.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            await CancelAsync(prediction).ConfigureAwait(false);
            throw new ProviderException(ProviderErrors.Timeout, $"{Name}: prediction {Id(prediction)} did not finish within {Options.TotalTimeout.TotalSeconds:0.#} s (status '{Clip(prediction["status"]?.ToString() ?? "none")}'); it was canceled");
        }
        catch (OperationCanceledException)
        {
            await CancelAsync(prediction).ConfigureAwait(false);
            throw;
        }

        var outputs = Outputs(prediction["output"]);
        if (outputs.Count == 0)
        {
            throw new ProviderException(ProviderErrors.Failed, $"{Name}: prediction {Id(prediction)} succeeded with no output");
        }

        var seed = native is { Seed: false } ? (long?)null : request.Seed;
        var images = new List<ProviderImage>(outputs.Count);
        foreach (var url in outputs.Take(request.Count))
        {
            var (bytes, format) = await DownloadAsync(url, total.Token).ConfigureAwait(false);
            images.Add(new ProviderImage(bytes, format, seed));
        }

        return images;
    }

    /// <summary>
    /// The model's input object, in the field names its Replicate schema gives (wire format §3.4-§3.8), from the route's
    /// <c>native</c> facts in models.json: the ratio (the step's, else on an edit the route's <c>inputRatio</c> or its listed
    /// ratio nearest the input's), the size input (<c>resolution</c> tiers always, as the default may be a dearer one; a
    /// <c>size</c> from a list only when asked, in place of the ratio it would lose to), the format's spelling, and the field
    /// the input images go in.
    /// </summary>
    private async Task<JsonObject> InputAsync(ProviderRequest request, CancellationToken cancellationToken)
    {
        var native = request.Route?.Native;
        var sdInpainting = request.Mask is not null && native?.Mask == MaskConvention.WhiteRepaints;
        // Every route gets the prompt with its inputs described (PromptWithInputs), as Google and OpenAI do; Stable Diffusion
        // inpainting alone reads it as CLIP text of 77 tokens, its image and mask in fields of their own, so a file list
        // would only crowd the user's words out.
        var input = new JsonObject { ["prompt"] = sdInpainting ? request.Prompt : request.PromptWithInputs() };
        if (native is { AspectRatios.Count: > 0 } ratios)
        {
            input["aspect_ratio"] = ratios.AspectRatios.Contains(request.AspectRatio) ? request.AspectRatio
                : request.Image is not null && native.InputRatio is { } keep ? keep
                : Tables.AspectRatio.Snap(ratios.AspectRatios, request.AspectRatio);
        }

        if (native is { SizeInput: { } sizeInput, ImageSizes.Count: > 0 } sized)
        {
            var pixelSizes = sized.ImageSizes.Any(size => size.Contains('x', StringComparison.Ordinal));
            var (width, height) = TierSize(request);
            if (!pixelSizes)
            {
                input[sizeInput] = sized.ImageSizeFor(width, height);
            }
            else if (request.AskedWidth is not null)
            {
                input[sizeInput] = sized.ImageSizeFor(width, height);
                input.Remove("aspect_ratio"); // the route ignores its size when a ratio is set
            }
        }

        if (native is { Formats.Count: > 1 } && request.Format != "svg")
        {
            input["output_format"] = ImageFormats.IsJpeg(request.Format) && native.Formats.Contains("jpg") ? "jpg" : request.Format;
        }

        if (native is not { Seed: false })
        {
            input["seed"] = request.Seed;
            if (native?.FastInput is { } fast)
            {
                input[fast] = false; // the seed the result claims reproduces it only without the fast path
            }
        }

        if (native is { MaxOutputsPerCall: > 1 })
        {
            input["num_outputs"] = request.Count;
        }

        if (request.Style is { Length: > 0 } style)
        {
            input["style"] = style;
        }

        if (sdInpainting && request.Image is { } image)
        {
            input[ImageField(request)] = await FileUriAsync(image, cancellationToken).ConfigureAwait(false);
            input["mask"] = await FileUriAsync(request.Mask!, cancellationToken).ConfigureAwait(false);
            // The model's size rule from the catalog (sides in steps of its multipleOf, up to its max: 64 and 1024, §3.7).
            var size = request.Model.Capabilities.Size;
            var (step, longest) = (size.MultipleOf ?? 1, size.Max ?? Math.Max(request.Width, request.Height));
            var scale = Math.Min(1.0, (double)longest / Math.Max(request.Width, request.Height));
            input["width"] = Math.Max(step, (int)(request.Width * scale) / step * step);
            input["height"] = Math.Max(step, (int)(request.Height * scale) / step * step);
        }
        else if ((request.Image is null ? request.MoreImages : request.MoreImages.Prepend(request.Image)).ToList() is { Count: > 0 } files)
        {
            var field = ImageField(request);
            if (native!.MaxInputImages <= 1)
            {
                input[field] = await FileUriAsync(files[0], cancellationToken).ConfigureAwait(false);
            }
            else
            {
                var images = new JsonArray();
                foreach (var file in files)
                {
                    images.Add((JsonNode?)JsonValue.Create(await FileUriAsync(file, cancellationToken).ConfigureAwait(false)));
                }

                input[field] = images;
            }
        }

        return input;
    }

    /// <summary>The input that carries the route's images (its native <c>imageField</c>); a route without one takes none.</summary>
    private string ImageField(ProviderRequest request) => request.Route?.Native?.ImageField
        ?? throw new ProviderException(ProviderErrors.Rejected, $"{Name}: the catalog names no input for images on {request.ProviderModelId}");

    /// <summary>A data URI up to <see cref="MaxDataUriBytes"/>; above it, the file's URL from the files API.</summary>
    private async Task<string> FileUriAsync(ProviderFile file, CancellationToken cancellationToken)
    {
        if (file.Bytes.Length <= MaxDataUriBytes)
        {
            return $"data:{file.MimeType};base64,{Convert.ToBase64String(file.Bytes)}";
        }

        using var form = new MultipartFormDataContent();
        var content = new ByteArrayContent(file.Bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(file.MimeType);
        form.Add(content, "content", file.FileName);
        using var message = new HttpRequestMessage(HttpMethod.Post, Url("/v1/files")) { Content = form };
        Authorize(message);
        using var response = await SendAsync(message, CallKind.Create, cancellationToken).ConfigureAwait(false);
        var json = await ReadJsonAsync(response, ErrorMessage, cancellationToken).ConfigureAwait(false);
        return json["urls"]?["get"]?.GetValue<string>()
            ?? throw new ProviderException(ProviderErrors.BadResponse, $"{Name}: the files API answered without urls.get");
    }

    private async Task<JsonNode> CreateAsync(string modelId, JsonObject input, CancellationToken cancellationToken)
    {
        var colon = modelId.IndexOf(':', StringComparison.Ordinal);
        JsonObject body;
        Uri url;
        if (colon > 0)
        {
            body = new JsonObject { ["version"] = modelId[(colon + 1)..], ["input"] = input };
            url = Url("/v1/predictions");
        }
        else
        {
            body = new JsonObject { ["input"] = input };
            url = Url($"/v1/models/{string.Join('/', modelId.Split('/').Select(Uri.EscapeDataString))}/predictions");
        }

        using var message = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json") };
        message.Headers.Add("Prefer", "wait");
        Authorize(message);
        using var response = await SendAsync(message, CallKind.Create, cancellationToken).ConfigureAwait(false);
        return await ReadJsonAsync(response, ErrorMessage, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Polls <c>urls.get</c> with backoff until the prediction succeeds; failed, canceled or aborted is an error.</summary>
    private async Task<JsonNode> WaitAsync(JsonNode prediction, CancellationToken cancellationToken)
    {
        var delay = Options.PollInterval;
        while (true)
        {
            switch (prediction["status"]?.ToString())
            {
                case "succeeded":
                    return prediction;
                case "failed":
                    var error = Clip(prediction["error"]?.ToString() ?? "no error given");
                    throw new ProviderException(
                        error.Contains("NSFW", StringComparison.OrdinalIgnoreCase) || error.Contains("safety", StringComparison.OrdinalIgnoreCase) ? ProviderErrors.SafetyRefusal : ProviderErrors.Failed,
                        $"{Name}: prediction {Id(prediction)} failed: {error}");
                case "canceled" or "aborted":
                    throw new ProviderException(ProviderErrors.Failed, $"{Name}: prediction {Id(prediction)} was {prediction["status"]}");
                case "starting" or "processing" or null:
                    break;
                default:
                    throw new ProviderException(ProviderErrors.BadResponse, $"{Name}: prediction {Id(prediction)} has the unknown status '{Clip(prediction["status"]!.ToString())}'");
            }

            var get = PredictionUrl(prediction, "get", string.Empty)
                ?? throw new ProviderException(ProviderErrors.BadResponse, $"{Name}: prediction {Id(prediction)} is not finished and has no urls.get to poll");
            await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
            using var message = new HttpRequestMessage(HttpMethod.Get, get);
            Authorize(message);
            using var response = await SendAsync(message, CallKind.Idempotent, cancellationToken).ConfigureAwait(false);
            prediction = await ReadJsonAsync(response, ErrorMessage, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Asks Replicate to stop a prediction (best effort, a few seconds at most): the run no longer wants it.</summary>
    private async Task CancelAsync(JsonNode prediction)
    {
        if (PredictionUrl(prediction, "cancel", "/cancel") is not { } uri)
        {
            return;
        }

        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            using var message = new HttpRequestMessage(HttpMethod.Post, uri);
            Authorize(message);
            message.Options.Set(ProviderHttp.Kind, CallKind.Idempotent);
            using var response = await Http.SendAsync(message, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or System.IO.IOException or ProviderException or Polly.Timeout.TimeoutRejectedException or Polly.CircuitBreaker.BrokenCircuitException)
        {
            // The prediction ends on its own (or by its deadline); the run is already stopping.
        }
    }

    /// <summary>
    /// An output: a <c>data:</c> URI (as both official clients accept) decoded, or a URL downloaded, with no key, within the size
    /// cap. It must be an image (by its content type, else by its bytes).
    /// </summary>
    private async Task<(byte[] Bytes, string Format)> DownloadAsync(string url, CancellationToken cancellationToken)
    {
        if (url.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
        {
            return DataUri(url);
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
        {
            throw new ProviderException(ProviderErrors.BadResponse, $"{Name}: the output '{Clip(url)}' is neither an http(s) URL nor a data: URI");
        }

        using var message = new HttpRequestMessage(HttpMethod.Get, uri);
        using var response = await SendAsync(message, CallKind.Idempotent, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new ProviderException(ProviderHttp.DownloadCode(response.StatusCode), $"{Name}: {ProviderHttp.DownloadMessage("the output", response.StatusCode, "Replicate deletes outputs after an hour")}");
        }

        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        return (bytes, ImageFormat(bytes, response.Content.Headers.ContentType?.MediaType));
    }

    /// <summary>The bytes of a <c>data:[TYPE][;base64],DATA</c> output and its format.</summary>
    private (byte[] Bytes, string Format) DataUri(string uri)
    {
        var comma = uri.IndexOf(',', StringComparison.Ordinal);
        if (comma < 0)
        {
            throw new ProviderException(ProviderErrors.BadResponse, $"{Name}: the output data: URI has no ','");
        }

        var header = uri[5..comma].Split(';');
        var data = uri[(comma + 1)..];
        byte[] bytes;
        if (header.Skip(1).Any(p => p.Equals("base64", StringComparison.OrdinalIgnoreCase)))
        {
            bytes = new byte[data.Length / 4 * 3 + 3];
            bytes = Convert.TryFromBase64String(data, bytes, out var written) ? bytes[..written]
                : throw new ProviderException(ProviderErrors.BadResponse, $"{Name}: the output data: URI is not valid base64");
        }
        else
        {
            bytes = Encoding.UTF8.GetBytes(Uri.UnescapeDataString(data));
        }

        return (bytes, ImageFormat(bytes, header[0].Length == 0 ? null : header[0].Trim().ToLowerInvariant()));
    }

    /// <summary>The image format of an output by its declared type, else (untyped) by its bytes; anything else is a clear error.</summary>
    private string ImageFormat(byte[] bytes, string? declared) =>
        FormatOf(declared) ?? (declared is null or "application/octet-stream" ? Sniff(bytes) : null)
        ?? throw new ProviderException(ProviderErrors.BadResponse, $"{Name}: the output is '{Clip(declared ?? "untyped")}', not an image");

    /// <summary>The format of an image by its first bytes (an SVG by its text), or null.</summary>
    private static string? Sniff(byte[] bytes) =>
        Imaging.ImageOps.Sniff(bytes) ?? (bytes.Length > 4 && Encoding.UTF8.GetString(bytes, 0, Math.Min(bytes.Length, 512)).Contains("<svg", StringComparison.Ordinal) ? "svg" : null);

    private static List<string> Outputs(JsonNode? output) => output switch
    {
        JsonValue value when value.TryGetValue<string>(out var one) => [one],
        JsonArray many => many.Select(o => o is JsonValue v && v.TryGetValue<string>(out var s) ? s : null).OfType<string>().ToList(),
        _ => [],
    };

    private static string Id(JsonNode prediction) => Clip(prediction["id"]?.ToString() ?? "(no id)");

    /// <summary>
    /// A prediction's <c>urls.get</c> or <c>urls.cancel</c> when it is on the configured endpoint (scheme, host and port), else
    /// the documented path of the prediction's id there (<c>/v1/predictions/ID</c> and <paramref name="suffix"/>): the token
    /// goes only to the configured endpoint, whatever host an answer names. Null when there is neither link nor id.
    /// </summary>
    private Uri? PredictionUrl(JsonNode prediction, string link, string suffix)
    {
        var given = prediction["urls"] is JsonObject urls ? urls[link] : null;
        if (given is JsonValue value && value.TryGetValue<string>(out var text) && Uri.TryCreate(text, UriKind.Absolute, out var uri)
            && RedirectHandler.SameOrigin(uri, Settings.Endpoint))
        {
            return uri;
        }

        return prediction["id"] is JsonValue id && id.TryGetValue<string>(out var name) && name.Length is > 0 and <= 100 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')
            && (given is not null || link == "get")
            ? Url($"/v1/predictions/{name}{suffix}")
            : null;
    }

    /// <inheritdoc/>
    private protected override HttpRequestMessage CheckRequest()
    {
        var message = new HttpRequestMessage(HttpMethod.Get, Url("/v1/account"));
        Authorize(message);
        return message;
    }

    private void Authorize(HttpRequestMessage message) => message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ApiKey);

    /// <summary>Problem details (<c>detail</c>, <c>title</c>), or the throttling message.</summary>
    private static string? ErrorMessage(JsonNode? json) =>
        json?["detail"]?.ToString() is { Length: > 0 } detail ? Clip((json["title"]?.ToString() is { Length: > 0 } title ? title + ": " : string.Empty) + detail)
        : json?["title"]?.ToString() is { Length: > 0 } onlyTitle ? Clip(onlyTitle)
        : null;
}
