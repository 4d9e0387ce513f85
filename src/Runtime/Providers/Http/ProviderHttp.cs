using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace ImageSdk.Providers.Http;

/// <summary>Whether a request may be sent again after a failure.</summary>
internal enum CallKind
{
    /// <summary>
    /// A paid create call (an OpenAI generation, a Replicate prediction, a Gemini generateContent): retried only when it
    /// cannot have been processed (429, 502/503/504, a connection that never carried it), so nothing is paid twice.
    /// </summary>
    Create,

    /// <summary>A poll or a download: retried on any transient failure.</summary>
    Idempotent,

    /// <summary>A key check (<c>imagesdk providers --check</c>): never retried, so an unreachable host is told at once.</summary>
    Probe,
}

/// <summary>
/// The HTTP pipeline every hosted provider shares, built with Microsoft.Extensions.Http.Resilience: per named client a
/// total timeout, retries with jittered exponential backoff that honour <c>Retry-After</c> (seconds and HTTP-date), a
/// circuit breaker and a per-attempt timeout; the innermost handler reads the whole body within the size cap, so a reset
/// mid-body is an attempt's failure that the retry sees.
/// </summary>
internal static class ProviderHttp
{
    /// <summary>The request option that says how a request may be retried.</summary>
    public static readonly HttpRequestOptionsKey<CallKind> Kind = new("ImageSdk.CallKind");

    /// <summary>The name of a provider's HttpClient.</summary>
    public static string ClientName(string provider) => "ImageSdk." + provider;

    /// <summary>Registers the named client of <paramref name="provider"/> with its resilience pipeline.</summary>
    /// <param name="services">The services.</param>
    /// <param name="provider">The provider, whose options the pipeline takes.</param>
    /// <param name="name">The client's name; the provider's own when null.</param>
    /// <param name="buffered">Whether bodies are read whole within the cap inside the pipeline; false for downloads streamed to disk.</param>
    public static void AddProviderClient(IServiceCollection services, string provider, string? name = null, bool buffered = true)
    {
        var client = services.AddHttpClient(name ?? ClientName(provider))
            .ConfigureHttpClient(client => client.Timeout = Timeout.InfiniteTimeSpan) // the pipeline's timeouts rule
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) // RedirectHandler decides
            .RedactLoggedHeaders(["Authorization", "x-goog-api-key"]); // HTTP logging never shows a key
        client.AddResilienceHandler("imagesdk", (builder, context) =>
        {
            var options = context.ServiceProvider.GetRequiredService<IOptions<ImageSdkOptions>>().Value.For(provider)!;
            var logger = context.ServiceProvider.GetService<ILoggerFactory>()?.CreateLogger("ImageSdk.Providers." + provider);
            Configure(builder, options, provider, logger);
        });
        if (buffered)
        {
            client.AddHttpMessageHandler(services => new BufferingHandler(services.GetRequiredService<IOptions<ImageSdkOptions>>().Value.For(provider)!.MaxResponseBytes));
        }

