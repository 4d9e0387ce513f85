using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using ImageSdk.Providers;
using ImageSdk.Providers.Http;
using ImageSdk.Running;

namespace ImageSdk.Remote;

/// <summary>
/// Transloadit's API, signed as its SDKs sign: <c>params.auth = {key, expires}</c> and <c>signature = "sha384:" + hex
/// HMAC-SHA384(secret, params)</c> over the exact params string sent. Creates assemblies (multipart, one part per upload,
/// streamed from disk), reads their status and cancels them. The secret never leaves the process.
/// </summary>
public sealed class TransloaditClient
{
    private static readonly JsonSerializerOptions s_json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private readonly HttpClient _http;
    private readonly HttpClient _files;
    private readonly TimeProvider _time;

    /// <summary>Creates the client.</summary>
    /// <param name="http">The HttpClient (the <c>ImageSdk.transloadit</c> named client in DI: retries, timeouts).</param>
    /// <param name="options">Key, secret, endpoint; what is not set is read from the environment and <c>.env</c>.</param>
    /// <param name="time">The clock of <c>expires</c> and polling; the system's when null.</param>
    /// <param name="files">The HttpClient result files are streamed with (no whole-body buffering); <paramref name="http"/> when null.</param>
    public TransloaditClient(HttpClient http, TransloaditOptions options, TimeProvider? time = null, HttpClient? files = null)
    {
        _http = http ?? throw new ArgumentNullException(nameof(http));
        _files = files ?? http;
        Options = options ?? throw new ArgumentNullException(nameof(options));
        _time = time ?? TimeProvider.System;
        var (settings, secret) = Resolve(options);
        (Key, Secret, Endpoint, EndpointSource) = (settings.ApiKey, secret, settings.Endpoint, settings.EndpointSource);
        Secrets.Register(Secret);
        if (settings.Problem is { } problem)
        {
            throw new ArgumentException(problem); // before any call: nothing signed goes to an endpoint less trusted than the key and secret
        }
    }

    /// <summary>
    /// The key (as a provider's settings, with where it came from), the endpoint and where it came from, the trust rule's
    /// problem if any (<see cref="ProviderCredentials.TrustProblem"/>, over the key and the secret), and the secret.
    /// </summary>
    internal static (ProviderSettings Settings, string? Secret) Resolve(TransloaditOptions options)
    {
        var values = new EnvironmentValues(options.ReadEnvironment, options.WorkingDirectory);
        (string? Value, CredentialSource Source, string? Name) Read(string? set, string name) =>
            set is not null ? (set, CredentialSource.Options, "options")
            : values.Find(name, out var source) is { } found ? (found, source, ProviderCredentials.SourceLabel(source, name))
            : (null, CredentialSource.None, null);
        var key = Read(options.Key, "TRANSLOADIT_KEY");
        var secret = Read(options.Secret, "TRANSLOADIT_SECRET");
        var (endpoint, endpointSource) = ProviderCredentials.ReadEndpoint(options.Endpoint, values, EndpointVariable, TransloaditOptions.DefaultEndpoint);
        return (new ProviderSettings("transloadit", key.Value, key.Source, key.Name, endpoint)
        {
            EndpointSource = endpointSource,
            EndpointSourceName = endpointSource == CredentialSource.None ? null : ProviderCredentials.SourceLabel(endpointSource, EndpointVariable),
            Problem = ProviderCredentials.TrustProblem("transloadit", endpoint, endpointSource, EndpointVariable, [(key.Source, key.Name), (secret.Source, secret.Name)]),
        }, secret.Value);
    }

    /// <summary>The variable of the endpoint.</summary>
    internal const string EndpointVariable = "TRANSLOADIT_ENDPOINT";

    /// <summary>Where <see cref="Endpoint"/> came from; <see cref="CredentialSource.None"/> for the default.</summary>
    internal CredentialSource EndpointSource { get; }

    /// <summary>The options.</summary>
    public TransloaditOptions Options { get; }

    /// <summary>The auth key, or null.</summary>
    public string? Key { get; }

    /// <summary>The API endpoint.</summary>
    public Uri Endpoint { get; }

    private string Base => Endpoint.AbsoluteUri.TrimEnd('/');

    /// <summary>Whether a key and a secret are configured.</summary>
    public bool IsConfigured => !string.IsNullOrEmpty(Key) && !string.IsNullOrEmpty(Secret);

    private string? Secret { get; }

