using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace ImageSdk.Tests.Providers;

/// <summary>
/// A loopback host that must never see a key: it records every request (method, URL, headers, body) and answers as
/// <see cref="Answer"/> says (200 <c>{}</c> by default). The attacker of the endpoint and redirect tests.
/// </summary>
internal sealed class RecordingServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private RecordingServer(WebApplication app) => _app = app;

    /// <summary>The base URL.</summary>
    public Uri Endpoint { get; private init; } = null!;

    /// <summary>Every request received.</summary>
    public ConcurrentQueue<(string Method, string Url, IReadOnlyDictionary<string, string> Headers, string Body)> Requests { get; } = new();

    /// <summary>How to answer; 200 with <c>{}</c> when null.</summary>
    public Func<HttpContext, Task>? Answer { get; set; }

    public static async Task<RecordingServer> StartAsync()
    {
        RecordingServer? server = null;
        var (app, endpoint) = await Loopback.StartAsync(context => server!.HandleAsync(context));
        server = new RecordingServer(app) { Endpoint = endpoint };
        return server;
    }

    /// <summary>Whether any request carried <paramref name="secret"/>, in its URL (decoded too), a header or its body.</summary>
    public bool Saw(string secret) => Requests.Any(r =>
        r.Url.Contains(secret, StringComparison.Ordinal) || Uri.UnescapeDataString(r.Url).Contains(secret, StringComparison.Ordinal)
        || r.Headers.Values.Any(v => v.Contains(secret, StringComparison.Ordinal)) || r.Body.Contains(secret, StringComparison.Ordinal)
        || Uri.UnescapeDataString(r.Body.Replace('+', ' ')).Contains(secret, StringComparison.Ordinal));

    public ValueTask DisposeAsync() => Loopback.StopAsync(_app);

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        Requests.Enqueue((context.Request.Method, Microsoft.AspNetCore.Http.Extensions.UriHelper.GetEncodedUrl(context.Request), context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase), body));
        if (Answer is { } answer)
        {
            await answer(context);
        }
        else
        {
            await Loopback.JsonAsync(context, 200, new System.Text.Json.Nodes.JsonObject());
        }
    }
}