        client.AddHttpMessageHandler(() => new RedirectHandler()); // innermost: the buffering and the retries see the final response
    }

    /// <summary>The pipeline: total timeout, retry, circuit breaker, attempt timeout.</summary>
    internal static void Configure(ResiliencePipelineBuilder<HttpResponseMessage> builder, ProviderOptions options, string provider, ILogger? logger)
    {
        builder.AddTimeout(new HttpTimeoutStrategyOptions { Name = "total", Timeout = options.TotalTimeout });
        if (options.MaxRetries > 0)
        {
            builder.AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryDelay,
                MaxDelay = TimeSpan.FromSeconds(60),
                ShouldRetryAfterHeader = false, // DelayGenerator reads Retry-After itself, and Gemini's RetryInfo
                DelayGenerator = RetryDelay,
                ShouldHandle = ShouldRetry,
                OnRetry = args =>
                {
                    var why = args.Outcome.Result is { } response ? "HTTP " + (int)response.StatusCode : args.Outcome.Exception?.GetType().Name;
                    logger?.LogWarning("{Provider}: attempt {Attempt} failed ({Reason}); retrying in {Delay} ms", provider, args.AttemptNumber + 1, why, (int)args.RetryDelay.TotalMilliseconds);
                    ImageSdkTelemetry.RecordRetry(provider, why);
                    return default;
                },
            });
        }

        builder
            .AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
            {
                FailureRatio = 0.8,
                MinimumThroughput = 20,
                SamplingDuration = TimeSpan.FromTicks(Math.Max(TimeSpan.FromSeconds(30).Ticks, options.AttemptTimeout.Ticks * 2)),
                BreakDuration = TimeSpan.FromSeconds(15),
            })
            .AddTimeout(new HttpTimeoutStrategyOptions { Name = "attempt", Timeout = options.AttemptTimeout });
    }

    /// <summary>
    /// The delay the server asked for: <c>Retry-After</c> in seconds or as an HTTP-date, else (Gemini) the
    /// <c>google.rpc.RetryInfo</c> <c>retryDelay</c> of the error body (e.g. <c>"31s"</c>); null for the jittered backoff. At most a minute.
    /// </summary>
    internal static async ValueTask<TimeSpan?> RetryDelay(RetryDelayGeneratorArguments<HttpResponseMessage> args)
    {
        if (args.Outcome.Result is not { } response)
        {
            return null;
        }

        TimeSpan? delay = response.Headers.RetryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date - DateTimeOffset.UtcNow,
            _ => null,
        };
        if (delay is null && (int)response.StatusCode == 429 && response.Content.Headers.ContentType?.MediaType == "application/json")
        {
            try
            {
                using var json = await System.Text.Json.JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(args.Context.CancellationToken).ConfigureAwait(false), cancellationToken: args.Context.CancellationToken).ConfigureAwait(false);
                if (json.RootElement.ValueKind == System.Text.Json.JsonValueKind.Object
                    && json.RootElement.TryGetProperty("error", out var error) && error.ValueKind == System.Text.Json.JsonValueKind.Object
                    && error.TryGetProperty("details", out var details) && details.ValueKind == System.Text.Json.JsonValueKind.Array)
                {
                    foreach (var detail in details.EnumerateArray())
                    {
                        if (detail.ValueKind == System.Text.Json.JsonValueKind.Object && detail.TryGetProperty("retryDelay", out var retryDelay)
                            && retryDelay.GetString() is { Length: > 1 } text && text.EndsWith('s')
                            && double.TryParse(text[..^1], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var seconds))
                        {
                            delay = TimeSpan.FromSeconds(seconds);
                        }
                    }
                }
            }
            catch (System.Text.Json.JsonException)
            {
            }
        }

        return delay is { } d ? TimeSpan.FromTicks(Math.Clamp(d.Ticks, 0, TimeSpan.FromMinutes(1).Ticks)) : null;
    }

    /// <summary>
    /// The retry rule: a create call only when it cannot have been processed; a poll or download on any transient failure.
    /// A 500 on a create call is not retried: the provider may have generated (and billed) the image before failing. A 429
    /// that says the quota is spent (OpenAI's <c>insufficient_quota</c>) is not retried either: OpenAI says it will not pass.
    /// </summary>
    internal static async ValueTask<bool> ShouldRetry(RetryPredicateArguments<HttpResponseMessage> args)
    {
        var request = args.Context.GetRequestMessage();
        CallKind? kind = request is not null && request.Options.TryGetValue(Kind, out var set) ? set : null;
        if (kind == CallKind.Probe)
        {
            return false;
        }

        var idempotent = request is not null && (request.Method == HttpMethod.Get || kind == CallKind.Idempotent);
        if (args.Outcome.Result is { } response)
        {
            var status = (int)response.StatusCode;
            if (status == 429 && await QuotaSpentAsync(response, args.Context.CancellationToken).ConfigureAwait(false))
            {
                return false;
            }

            return status is 429 or 502 or 503 or 504 || (idempotent && (status >= 500 || status == 408));
        }

        return args.Outcome.Exception switch
        {
            HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError } => true,
            ResponseTooLargeException => false, // it would be as large again
            HttpRequestException or IOException or TimeoutRejectedException => idempotent,
            _ => false,
        };
    }

    /// <summary>Whether a 429's body says the quota is spent (<c>insufficient_quota</c>), not that calls come too fast.</summary>
    private static async ValueTask<bool> QuotaSpentAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.Content is not PooledContent && response.Content.Headers.ContentLength is not <= 64 * 1024)
        {
            return false; // an unbuffered body of unknown size is not read here
        }

        // Read as a string: the content is buffered then, and the caller still reads it whole afterwards.
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        return text.Contains("\"insufficient_quota\"", StringComparison.Ordinal);
    }

    /// <summary>
    /// Sends <paramref name="request"/> through the pipeline, the failures that are not a response mapped to
    /// <see cref="ProviderException"/>s with their meaning (a create call that timed out after it was sent may have been billed).
    /// </summary>
    public static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpRequestMessage request, CallKind kind, string provider, CancellationToken cancellationToken, HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead)
    {
        request.Options.Set(Kind, kind);
        try
        {
            return await client.SendAsync(request, completion, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (Translate(ex, kind, provider, cancellationToken) is { } translated)
        {
            throw translated;
        }
    }

    /// <summary>A failure of the pipeline that is not a response, as the step error it means; null for cancellation and the rest.</summary>
    public static ProviderException? Translate(Exception exception, CallKind kind, string provider, CancellationToken cancellationToken) => exception switch
    {
        TimeoutRejectedException timeout => new ProviderException(ProviderErrors.Timeout, kind == CallKind.Create
            ? $"{provider} did not answer within {timeout.Timeout.TotalSeconds:0.#} s after the request was sent; it may have been processed and billed, so it was not sent again"
            : $"{provider} did not answer within {timeout.Timeout.TotalSeconds:0.#} s", timeout),
        BrokenCircuitException open => new ProviderException(ProviderErrors.Unavailable, $"{provider} failed too often recently; calls are paused for a few seconds (circuit open)", open),
        ResponseTooLargeException large => new ProviderException(ProviderErrors.TooLarge, $"{provider} sent a response larger than the limit of {large.Limit} bytes ({(provider == "transloadit" ? "TransloaditOptions.MaxStatusBytes" : "ProviderOptions.MaxResponseBytes")})", large),
        HttpRequestException or IOException when !cancellationToken.IsCancellationRequested =>
            exception.InnerException is ResponseTooLargeException inner ? Translate(inner, kind, provider, cancellationToken)
            : new ProviderException(ProviderErrors.Unavailable, $"{provider} could not be reached: {StepText(exception)}", exception),
        _ => null,
    };

    /// <summary>The first line of an exception's message, without any registered secret.</summary>
    internal static string StepText(Exception ex)
    {
        var message = ex.Message;
        var newline = message.IndexOfAny(['\r', '\n']);
        return Secrets.Redact(newline < 0 ? message : message[..newline]);
    }

    /// <summary>The code of a response that is not a success, by its status.</summary>
    public static string CodeOf(HttpStatusCode status) => (int)status switch
    {
        401 or 403 => ProviderErrors.AuthFailed,
        429 => ProviderErrors.RateLimited,
        408 or 504 => ProviderErrors.Timeout,
        >= 500 => ProviderErrors.Unavailable,
        < 400 => ProviderErrors.BadResponse, // a redirect not followed, or a success status the API does not answer with
        _ => ProviderErrors.Rejected,
    };

    /// <summary>
    /// The message of a response that is not the expected success, by its status: the one place that words them.
    /// </summary>
    /// <param name="provider">The provider.</param>
    /// <param name="status">The status.</param>
    /// <param name="message">The provider's own words (already clipped and redacted), if any.</param>
    /// <param name="location">A redirect's <c>Location</c>, if any.</param>
    /// <param name="request">The URL asked, to resolve a relative <paramref name="location"/>.</param>
    public static string StatusMessage(string provider, HttpStatusCode status, string? message, string? location = null, Uri? request = null)
    {
        var code = (int)status;
        var words = string.IsNullOrWhiteSpace(message) ? string.Empty : ": " + message;
        return code switch
        {
            >= 300 and < 400 => $"{provider} answered HTTP {code}, a redirect{(RedirectTarget(location, request) is { } target ? " to " + target : string.Empty)}; "
                + "a call that carries the key or a paid request is not sent on to another address, so nothing was sent there. Set the endpoint to the address that answers",
            >= 200 and < 300 => $"{provider} answered HTTP {code}, where its API answers 200 with the result; is the endpoint {provider}'s API?{words}",
            401 or 403 => $"{provider} rejected the API key (HTTP {code}){words}",
            429 => $"{provider} is rate limiting (HTTP 429) and still was after the retries{words}",
            _ => $"{provider} answered HTTP {code}{words}",
        };
    }

    /// <summary>
    /// The message of a result download (a Replicate output, a Transloadit result file) that failed, by its status: the one
    /// place that words them. No key is sent for results, so a 401/403 means the link has expired or is not public.
    /// </summary>
    /// <param name="what">What was downloaded, e.g. <c>the output</c>.</param>
    /// <param name="status">The status.</param>
    /// <param name="gone">Why a result goes away (a 404 or 410), where the service says, e.g. <c>Replicate deletes outputs after an hour</c>.</param>
    public static string DownloadMessage(string what, HttpStatusCode status, string? gone = null) => (int)status switch
    {
        404 or 410 => $"downloading {what} failed with HTTP {(int)status} (the output is gone{(gone is null ? string.Empty : "; " + gone)})",
        401 or 403 => $"downloading {what} was refused with HTTP {(int)status} (no key is sent for outputs: the link has expired or is not public)",
        _ => $"downloading {what} failed with HTTP {(int)status}",
    };

    /// <summary>The code of a result download that failed: an expired or deleted result failed the generation; else by <see cref="CodeOf"/>.</summary>
    public static string DownloadCode(HttpStatusCode status) => (int)status is 401 or 403 or 404 or 410 ? ProviderErrors.Failed : CodeOf(status);

    /// <summary>A redirect's target as it may be shown: scheme, host, port and path, no query or user info; null when there is none.</summary>
    private static string? RedirectTarget(string? location, Uri? request)
    {
        if (location is null || !(request is null ? Uri.TryCreate(location, UriKind.Absolute, out var target) : Uri.TryCreate(request, location, out target)) || !target.IsAbsoluteUri)
        {
            return location is null ? null : Tables.Printable.Escape(location.Length > 100 ? location[..100] + "..." : location);
        }

        return Secrets.Redact(Tables.Printable.Escape(target.Scheme + "://" + target.Authority[(target.Authority.IndexOf('@', StringComparison.Ordinal) + 1)..] + target.AbsolutePath));
    }

    /// <summary>Reads the whole body within the cap inside the pipeline, so a reset mid-body is a failed attempt.</summary>
    private sealed class BufferingHandler(long limit) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            try
            {
                if (response.Content.Headers.ContentLength > limit)
                {
                    throw new ResponseTooLargeException(limit);
                }

                // A pooled buffer, sized from Content-Length when the provider sends it: bodies are large (base64 images) and
                // short-lived, and renting them keeps them off the large object heap between gen2 collections.
                var declared = response.Content.Headers.ContentLength is { } length && length <= limit ? (int)length : 0;
                var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(Math.Max(declared, 81920));
                var filled = 0;
                try
                {
                    var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
                    await using (stream.ConfigureAwait(false))
                    {
                        int read;
                        while ((read = await stream.ReadAsync(buffer.AsMemory(filled), cancellationToken).ConfigureAwait(false)) > 0)
                        {
                            filled += read;
                            if (filled > limit)
                            {
                                throw new ResponseTooLargeException(limit);
                            }

                            if (filled == buffer.Length)
                            {
                                var larger = System.Buffers.ArrayPool<byte>.Shared.Rent((int)Math.Min(int.MaxValue - 64, (long)buffer.Length * 2));
                                buffer.AsSpan(0, filled).CopyTo(larger);
                                System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
                                buffer = larger;
                            }
                        }
                    }
                }
                catch
                {
                    System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
                    throw;
                }

                var buffered = new PooledContent(buffer, filled);
                foreach (var header in response.Content.Headers)
                {
                    buffered.Headers.TryAddWithoutValidation(header.Key, header.Value);
                }

                response.Content.Dispose();
                response.Content = buffered;
                return response;
            }
            catch
            {
                response.Dispose();
                throw;
            }
        }
    }
}

