using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace ImageSdk.Tests.Remote;

/// <summary>
/// A loopback fake of Transloadit's assembly API: it recomputes each request's signature with the secret and rejects a
/// bad one as the API does (INVALID_SIGNATURE), checks <c>auth.key</c> (GET_ACCOUNT_UNKNOWN_AUTH_KEY) and <c>auth.expires</c>
/// (in the future), reads the multipart uploads, walks its statuses from uploading to executing to completed, serves the
/// result files, and records cancellations.
/// </summary>
internal sealed class FakeTransloadit : IAsyncDisposable
{
    public const string Key = "fake-transloadit-key-1234";
    public const string Secret = "fake-transloadit-secret-5678";

    /// <summary>An assembly that generates a file and exports it with the remote-only <c>/s3/store</c> (see <see cref="ExportToMissingUrl"/>).</summary>
    public const string ExportAssembly = """
        {"steps": {
          ":original": {"robot": "/upload/handle"},
          "g": {"robot": "/image/generate", "use": ":original", "model": "flux-schnell", "prompt": "a calm sea", "result": true},
          "exported": {"robot": "/s3/store", "use": "g", "credentials": "my_s3", "path": "pictures/${file.name}"}}}
        """;

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, (JsonObject Params, int Polls)> _assemblies = new();
    private int _next;

    private FakeTransloadit(WebApplication app) => _app = app;

    public Uri Endpoint { get; private init; } = null!;

    /// <summary>The uploads received: field, file name, bytes.</summary>
    public ConcurrentQueue<(string Field, string FileName, byte[] Bytes)> Uploads { get; } = new();

    /// <summary>The params strings of the create calls, and their expires.</summary>
    public ConcurrentQueue<JsonObject> Created { get; } = new();

    public int Polls;

    public ConcurrentQueue<string> Deletes { get; } = new();

    /// <summary>The signed lists of assemblies answered (<c>GET /assemblies</c>: the key check of <c>providers --check</c>).</summary>
    public int Lists;

    /// <summary>Faults per route (<c>poll</c>, <c>download</c>): an HTTP status, or -1 for a body cut short.</summary>
    public ConcurrentDictionary<string, ConcurrentQueue<(int Status, string? RetryAfter)>> Faults { get; } = new();

    /// <summary>The final status carries this error (e.g. a robot's validation error) instead of completing.</summary>
    public (string Code, string Message)? FailWith { get; set; }

    /// <summary>The templates, by id: their content.</summary>
    public ConcurrentDictionary<string, JsonObject> Templates { get; } = new();

    /// <summary>The base URL that statuses' <c>assembly_url</c> and <c>assembly_ssl_url</c> name, when not this server's own.</summary>
    public Uri? StatusHost { get; set; }

    /// <summary>Changes every status before it is sent (a hostile or broken service).</summary>
    public Action<JsonObject>? Tamper { get; set; }

    /// <summary>Where the export step of <see cref="ExportAssembly"/> says it stored its file: a URL that 404s here.</summary>
    public Uri ExportedUrl => new(Endpoint, "/bucket/pictures/g.png");

    /// <summary>Answers the export step's file with <see cref="ExportedUrl"/>, so a client that fetched it would fail the run.</summary>
    public void ExportToMissingUrl() => Tamper = status =>
    {
        if (status["results"]?["exported"] is JsonArray files)
        {
            files[0]!["ssl_url"] = ExportedUrl.AbsoluteUri;
        }
    };

    /// <summary>Assemblies stay executing.</summary>
    public bool Stuck { get; set; }

    /// <summary>Error bodies echo the signature and params they were sent.</summary>
    public bool Echo { get; set; }

    public byte[] ResultBytes { get; } = System.IO.File.ReadAllBytes(Samples.CoastWithHole);

    public void Inject(string route, params (int Status, string? RetryAfter)[] faults)
    {
        var queue = Faults.GetOrAdd(route, _ => new());
        foreach (var fault in faults)
        {
            queue.Enqueue(fault);
        }
    }

    public static async Task<FakeTransloadit> StartAsync()
    {
        FakeTransloadit? fake = null;
        var (app, endpoint) = await Loopback.StartAsync(context => fake!.HandleAsync(context));
        fake = new FakeTransloadit(app) { Endpoint = endpoint };
        return fake;
    }

    public ValueTask DisposeAsync() => Loopback.StopAsync(_app);

