using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using ImageSdk.Providers.Http;
using ImageSdk.Tables;

namespace ImageSdk.Providers;

/// <summary>
/// What the hosted providers share: a key and an endpoint (<see cref="ProviderSettings"/>), the options, and an
/// HttpClient whose pipeline retries, times out and caps responses (see <c>AddImageSdk</c>). The key is registered with
/// <see cref="Secrets"/> so that nothing surfaced can carry it.
/// </summary>
public abstract class HostedImageProvider : IImageProvider
{
    /// <summary>Creates the provider.</summary>
    /// <param name="http">The HttpClient, from <c>IHttpClientFactory</c> in DI.</param>
    /// <param name="settings">The resolved key and endpoint.</param>
    /// <param name="options">The limits and time budget.</param>
    protected HostedImageProvider(HttpClient http, ProviderSettings settings, ProviderOptions options)
    {
        Http = http ?? throw new ArgumentNullException(nameof(http));
        Settings = settings ?? throw new ArgumentNullException(nameof(settings));
        Options = options ?? throw new ArgumentNullException(nameof(options));
        Secrets.Register(settings.ApiKey);
    }

    /// <inheritdoc/>
    public string Name => Settings.Provider;

    /// <inheritdoc/>
    public bool IsConfigured => Settings.IsConfigured;

    /// <inheritdoc/>
    public int MaxConcurrency => Math.Max(1, Options.MaxConcurrency);

    /// <summary>The key and the endpoint.</summary>
    public ProviderSettings Settings { get; }

    /// <summary>The limits and time budget.</summary>
    protected ProviderOptions Options { get; }

    /// <summary>The HttpClient.</summary>
    protected HttpClient Http { get; }

    /// <summary>The key; a call without one is a clear error.</summary>
    protected string ApiKey => Settings.ApiKey is { Length: > 0 } key
        ? key
        : throw new ProviderException(ProviderErrors.NotConfigured, $"{Name} has no credentials");

    /// <summary>An absolute URL under the endpoint, e.g. <c>/v1/images/generations</c>.</summary>
    protected Uri Url(string path) => new(Settings.Endpoint.AbsoluteUri.TrimEnd('/') + path);

    /// <inheritdoc/>
    public abstract Task<IReadOnlyList<ProviderImage>> GenerateAsync(ProviderRequest request, CancellationToken cancellationToken);