/// <summary>
/// Follows a redirect only where no credential can go with it to another host. A GET (or HEAD) is followed up to five
/// times: with its headers when the target has the same origin (scheme, host and port), with none when it has another (no
/// <c>Authorization</c>, no <c>x-goog-api-key</c>, nothing the request carried), and never from https to http. A redirect of
/// any other method is the response itself, which the provider reports: a POST carrying a key and a paid body is never
/// sent again, here or elsewhere. .NET's own redirects drop only <c>Authorization</c>, so they are off
/// (<see cref="SocketsHttpHandler.AllowAutoRedirect"/>).
/// </summary>
internal sealed class RedirectHandler : DelegatingHandler
{
    private const int MaxRedirects = 5;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var current = request;
        for (var hop = 0; hop < MaxRedirects && IsRedirect(response.StatusCode) && (current.Method == HttpMethod.Get || current.Method == HttpMethod.Head); hop++)
        {
            if (response.Headers.Location is not { } location || current.RequestUri is not { } from
                || !Uri.TryCreate(from, location, out var target) || target.Scheme is not ("http" or "https")
                || (from.Scheme == Uri.UriSchemeHttps && target.Scheme == Uri.UriSchemeHttp))
            {
                break;
            }

            var next = new HttpRequestMessage(current.Method, target) { Version = current.Version, VersionPolicy = current.VersionPolicy };
            if (SameOrigin(from, target))
            {
                foreach (var header in current.Headers)
                {
                    next.Headers.TryAddWithoutValidation(header.Key, header.Value);
                }
            }

            response.Dispose();
            current = next;
            response = await base.SendAsync(current, cancellationToken).ConfigureAwait(false);
        }