    private string Base(HttpContext context) => $"{context.Request.Scheme}://{context.Request.Host}";

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? string.Empty;
        var method = context.Request.Method;
        if (method == "POST" && path == "/assemblies")
        {
            var form = await context.Request.ReadFormAsync();
            if (await RejectAsync(context, form["params"].ToString(), form["signature"].ToString()) is not { } parameters)
            {
                return;
            }

            foreach (var file in form.Files)
            {
                using var memory = new MemoryStream();
                await file.CopyToAsync(memory);
                Uploads.Enqueue((file.Name, file.FileName, memory.ToArray()));
            }

            Created.Enqueue(parameters);
            var id = "a" + Interlocked.Increment(ref _next).ToString(CultureInfo.InvariantCulture) + "0123456789abcdef";
            _assemblies[id] = (parameters, 0);
            await JsonAsync(context, 200, Status(context, id, "ASSEMBLY_UPLOADING"));
        }
        else if (method == "GET" && path == "/assemblies")
        {
            // The list of assemblies (signed params in the query): a free call that proves the key and the secret.
            if (await RejectAsync(context, context.Request.Query["params"].ToString(), context.Request.Query["signature"].ToString()) is null)
            {
                return;
            }

            Interlocked.Increment(ref Lists);
            await JsonAsync(context, 200, new JsonObject { ["items"] = new JsonArray(), ["count"] = 0 });
        }
        else if (path.StartsWith("/assemblies/", StringComparison.Ordinal))
        {
            var id = path["/assemblies/".Length..];
            if (method == "DELETE")
            {
                var form = await context.Request.ReadFormAsync();
                if (await RejectAsync(context, form["params"].ToString(), form["signature"].ToString()) is null)
                {
                    return;
                }

                Deletes.Enqueue(id);
                await JsonAsync(context, 200, Status(context, id, "ASSEMBLY_CANCELED"));
                return;
            }

            if (await RejectAsync(context, context.Request.Query["params"].ToString(), context.Request.Query["signature"].ToString()) is null)
            {
                return;
            }

            Interlocked.Increment(ref Polls);
            if (Next("poll") is { } fault)
            {
                if (fault.RetryAfter is not null)
                {
                    context.Response.Headers.RetryAfter = fault.RetryAfter;
                }

                await JsonAsync(context, fault.Status, new JsonObject { ["error"] = "SERVER_ERROR", ["message"] = "injected" });
                return;
            }

            var (parameters, polls) = _assemblies[id];
            _assemblies[id] = (parameters, polls + 1);
            var state = Stuck || polls == 0 ? "ASSEMBLY_EXECUTING" : "ASSEMBLY_COMPLETED";
            var status = Status(context, id, state);
            if (state == "ASSEMBLY_COMPLETED" && FailWith is { } failure)
            {
                status.Remove("ok");
                status["error"] = failure.Code;
                status["message"] = failure.Message;
            }

            await JsonAsync(context, 200, status);
        }
        else if (method == "GET" && path.StartsWith("/templates/", StringComparison.Ordinal))
        {
            if (await RejectAsync(context, context.Request.Query["params"].ToString(), context.Request.Query["signature"].ToString()) is null)
            {
                return;
            }

            var id = path["/templates/".Length..];
            await (Templates.TryGetValue(id, out var content)
                ? JsonAsync(context, 200, new JsonObject { ["id"] = id, ["name"] = "template " + id, ["content"] = content.DeepClone() })
                : JsonAsync(context, 404, new JsonObject { ["error"] = "TEMPLATE_NOT_FOUND", ["message"] = $"No template with id {id}" }));
        }
        else if (method == "GET" && path.StartsWith("/results/", StringComparison.Ordinal))
        {
            switch (Next("download"))
            {
                case { Status: -1 }:
                    context.Response.ContentType = "image/png";
                    context.Response.ContentLength = ResultBytes.Length;
                    await context.Response.Body.WriteAsync(ResultBytes.AsMemory(0, ResultBytes.Length / 2));
                    await context.Response.Body.FlushAsync();
                    context.Abort();
                    return;
                case { } fault:
                    context.Response.StatusCode = fault.Status;
                    return;
            }

            context.Response.ContentType = "image/png";
            context.Response.ContentLength = ResultBytes.Length;
            await context.Response.Body.WriteAsync(ResultBytes);
        }
        else
        {
            await JsonAsync(context, 404, new JsonObject { ["error"] = "NOT_FOUND", ["message"] = path });
        }
    }

    private (int Status, string? RetryAfter)? Next(string route) => Faults.TryGetValue(route, out var queue) && queue.TryDequeue(out var fault) ? fault : null;

    /// <summary>The params when the signature, key and expiry hold; else answers as the API does and returns null.</summary>
    private async Task<JsonObject?> RejectAsync(HttpContext context, string paramsText, string signature)
    {
        JsonObject? parameters = null;
        try
        {
            parameters = JsonNode.Parse(paramsText) as JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
        }

        var echo = Echo ? $" (signature {signature}, params {paramsText}; this account signs with {Secret})" : string.Empty;
        if (parameters?["auth"]?["key"]?.ToString() is not { } key)
        {
            await JsonAsync(context, 400, new JsonObject { ["error"] = "AUTH_KEY_MISSING", ["message"] = "No auth key given" });
            return null;
        }

        if (key != Key)
        {
            await JsonAsync(context, 404, new JsonObject { ["error"] = "GET_ACCOUNT_UNKNOWN_AUTH_KEY", ["message"] = $"We could not find an account with the auth key {key}" });
            return null;
        }

        if (signature != ImageSdk.Remote.TransloaditClient.Sign(paramsText, Secret))
        {
            await JsonAsync(context, 403, new JsonObject { ["error"] = "INVALID_SIGNATURE", ["message"] = "The signature is invalid" + echo });
            return null;
        }

        if (!DateTimeOffset.TryParse(parameters["auth"]?["expires"]?.ToString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var expires) || expires <= DateTimeOffset.UtcNow)
        {
            await JsonAsync(context, 403, new JsonObject { ["error"] = "AUTH_EXPIRED", ["message"] = "The expires date is in the past or missing" });
            return null;
        }

        return parameters;
    }

    private JsonObject Status(HttpContext context, string id, string ok)
    {
        var baseUrl = Base(context);
        var status = new JsonObject
        {
            ["ok"] = ok,
            ["message"] = ok == "ASSEMBLY_COMPLETED" ? "The Assembly was successfully completed." : "The Assembly is running.",
            ["assembly_id"] = id,
            ["assembly_url"] = $"{StatusHost?.AbsoluteUri.TrimEnd('/') ?? baseUrl}/assemblies/{id}",
            ["assembly_ssl_url"] = $"{StatusHost?.AbsoluteUri.TrimEnd('/') ?? baseUrl}/assemblies/{id}",
            ["account_id"] = "acc",
            ["bytes_received"] = Uploads.Sum(u => u.Bytes.Length),
            ["uploads"] = new JsonArray(Uploads.Select(u => (JsonNode)new JsonObject { ["id"] = "u1", ["name"] = u.FileName, ["field"] = u.Field, ["size"] = u.Bytes.Length }).ToArray()),
            ["results"] = new JsonObject(),
        };
        if (ok == "ASSEMBLY_COMPLETED" && _assemblies.TryGetValue(id, out var assembly))
        {
            var results = (JsonObject)status["results"]!;
            var steps = assembly.Params["steps"] as JsonObject
                ?? (assembly.Params["template_id"]?.ToString() is { } template && Templates.TryGetValue(template, out var content) ? content["steps"] as JsonObject : null)
                ?? new JsonObject();
            foreach (var (step, _) in steps)
            {
                if (step == ":original")
                {
                    continue;
                }

                results[step] = new JsonArray(new JsonObject
                {
                    ["id"] = "r-" + step,
                    ["name"] = step + ".png",
                    ["basename"] = step,
                    ["ext"] = "png",
                    ["size"] = ResultBytes.Length,
                    ["mime"] = "image/png",
                    ["type"] = "image",
                    ["field"] = "image",
                    ["original_id"] = "u1",
                    ["meta"] = new JsonObject { ["width"] = 640, ["height"] = 427, ["has_transparency"] = false },
                    ["ssl_url"] = $"{baseUrl}/results/{id}/{Uri.EscapeDataString(step)}.png",
                });
            }
        }

        Tamper?.Invoke(status);
        return status;
    }

    private static Task JsonAsync(HttpContext context, int status, JsonNode body) => Loopback.JsonAsync(context, status, body);
}
