using System;
using System.ClientModel;
using System.ClientModel.Primitives;
using System.Collections.Generic;
using System.IO;
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
    public override MaskConvention MaskConvention => MaskConvention.TransparentEdits;

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
            if (request.MoreImages.Count > 0)
            {
                return await EditManyAsync(client, request, cancellationToken).ConfigureAwait(false);
            }

            ClientResult<GeneratedImageCollection> result;
            if (request.Image is { } image)
            {
                var editOptions = new ImageEditOptions { OutputFileFormat = format };
                using var imageStream = new MemoryStream(image.Bytes, writable: false);
                if (request.Mask is { } mask)
                {
                    using var maskStream = new MemoryStream(mask.Bytes, writable: false);
                    result = await client.GenerateImageEditsAsync(imageStream, image.FileName, request.Prompt, maskStream, mask.FileName, request.Count, editOptions, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    result = await client.GenerateImageEditsAsync(imageStream, image.FileName, request.Prompt, request.Count, editOptions, cancellationToken).ConfigureAwait(false);
                }
            }
            else
            {
                var generationOptions = new ImageGenerationOptions { OutputFileFormat = format, Size = new GeneratedImageSize(request.Width, request.Height) };
                result = await client.GenerateImagesAsync(request.Prompt, request.Count, generationOptions, cancellationToken).ConfigureAwait(false);
            }
#pragma warning restore OPENAI001

            var formatName = ImageFormats.Canonical(request.Format) is "jpeg" or "webp" ? ImageFormats.Canonical(request.Format) : "png";
            return result.Value.Select(generated => generated.ImageBytes is { } bytes
                    ? new ProviderImage(bytes.ToArray(), formatName, null)
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
    /// Edits over several images (the image, then the references: other roles, bundled files) as repeated <c>image[]</c>
    /// parts, which the package's typed edit call cannot send: its protocol call carries the multipart body instead. The
    /// prompt describes each file's role, as gpt-image models read roles from it.
    /// </summary>
    private async Task<IReadOnlyList<ProviderImage>> EditManyAsync(ImageClient client, ProviderRequest request, CancellationToken cancellationToken)
    {
        var format = ImageFormats.Canonical(request.Format) is "jpeg" or "webp" ? ImageFormats.Canonical(request.Format) : "png";
        using var form = new MultipartFormDataContent
        {
            { new StringContent(request.ProviderModelId), "model" },
            { new StringContent(request.PromptWithInputs()), "prompt" },
            { new StringContent(request.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)), "n" },
            { new StringContent(format), "output_format" },
        };
        foreach (var file in request.Image is { } first ? request.MoreImages.Prepend(first) : (IEnumerable<ProviderFile>)request.MoreImages)
        {
            form.Add(FilePart(file), "image[]", file.FileName);
        }

        if (request.Mask is { } mask)
        {
            form.Add(FilePart(mask), "mask", mask.FileName); // applies to the first image
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

    private static ByteArrayContent FilePart(ProviderFile file)
    {
        var part = new ByteArrayContent(file.Bytes);
        part.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(file.MimeType);
        return part;
    }

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
