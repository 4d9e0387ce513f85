using System;
using System.ClientModel;
using System.ClientModel.Primitives;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using ImageSdk.Imaging;
using ImageSdk.Providers.Http;
using OpenAI;
using OpenAI.Images;

namespace ImageSdk.Providers;

/// <summary>
/// OpenAI Images through the official OpenAI .NET package: generations (<c>POST /v1/images/generations</c>) and edits
/// (<c>POST /v1/images/edits</c>, multipart, the image and an alpha mask whose transparent pixels are edited), <c>n</c> up to
/// the route's per-call maximum, the size from width/height (gpt-image-2 takes any size in steps of 16), and
/// <c>output_format</c>. The API takes no seed, so the images carry none. The package's own retries are off: the HttpClient's
/// resilience pipeline retries, and never a create call that may have been processed.
/// </summary>
public sealed class OpenAIImageProvider(HttpClient http, ProviderSettings settings, ProviderOptions options) : HostedImageProvider(http, settings, options)
{
    /// <inheritdoc/>
    public override async Task<IReadOnlyList<ProviderImage>> GenerateAsync(ProviderRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var client = new ImageClient(request.ProviderModelId, new ApiKeyCredential(ApiKey), new OpenAIClientOptions
        {
            Endpoint = Url("/v1"),
            Transport = new HttpClientPipelineTransport(Http),
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            NetworkTimeout = Options.TotalTimeout,
        });
#pragma warning disable OPENAI001 // output_format is marked experimental in the package; the API documents it for GPT image models
        var format = ImageFormats.Canonical(request.Format) switch
        {
            "jpeg" => GeneratedImageFileFormat.Jpeg,
            "webp" => GeneratedImageFileFormat.Webp,
            _ => GeneratedImageFileFormat.Png,
        };
        try
        {
            if (request.Image is not null || request.MoreImages.Count > 0)
            {
                return await EditAsync(client, request, cancellationToken).ConfigureAwait(false);
            }

            // The API takes only legal sizes (ApiSize); the user gets the size the step asked for, resized after.
            // A ratio request is sized from the ratio itself (the runner's 1024 px sizes are rounded), at no fewer pixels than 1024x1024.
            var (apiWidth, apiHeight) = request.AskedWidth is null && Tables.AspectRatio.TryParse(request.AspectRatio, out var rw, out var rh)
                ? ApiSize(rw, rh, DefaultPixels)
                : ApiSize(request.AskedWidth ?? request.Width, request.AskedHeight ?? request.Height, request.AskedWidth is null ? DefaultPixels : MinPixels);
            var generationOptions = new ImageGenerationOptions { OutputFileFormat = format, Size = new GeneratedImageSize(apiWidth, apiHeight) };
            var result = await client.GenerateImagesAsync(request.Prompt, request.Count, generationOptions, cancellationToken).ConfigureAwait(false);
#pragma warning restore OPENAI001

            var formatName = ImageFormats.Canonical(request.Format) is "jpeg" or "webp" ? ImageFormats.Canonical(request.Format) : "png";
            return result.Value.Select(generated => generated.ImageBytes is { } bytes
                    ? new ProviderImage(Resized(bytes.ToArray(), formatName, request.AskedWidth, request.AskedHeight), formatName, null)
                    : throw new ProviderException(ProviderErrors.BadResponse, $"{Name} returned an image without b64_json"))
                .ToList();
        }
        catch (ClientResultException ex) when (ex.Status > 0)
        {
            throw Error(ex);
        }
        catch (ClientResultException ex) when (ex.InnerException is { } inner && ProviderHttp.Translate(inner, CallKind.Create, Name, cancellationToken) is { } translated)
        {
            throw translated;
        }
        catch (Exception ex) when (ProviderHttp.Translate(ex, CallKind.Create, Name, cancellationToken) is { } translated)
        {
            throw translated;
        }
        catch (Exception ex) when (ex is JsonException or FormatException or KeyNotFoundException or InvalidOperationException)
        {
            throw new ProviderException(ProviderErrors.BadResponse, $"{Name} answered in a shape the OpenAI package could not read: {ProviderHttp.StepText(ex)}", ex);
        }
    }

