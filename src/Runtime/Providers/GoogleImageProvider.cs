using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using ImageSdk.Providers.Http;

namespace ImageSdk.Providers;

/// <summary>
/// Google Gemini native image generation (Nano Banana): <c>POST {endpoint}/v1beta/models/{model}:generateContent</c> with
/// <c>x-goog-api-key</c>. The prompt is a text part (with the input files' roles before it), each input an inline image
/// part; <c>imageConfig</c> carries the aspect ratio and the size tier; one candidate per call (the runner fans out);
/// no mask (the runner composites). A reply without an image part is a clear error naming the reason.
/// </summary>
public sealed class GoogleImageProvider(HttpClient http, ProviderSettings settings, ProviderOptions options) : HostedImageProvider(http, settings, options)
{
    /// <inheritdoc/>
    public override async Task<IReadOnlyList<ProviderImage>> GenerateAsync(ProviderRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var images = new List<ProviderImage>(request.Count);
        for (var k = 0; k < request.Count; k++)
        {
            images.Add(await GenerateOneAsync(request, request.Seed + k, cancellationToken).ConfigureAwait(false));
        }

        return images;
    }

    private async Task<ProviderImage> GenerateOneAsync(ProviderRequest request, long seed, CancellationToken cancellationToken)
    {
        var parts = new JsonArray(new JsonObject { ["text"] = request.PromptWithInputs() });
        foreach (var file in request.Image is { } image ? request.MoreImages.Prepend(image) : (IEnumerable<ProviderFile>)request.MoreImages)
        {
            parts.Add((JsonNode)new JsonObject { ["inlineData"] = new JsonObject { ["mimeType"] = file.MimeType, ["data"] = Convert.ToBase64String(file.Bytes) } });
        }

        var imageConfig = new JsonObject();
        if (request.Route?.Native is { } native ? native.AspectRatios.Contains(request.AspectRatio) : request.Image is null)
        {
            imageConfig["aspectRatio"] = request.AspectRatio; // an edit keeps its input's shape
        }

        // The route's tiers (none on gemini-2.5-flash-image, which rejects imageSize), chosen from what the step asked for.
        var (tierWidth, tierHeight) = TierSize(request);
        if (request.Route?.Native?.ImageSizeFor(tierWidth, tierHeight) is { } tier)
        {
            imageConfig["imageSize"] = tier;
        }

        var generationConfig = new JsonObject
        {
            ["responseModalities"] = new JsonArray(JsonValue.Create("IMAGE")),
            ["candidateCount"] = 1,
        };
        if (imageConfig.Count > 0)
        {
            generationConfig["imageConfig"] = imageConfig;
        }

        if (request.Route?.Native is not { Seed: false })
        {
            generationConfig["seed"] = seed is >= int.MinValue and <= int.MaxValue ? seed : seed % int.MaxValue; // the API's seed is int32
        }

        var body = new JsonObject
        {
            ["contents"] = new JsonArray(new JsonObject { ["role"] = "user", ["parts"] = parts }),
            ["generationConfig"] = generationConfig,
        };
        using var message = new HttpRequestMessage(HttpMethod.Post, Url($"/v1beta/models/{Uri.EscapeDataString(request.ProviderModelId)}:generateContent"))
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        message.Headers.Add("x-goog-api-key", ApiKey);
        using var response = await SendAsync(message, CallKind.Create, cancellationToken).ConfigureAwait(false);
        using var json = await ReadDocumentAsync(response, ErrorMessage, cancellationToken).ConfigureAwait(false);
        return ImageOf(json.RootElement, request.Route?.Native is { Seed: false } ? null : seed);
    }