    /// <summary>Sends a request through the pipeline (see <see cref="CallKind"/>).</summary>
    private protected Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CallKind kind, CancellationToken cancellationToken) =>
        ProviderHttp.SendAsync(Http, request, kind, Name, cancellationToken);

    /// <summary>The body of a successful response as JSON; anything else is a clear error with the provider's own message.</summary>
    private protected async Task<JsonNode> ReadJsonAsync(HttpResponseMessage response, Func<JsonNode?, string?> errorMessage, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        JsonNode? json = null;
        try
        {
            json = JsonNode.Parse(text);
        }
        catch (JsonException) when (!response.IsSuccessStatusCode)
        {
        }
        catch (JsonException ex)
        {
            throw new ProviderException(ProviderErrors.BadResponse, $"{Name} answered HTTP {(int)response.StatusCode} with a body that is not JSON: {ex.Message}");
        }

        if (!response.IsSuccessStatusCode)
        {
            var message = errorMessage(json) ?? (text.Length == 0 ? response.ReasonPhrase : Clip(text));
            throw new ProviderException(ProviderHttp.CodeOf(response.StatusCode), ProviderHttp.StatusMessage(Name, response.StatusCode, message, response.Headers.Location?.OriginalString, response.RequestMessage?.RequestUri));
        }

        return json ?? throw new ProviderException(ProviderErrors.BadResponse, $"{Name} answered with an empty body");
    }

    /// <summary>
    /// The body of a successful response as a <see cref="JsonDocument"/> read from the buffered bytes (no string of the
    /// body, so base64 images decode straight from UTF-8); an error response is read as <see cref="ReadJsonAsync"/> does.
    /// </summary>
    private protected async Task<JsonDocument> ReadDocumentAsync(HttpResponseMessage response, Func<JsonNode?, string?> errorMessage, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            await ReadJsonAsync(response, errorMessage, cancellationToken).ConfigureAwait(false);
        }

        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            try
            {
                return await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (JsonException ex)
            {
                throw new ProviderException(ProviderErrors.BadResponse, $"{Name} answered HTTP {(int)response.StatusCode} with a body that is not JSON: {ex.Message}");
            }
        }
    }

    /// <summary>
    /// The key check: one free authenticated call (<see cref="CheckRequest"/>), then the catalog's model ids for this provider
    /// that the account does not list (<see cref="ListedModels"/>). A refused key, an unreachable host and an error are told
    /// apart; nothing of the key is reported.
    /// </summary>
    internal async Task<ProviderCheck> CheckAsync(CancellationToken cancellationToken)
    {
        if (!IsConfigured)
        {
            return new ProviderCheck(Name, ProviderCheck.NotConfigured, "no key is configured", []);
        }

        try
        {
            using var message = CheckRequest();
            if (message is null)
            {
                return new ProviderCheck(Name, ProviderCheck.Failed, "the provider has no key check", []);
            }

            using var response = await SendAsync(message, CallKind.Probe, cancellationToken).ConfigureAwait(false);
            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            JsonNode? json = null;
            try
            {
                json = JsonNode.Parse(text);
            }
            catch (JsonException)
            {
            }

            var status = (int)response.StatusCode;
            if (ProviderHttp.CodeOf(response.StatusCode) == ProviderErrors.AuthFailed || KeyRejected(json))
            {
                return new ProviderCheck(Name, ProviderCheck.RejectedKey, $"the key was rejected (HTTP {status})", []);
            }

            if (!response.IsSuccessStatusCode || json is null)
            {
                return new ProviderCheck(Name, ProviderCheck.Failed, $"{message.RequestUri?.AbsolutePath} answered HTTP {status}{(json is null && response.IsSuccessStatusCode ? " with a body that is not JSON" : string.Empty)}", []);
            }

            if (ListedModels(json) is not { } listed)
            {
                return new ProviderCheck(Name, ProviderCheck.Ok, "the key is accepted", []);
            }

            var missing = SchemaTables.Models.SelectMany(m => m.Providers.Where(r => r.Provider == Name).Select(r => r.ModelId))
                .Where(id => !listed.Contains(id)).Distinct().Order(StringComparer.Ordinal).ToList();
            return missing.Count == 0
                ? new ProviderCheck(Name, ProviderCheck.Ok, "the key is accepted and the account lists every catalog model", [])
                : new ProviderCheck(Name, ProviderCheck.Missing, $"the account does not list {string.Join(", ", missing)}", missing);
        }
        catch (ProviderException ex) when (ex.Code == ProviderErrors.AuthFailed)
        {
            return new ProviderCheck(Name, ProviderCheck.RejectedKey, Clip(ex.Message), []);
        }
        catch (ProviderException ex) when (ex.Code is ProviderErrors.Unavailable or ProviderErrors.Timeout)
        {
            return new ProviderCheck(Name, ProviderCheck.Unreachable, Clip(ex.Message), []);
        }
        catch (ProviderException ex)
        {
            return new ProviderCheck(Name, ProviderCheck.Failed, Clip(ex.Message), []);
        }
    }

    /// <summary>The free authenticated request of the key check (list models, the account); null when the provider has none.</summary>
    private protected virtual HttpRequestMessage? CheckRequest() => null;

    /// <summary>The model ids the check's answer lists, or null when it lists none (the account's answer).</summary>
    private protected virtual HashSet<string>? ListedModels(JsonNode json) => null;

    /// <summary>Whether an answer says the key is invalid though its status is not 401/403 (Gemini's 400 API_KEY_INVALID).</summary>
    private protected virtual bool KeyRejected(JsonNode? json) => false;

    /// <summary>
    /// The size a size tier is chosen from: the step's width and height, else a generation's size (its ratio at the runner's
    /// default 1024 px), else, for an edit, 1024 px: never the input's size alone, which would buy a larger tier unasked.
    /// </summary>
    private protected static (int Width, int Height) TierSize(ProviderRequest request) =>
        request.AskedWidth is { } width ? (width, request.AskedHeight ?? width)
        : request.Image is null ? (request.Width, request.Height)
        : (1024, 1024);

    /// <summary>A provider's text, one line, at most 300 characters, without a registered secret.</summary>
    protected static string Clip(string text)
    {
        text = Secrets.Redact(text).Replace('\n', ' ').Replace('\r', ' ').Trim();
        return Printable.Escape(text.Length <= 300 ? text : text[..300] + "...");
    }

    /// <summary>The format of an image MIME type (<c>image/png</c> is png), or null when it is not an image type.</summary>
    protected static string? FormatOf(string? mimeType) => Imaging.ImageOps.FormatOfMimeType(mimeType);
}