    /// <summary>
    /// An edit (<c>POST /v1/images/edits</c>), its multipart built here for one image or several (<c>image</c>, or repeated
    /// <c>image[]</c>: the image, then the references), as the package's typed call sends the user's file name and no
    /// Content-Type, which the API rejects for a name without a png/jpeg/webp extension. Each part's type comes from its
    /// bytes (<see cref="FilePart"/>); with a mask, the image goes as PNG and the mask as an alpha-only PNG of its size. The
    /// prompt describes each file's role, as gpt-image models read roles from it.
    /// </summary>
    private async Task<IReadOnlyList<ProviderImage>> EditAsync(ImageClient client, ProviderRequest request, CancellationToken cancellationToken)
    {
        var format = ImageFormats.Canonical(request.Format) is "jpeg" or "webp" ? ImageFormats.Canonical(request.Format) : "png";
        using var form = new MultipartFormDataContent
        {
            { new StringContent(request.ProviderModelId), "model" },
            { new StringContent(request.PromptWithInputs()), "prompt" },
            { new StringContent(request.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)), "n" },
            { new StringContent(format), "output_format" },
        };
        var files = (request.Image is { } first ? request.MoreImages.Prepend(first) : request.MoreImages).ToList();
        for (var i = 0; i < files.Count; i++)
        {
            var (content, name) = FilePart(files[i], $"image{(i == 0 ? string.Empty : "-" + (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture))}", png: i == 0 && request.Mask is not null);
            form.Add(content, files.Count == 1 ? "image" : "image[]", name);
        }

        if (request.Mask is { } mask)
        {
            var (content, name) = FilePart(mask, "mask", png: true); // applies to the first image
            form.Add(content, "mask", name);
        }