    /// <summary>The signature of a params string: <c>sha384:</c> and the lower-case hex HMAC-SHA384 of its UTF-8 bytes.</summary>
    public static string Sign(string paramsString, string secret)
    {
        ArgumentNullException.ThrowIfNull(paramsString);
        ArgumentNullException.ThrowIfNull(secret);
        return "sha384:" + Convert.ToHexString(HMACSHA384.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(paramsString))).ToLowerInvariant();
    }

    /// <summary>The params string and its signature, <c>auth.key</c> and <c>auth.expires</c> (ISO 8601, a bounded time ahead) set.</summary>
    internal (string Params, string Signature) SignedParams(JsonObject? parameters)
    {
        if (!IsConfigured)
        {
            throw new TransloaditException("TRANSLOADIT_NOT_CONFIGURED", "Transloadit needs an auth key and secret: set TRANSLOADIT_KEY and TRANSLOADIT_SECRET (in the environment or a .env file in the working folder), or ImageSdkOptions.Transloadit in code");
        }

        parameters ??= new JsonObject();
        var auth = parameters["auth"] as JsonObject ?? new JsonObject();
        parameters.Remove("auth");
        auth["key"] = Key;
        auth["expires"] = _time.GetUtcNow().Add(Options.SignatureLifetime).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);
        parameters["auth"] = auth; // last, as the SDKs send it
        var text = parameters.ToJsonString(s_json);
        return (text, Sign(text, Secret!));
    }

    /// <summary>Creates an assembly: <c>POST /assemblies</c> with params, signature and the uploads; returns its first status.</summary>
    /// <param name="parameters">The assembly instructions (steps, fields, template_id, ...); auth is added.</param>
    /// <param name="uploads">The files, each under its field name.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public async Task<JsonObject> CreateAsync(JsonObject parameters, IReadOnlyList<RunUpload> uploads, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(uploads);
        var (text, signature) = SignedParams(parameters);
        using var form = new MultipartFormDataContent
        {
            { new StringContent(text, Encoding.UTF8), "params" },
            { new StringContent(signature, Encoding.UTF8), "signature" },
        };
        var streams = new List<Stream>();
        try
        {
            foreach (var upload in uploads)
            {
                var stream = Running.BoundedFile.OpenRead(upload.Path); // a regular file only: a FIFO would wait for a writer
                streams.Add(stream);
                var part = new StreamContent(stream);
                part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
                form.Add(part, upload.Field, Path.GetFileName(upload.Path));
            }

            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Base + "/assemblies")) { Content = form };
            return await SendAsync(request, CallKind.Create, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            foreach (var stream in streams)
            {
                await stream.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>An assembly's status, by its URL (on the configured endpoint) or its id.</summary>
    /// <exception cref="ArgumentException">Neither an id nor a URL, or a URL on another host than the endpoint.</exception>
    public Task<JsonObject> GetAsync(string assemblyUrlOrId, CancellationToken cancellationToken = default)
    {
        var url = AssemblyUrl(assemblyUrlOrId);
        var (text, signature) = SignedParams(null);
        var separator = url.Contains('?', StringComparison.Ordinal) ? '&' : '?';
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"{url}{separator}signature={Uri.EscapeDataString(signature)}&params={Uri.EscapeDataString(text)}"));
        return SendOwnedAsync(request, CallKind.Idempotent, cancellationToken);
    }

    /// <summary>A template (<c>GET /templates/ID</c>): its id, name and <c>content</c> (the instructions it holds).</summary>
    public Task<JsonObject> GetTemplateAsync(string templateId, CancellationToken cancellationToken = default)
    {
        if (templateId.Length == 0 || !templateId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            throw new ArgumentException($"'{Tables.Printable.Escape(templateId)}' is not a template id", nameof(templateId));
        }

        var (text, signature) = SignedParams(null);
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"{Base}/templates/{templateId}?signature={Uri.EscapeDataString(signature)}&params={Uri.EscapeDataString(text)}"));
        return SendOwnedAsync(request, CallKind.Idempotent, cancellationToken);
    }

    /// <summary>
    /// The key check of <c>imagesdk providers --check</c>: one signed GET that costs nothing (<c>GET /assemblies</c>, a page of
    /// one). A refused key or signature, an unreachable host and other errors are told apart; nothing of the key is reported.
    /// </summary>
    internal async Task<Providers.ProviderCheck> CheckAsync(CancellationToken cancellationToken)
    {
        if (!IsConfigured)
        {
            return new Providers.ProviderCheck("transloadit", Providers.ProviderCheck.NotConfigured, "no key and secret are configured", []);
        }

        try
        {
            var (text, signature) = SignedParams(new JsonObject { ["page"] = 1, ["pagesize"] = 1 });
            var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"{Base}/assemblies?signature={Uri.EscapeDataString(signature)}&params={Uri.EscapeDataString(text)}"));
            await SendOwnedAsync(request, CallKind.Probe, cancellationToken).ConfigureAwait(false);
            return new Providers.ProviderCheck("transloadit", Providers.ProviderCheck.Ok, "the key and signature are accepted", []);
        }
        catch (TransloaditException ex) when (ex.Code is ProviderErrors.Unavailable or ProviderErrors.Timeout)
        {
            return new Providers.ProviderCheck("transloadit", Providers.ProviderCheck.Unreachable, Secrets.Redact(ex.Message), []);
        }
        catch (TransloaditException ex) when (ex.Code is ProviderErrors.AuthFailed || ex.Code.Contains("AUTH", StringComparison.Ordinal) || ex.Code.Contains("SIGNATURE", StringComparison.Ordinal))
        {
            return new Providers.ProviderCheck("transloadit", Providers.ProviderCheck.RejectedKey, $"the key or signature was rejected ({Secrets.Redact(ex.Code)})", []);
        }
        catch (TransloaditException ex)
        {
            return new Providers.ProviderCheck("transloadit", Providers.ProviderCheck.Failed, Secrets.Redact(ex.Message), []);
        }
    }

    /// <summary>Cancels an assembly (<c>DELETE</c> on its URL), by its URL (on the configured endpoint) or its id; returns its status.</summary>
    /// <exception cref="ArgumentException">Neither an id nor a URL, or a URL on another host than the endpoint.</exception>
    public Task<JsonObject> CancelAsync(string assemblyUrlOrId, CancellationToken cancellationToken = default)
    {
        var url = AssemblyUrl(assemblyUrlOrId);
        var (text, signature) = SignedParams(null);
        var request = new HttpRequestMessage(HttpMethod.Delete, new Uri(url))
        {
            Content = new FormUrlEncodedContent([new("params", text), new("signature", signature)]),
        };
        return SendOwnedAsync(request, CallKind.Idempotent, cancellationToken);
    }

    /// <summary>
    /// Streams a result file (its <c>ssl_url</c>) into <paramref name="destination"/>, within
    /// <see cref="TransloaditOptions.MaxDownloadBytes"/> (a Content-Length above it is refused before anything is written);
    /// a body shorter than its Content-Length is an error.
    /// </summary>
    internal async Task DownloadToAsync(Uri url, Stream destination, CancellationToken cancellationToken)
    {
        var where = ProviderCredentials.DisplayText(url.GetLeftPart(UriPartial.Path));
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        HttpResponseMessage response;
        try
        {
            response = await ProviderHttp.SendAsync(_files, request, CallKind.Idempotent, "transloadit", cancellationToken, HttpCompletionOption.ResponseHeadersRead).ConfigureAwait(false);
        }
        catch (ProviderException ex)
        {
            throw new TransloaditException("RESULT_DOWNLOAD_FAILED", $"downloading {where} failed: {ex.Message}", ex);
        }

        using var owned = response;
        if (!response.IsSuccessStatusCode)
        {
            throw new TransloaditException("RESULT_DOWNLOAD_FAILED", ProviderHttp.DownloadMessage(where, response.StatusCode));
        }

        if (response.Content.Headers.ContentLength is { } declared && declared > Options.MaxDownloadBytes)
        {
            throw new TransloaditException("RESULT_DOWNLOAD_FAILED", $"{where} declares {declared} bytes, more than the limit of {Options.MaxDownloadBytes} bytes (TransloaditOptions.MaxDownloadBytes); nothing was written");
        }

        long total = 0;
        try
        {
            var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (body.ConfigureAwait(false))
            {
                var buffer = new byte[81920];
                int read;
                while ((read = await body.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    total += read;
                    if (total > Options.MaxDownloadBytes)
                    {
                        throw new TransloaditException("RESULT_DOWNLOAD_FAILED", $"{where} is larger than the limit of {Options.MaxDownloadBytes} bytes (TransloaditOptions.MaxDownloadBytes)");
                    }

                    await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException && !cancellationToken.IsCancellationRequested)
        {
            throw new TransloaditException("RESULT_DOWNLOAD_FAILED", $"downloading {where} broke off after {total} bytes: {ProviderHttp.StepText(ex)}", ex);
        }

        if (response.Content.Headers.ContentLength is { } length && length != total)
        {
            throw new TransloaditException("RESULT_DOWNLOAD_FAILED", $"downloading {where} gave {total} of {length} bytes");
        }
    }

    /// <summary>Whether <paramref name="url"/> is on the configured endpoint (scheme, host and port): the only place signed requests go.</summary>
    internal bool IsOwn(Uri url) => RedirectHandler.SameOrigin(url, Endpoint);

    /// <summary>Whether a URL is https on Transloadit's own domain.</summary>
    private static bool IsTransloadits(Uri url) =>
        url.Scheme == Uri.UriSchemeHttps && url.IdnHost.EndsWith(".transloadit.com", StringComparison.OrdinalIgnoreCase) && string.IsNullOrEmpty(url.UserInfo);

    /// <summary>Whether <paramref name="text"/> can be an assembly id (ASCII letters and digits).</summary>
    internal static bool IsAssemblyId(string? text) => text is { Length: > 0 } && text.All(char.IsAsciiLetterOrDigit);

    /// <summary>
    /// The URL of an assembly, by its URL or its id; signed, so only on the configured endpoint. A URL on another of
    /// Transloadit's own hosts (statuses name a node, e.g. <c>api2-xyz.transloadit.com</c>) is asked of the endpoint by its id
    /// when the endpoint is Transloadit's; a URL on any other host is refused.
    /// </summary>
    internal string AssemblyUrl(string assemblyUrlOrId)
    {
        if (Uri.TryCreate(assemblyUrlOrId, UriKind.Absolute, out var url) && url.Scheme is "http" or "https")
        {
            if (!IsOwn(url))
            {
                var id = url.AbsolutePath.StartsWith("/assemblies/", StringComparison.Ordinal) && IsAssemblyId(url.AbsolutePath["/assemblies/".Length..]) ? url.AbsolutePath["/assemblies/".Length..] : null;
                if (id is not null && url.Scheme == Uri.UriSchemeHttps && url.Port == 443 && IsTransloadits(url) && IsTransloadits(Endpoint))
                {
                    return $"{Base}/assemblies/{id}";
                }

                throw new ArgumentException(
                    $"{ProviderCredentials.DisplayText(url.GetLeftPart(UriPartial.Path))} is not on the configured endpoint {ProviderCredentials.Display(Endpoint)}, and signed requests go only there; "
                    + (id is null ? "give the assembly id" : $"give the assembly id ({id})") + " or, if that host is Transloadit's, --endpoint / TRANSLOADIT_ENDPOINT", nameof(assemblyUrlOrId));
            }

            return url.AbsoluteUri;
        }

        return IsAssemblyId(assemblyUrlOrId) ? $"{Base}/assemblies/{assemblyUrlOrId}"
            : throw new ArgumentException($"'{Tables.Printable.Escape(assemblyUrlOrId)}' is neither an assembly id nor an assembly URL", nameof(assemblyUrlOrId));
    }

    private async Task<JsonObject> SendOwnedAsync(HttpRequestMessage request, CallKind kind, CancellationToken cancellationToken)
    {
        using (request)
        {
            return await SendAsync(request, kind, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Sends a request and reads its JSON; an <c>error</c> in it, or a body that is not JSON, is a <see cref="TransloaditException"/>.</summary>
    private async Task<JsonObject> SendAsync(HttpRequestMessage request, CallKind kind, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await ProviderHttp.SendAsync(_http, request, kind, "transloadit", cancellationToken).ConfigureAwait(false);
        }
        catch (ProviderException ex)
        {
            throw new TransloaditException(ex.Code, ex.Message, ex);
        }

        using (response)
        {
            // Read within TransloaditOptions.MaxStatusBytes by the pipeline, and parsed from the bytes (no string of the body).
            JsonObject? json = null;
            try
            {
                var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
                await using (body.ConfigureAwait(false))
                {
                    json = await JsonNode.ParseAsync(body, cancellationToken: cancellationToken).ConfigureAwait(false) as JsonObject;
                }
            }
            catch (JsonException)
            {
            }

            Secrets.RedactAll(json); // every field that may be surfaced (error, message, meta, the whole status in --json) is clean

            if (json?["error"]?.ToString() is { Length: > 0 } code)
            {
                throw new TransloaditException(code, json["message"]?.ToString() ?? json["reason"]?.ToString() ?? code);
            }

            if (!response.IsSuccessStatusCode || json is null)
            {
                throw new TransloaditException(response.IsSuccessStatusCode ? "TRANSLOADIT_BAD_RESPONSE" : "TRANSLOADIT_HTTP_" + (int)response.StatusCode,
                    $"Transloadit answered HTTP {(int)response.StatusCode}{(json is null ? " with a body that is not a JSON object" : string.Empty)}");
            }

            return json;
        }
    }
}