        return response;
    }

    private static bool IsRedirect(HttpStatusCode status) => (int)status is 301 or 302 or 303 or 307 or 308;

    /// <summary>Scheme, host and port equal: the only place a credential may follow a redirect to.</summary>
    internal static bool SameOrigin(Uri a, Uri b) =>
        string.Equals(a.Scheme, b.Scheme, StringComparison.OrdinalIgnoreCase) && string.Equals(a.IdnHost, b.IdnHost, StringComparison.OrdinalIgnoreCase) && a.Port == b.Port;
}

/// <summary>
/// A response body in a rented buffer, returned to the pool when the response is disposed: every reader of a provider
/// response (a JSON parse, a copy of the bytes) reads it before the response is disposed.
/// </summary>
internal sealed class PooledContent(byte[] buffer, int length) : HttpContent
{
    private byte[]? _buffer = buffer;

    private byte[] Buffer => _buffer ?? throw new ObjectDisposedException(nameof(PooledContent));

    protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context) => stream.WriteAsync(Buffer, 0, length);

    protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context, CancellationToken cancellationToken) =>
        stream.WriteAsync(Buffer.AsMemory(0, length), cancellationToken).AsTask();

    protected override Task<Stream> CreateContentReadStreamAsync() => Task.FromResult<Stream>(new MemoryStream(Buffer, 0, length, writable: false));

    protected override bool TryComputeLength(out long computed)
    {
        computed = length;
        return true;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && Interlocked.Exchange(ref _buffer, null) is { } rented)
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(rented);
        }

        base.Dispose(disposing);
    }
}

/// <summary>A response over the size cap.</summary>
internal sealed class ResponseTooLargeException(long limit) : IOException($"the response is larger than {limit} bytes")
{
    public long Limit { get; } = limit;
}