        var body = await form.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        var result = await client.GenerateImageEditsAsync(BinaryContent.Create(BinaryData.FromBytes(body)), form.Headers.ContentType!.ToString(), new RequestOptions { CancellationToken = cancellationToken }).ConfigureAwait(false);
        using var json = JsonDocument.Parse(result.GetRawResponse().Content);
        return json.RootElement.GetProperty("data").EnumerateArray()
            .Select(d => d.TryGetProperty("b64_json", out var b64) && b64.GetString() is { } text
                ? new ProviderImage(Convert.FromBase64String(text), format, null)
                : throw new ProviderException(ProviderErrors.BadResponse, $"{Name} returned an image without b64_json"))
            .ToList();
    }

    /// <summary>
    /// A file part: its Content-Type and the extension of its name from its bytes, whatever the upload was called (a
    /// <c>scan</c>, a <c>photo.gif</c> holding PNG bytes). A format the API does not take (gif), or any format where
    /// <paramref name="png"/> asks for PNG, is re-encoded as PNG.
    /// </summary>
    private static (ByteArrayContent Content, string FileName) FilePart(ProviderFile file, string name, bool png)
    {
        var bytes = file.Bytes;
        var format = Imaging.ImageOps.Sniff(bytes);
        if (png ? format != "png" : format is not ("png" or "jpeg" or "webp"))
        {
            using var image = NetVips.Image.NewFromBuffer(bytes);
            (bytes, format) = (image.PngsaveBuffer(compression: 6), "png");
        }

        var part = new ByteArrayContent(bytes);
        part.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(Imaging.ImageOps.MimeType(format!));
        return (part, name + "." + Imaging.ImageOps.Extension(format!));
    }

    /// <summary>The smallest total gpt-image-2 takes (<see cref="ApiSize"/>).</summary>
    internal const long MinPixels = 655_360;

    /// <summary>The largest total gpt-image-2 takes.</summary>
    internal const long MaxPixels = 8_294_400;

    /// <summary>The pixels of the model's default size, 1024x1024: a ratio request gets no fewer.</summary>
    internal const long DefaultPixels = 1024 * 1024;

    /// <summary>The longest edge gpt-image-2 takes.</summary>
    internal const int MaxEdge = 3840;

    /// <summary>
    /// A size gpt-image-2 accepts for <paramref name="width"/> x <paramref name="height"/> (wire formats §2.2; issue 28): edges
    /// multiples of 16 up to 3840, long:short at most 3:1, and 655,360 to 8,294,400 pixels in all. A legal size with at least
    /// <paramref name="minPixels"/> is kept; else the API's own size of that ratio (1024x1024, 1536x1024, 1024x1536), else the smallest multiple of the exact ratio that is legal and has
    /// <paramref name="minPixels"/> (16:9 at 1 MP is 1536x864), else the nearest legal size of about that
    /// shape.
    /// </summary>
    internal static (int Width, int Height) ApiSize(int width, int height, long minPixels)
    {
        (width, height) = (Math.Max(1, width), Math.Max(1, height));
        if (IsLegal(width, height) && (long)width * height >= minPixels)
        {
            return (width, height);
        }

        foreach (var (sw, sh) in s_standardSizes)
        {
            if ((long)sw * height == (long)sh * width && (long)sw * sh >= minPixels)
            {
                return (sw, sh); // the API's own size of that shape
            }
        }

        var gcd = (int)System.Numerics.BigInteger.GreatestCommonDivisor(width, height);
        var (rw, rh) = (width / gcd, height / gcd);
        for (var k = 1; (long)k * Math.Max(rw, rh) <= MaxEdge; k++)
        {
            var (w, h) = (k * rw, k * rh);
            if (IsLegal(w, h) && (long)w * h >= minPixels)
            {
                return (w, h);
            }
        }

        var ratio = Math.Clamp((double)width / height, 1 / 3.0, 3.0);
        var area = Math.Clamp((double)width * height, minPixels, MaxPixels);
        var (ew, eh) = (Math.Sqrt(area * ratio), Math.Sqrt(area / ratio));
        foreach (var round in new Func<double, int>[] { v => (int)Math.Ceiling(v / 16) * 16, v => (int)Math.Round(v / 16) * 16, v => (int)Math.Floor(v / 16) * 16 })
        {
            var (w, h) = (Math.Min(MaxEdge, round(ew)), Math.Min(MaxEdge, round(eh)));
            if (IsLegal(w, h))
            {
                return (w, h);
            }
        }

        return (1024, 1024);
    }

    /// <summary>The API's own sizes (square, landscape, portrait), preferred for a ratio they have.</summary>
    private static readonly (int Width, int Height)[] s_standardSizes = [(1024, 1024), (1536, 1024), (1024, 1536)];

    /// <summary>Whether gpt-image-2 takes the size as it is.</summary>
    internal static bool IsLegal(int width, int height) =>
        width % 16 == 0 && height % 16 == 0 && width is > 0 and <= MaxEdge && height is > 0 and <= MaxEdge
        && Math.Max(width, height) <= 3L * Math.Min(width, height)
        && (long)width * height is >= MinPixels and <= MaxPixels;

    /// <summary>The image at the size the step asked for when the API had to make another; else the bytes as they came.</summary>
    private static byte[] Resized(byte[] bytes, string format, int? width, int? height)
    {
        if (width is not { } w || height is not { } h)
        {
            return bytes;
        }

        using var image = NetVips.Image.NewFromBuffer(bytes);
        if (image.Width == w && image.Height == h)
        {
            return bytes;
        }

        using var resized = image.ThumbnailImage(w, height: h, size: NetVips.Enums.Size.Force);
        return Imaging.ImageOps.Encode(resized, format);
    }

    /// <inheritdoc/>
    private protected override HttpRequestMessage CheckRequest()
    {
        var message = new HttpRequestMessage(HttpMethod.Get, Url("/v1/models"));
        message.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", ApiKey);
        return message;
    }

    /// <inheritdoc/>
    private protected override HashSet<string>? ListedModels(JsonNode json) =>
        (json["data"] as JsonArray ?? []).Select(m => m?["id"]?.ToString()).OfType<string>().ToHashSet(StringComparer.Ordinal);

    /// <summary>An error response: OpenAI's <c>error.message</c> and <c>error.code</c>; moderation refusals and spent quota named as such.</summary>
    private ProviderException Error(ClientResultException exception)
    {
        var status = exception.Status;
        string? message = null, code = null;
        try
        {
            var error = JsonNode.Parse(exception.GetRawResponse()?.Content?.ToString() ?? string.Empty)?["error"];
            message = error?["message"]?.ToString();
            code = error?["code"]?.ToString();
        }
        catch (JsonException)
        {
        }

        message = message is null ? null : Clip(message);
        string? location = null;
        exception.GetRawResponse()?.Headers.TryGetValue("Location", out location);
        return code switch
        {
            "moderation_blocked" => new ProviderException(ProviderErrors.SafetyRefusal, $"{Name} refused the request (moderation_blocked): {message}"),
            "insufficient_quota" => new ProviderException(ProviderErrors.RateLimited, $"{Name}: the account's quota is spent (insufficient_quota): {message}"),
            _ when status == 403 && message is not null && (message.Contains("must be verified", StringComparison.OrdinalIgnoreCase) || message.Contains("verify organization", StringComparison.OrdinalIgnoreCase)) =>
                new ProviderException(ProviderErrors.Rejected, $"{Name} accepted the key, but the organization must be verified to use this model (HTTP 403): {message}"),
            _ => new ProviderException(ProviderHttp.CodeOf((System.Net.HttpStatusCode)status),
                ProviderHttp.StatusMessage(Name, (System.Net.HttpStatusCode)status, code is null ? message : $"({Clip(code)}) {message}", location, Url("/v1/images"))),
        };
    }
}