    /// <summary>The first non-thought inline image of the reply, or a clear error: blocked, refused, or text only.</summary>
    private ProviderImage ImageOf(JsonElement json, long? seed)
    {
        if (json.ValueKind != JsonValueKind.Object)
        {
            throw new ProviderException(ProviderErrors.BadResponse, $"{Name} answered with JSON that is not an object");
        }

        if (Member(Member(json, "promptFeedback"), "blockReason") is { ValueKind: JsonValueKind.String } blocked)
        {
            throw new ProviderException(ProviderErrors.SafetyRefusal, $"{Name} blocked the prompt ({Clip(blocked.GetString()!)})");
        }

        var candidate = Member(json, "candidates") is { ValueKind: JsonValueKind.Array } candidates && candidates.GetArrayLength() > 0 ? candidates[0] : default;
        var texts = new List<string>();
        if (Member(Member(candidate, "content"), "parts") is { ValueKind: JsonValueKind.Array } parts)
        {
            foreach (var part in parts.EnumerateArray())
            {
                if (Member(part, "thought") is { ValueKind: JsonValueKind.True })
                {
                    continue;
                }

                var inline = Member(part, "inlineData") is { ValueKind: JsonValueKind.Object } camel ? camel : Member(part, "inline_data");
                if (Member(inline, "data") is { ValueKind: JsonValueKind.String } data)
                {
                    var mime = (Member(inline, "mimeType") is { ValueKind: JsonValueKind.String } m ? m : Member(inline, "mime_type")) is { ValueKind: JsonValueKind.String } type ? type.GetString() : null;
                    var format = FormatOf(mime) ?? throw new ProviderException(ProviderErrors.BadResponse, $"{Name} returned an inline part of type '{Clip(mime ?? "none")}', not an image");
                    return data.TryGetBytesFromBase64(out var bytes)
                        ? new ProviderImage(bytes, format, seed)
                        : throw new ProviderException(ProviderErrors.BadResponse, $"{Name} returned image data that is not base64");
                }

                if (Member(part, "text") is { ValueKind: JsonValueKind.String } text && text.GetString() is { Length: > 0 } words)
                {
                    texts.Add(words);
                }
            }
        }

        var reason = Member(candidate, "finishReason") is { ValueKind: JsonValueKind.String } finish ? finish.GetString() : null;
        if (reason is not null and not "STOP" and not "MAX_TOKENS")
        {
            throw new ProviderException(
                reason.Contains("SAFETY", StringComparison.Ordinal) || reason.Contains("PROHIBITED", StringComparison.Ordinal) || reason.Contains("RECITATION", StringComparison.Ordinal) || reason is "BLOCKLIST" or "SPII"
                    ? ProviderErrors.SafetyRefusal : ProviderErrors.Failed,
                $"{Name} returned no image (finishReason {Clip(reason)})");
        }

        throw new ProviderException(ProviderErrors.Failed, texts.Count > 0
            ? $"{Name} returned text but no image: \"{Clip(string.Join(" ", texts))}\""
            : $"{Name} returned no image");
    }

    /// <inheritdoc/>
    private protected override HttpRequestMessage CheckRequest()
    {
        var message = new HttpRequestMessage(HttpMethod.Get, Url("/v1beta/models?pageSize=1000"));
        message.Headers.Add("x-goog-api-key", ApiKey);
        return message;
    }

    /// <inheritdoc/>
    private protected override HashSet<string>? ListedModels(JsonNode json) =>
        (json["models"] as JsonArray ?? []).Select(m => m?["name"]?.ToString()).OfType<string>()
            .Select(name => name.StartsWith("models/", StringComparison.Ordinal) ? name["models/".Length..] : name).ToHashSet(StringComparer.Ordinal);

    /// <inheritdoc/>
    private protected override bool KeyRejected(JsonNode? json) =>
        json?["error"]?["details"] is JsonArray details && details.Any(d => d?["reason"]?.ToString() == "API_KEY_INVALID");

    /// <summary>A member of an object, or default (Undefined) when the value is not an object or has no such member.</summary>
    private static JsonElement Member(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) ? value : default;

    /// <summary>google.rpc.Status: <c>error.message</c>, with <c>API_KEY_INVALID</c> read as an auth failure.</summary>
    private string? ErrorMessage(JsonNode? json)
    {
        var error = json?["error"];
        if (error is null)
        {
            return null;
        }

        var message = Clip(error["message"]?.ToString() ?? string.Empty);
        var status = error["status"]?.ToString();
        if (error["details"] is JsonArray details && details.Any(d => d?["reason"]?.ToString() == "API_KEY_INVALID"))
        {
            throw new ProviderException(ProviderErrors.AuthFailed, $"{Name} rejected the API key (API_KEY_INVALID): {message}");
        }

        return status is null ? message : $"{status}: {message}";
    }
}
