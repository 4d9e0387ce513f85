using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using NetVips;

namespace ImageSdk.Tests.Providers;

/// <summary>What a fake does instead of answering normally, once per queued fault.</summary>
public enum FaultKind
{
    /// <summary>An error status (with <c>Retry-After</c> when given) and the provider's error body.</summary>
    Status,

    /// <summary>Waits <see cref="Fault.Delay"/> before the first byte.</summary>
    SlowFirstByte,

    /// <summary>Sends part of the body, then resets the connection.</summary>
    ResetMidBody,

    /// <summary>200 with a body that is not JSON.</summary>
    MalformedJson,

    /// <summary>An output served as text/html.</summary>
    WrongContentType,

    /// <summary>An output that 404s.</summary>
    NotFound,

    /// <summary>An image cut in half.</summary>
    Truncated,

    /// <summary>An image larger than the run's pixel limit allows.</summary>
    Huge,

    /// <summary>Gemini's IMAGE_SAFETY / OpenAI's moderation_blocked.</summary>
    SafetyRefusal,
}

/// <summary>One injected fault.</summary>
internal sealed record Fault(FaultKind Kind, int Status = 500, string? RetryAfter = null, TimeSpan Delay = default, string? RetryInfo = null);

/// <summary>
/// Loopback fakes of the three APIs on one Kestrel server (127.0.0.1, a free port), speaking the documented wire formats
/// (shared/reference/provider-wire-formats.md): they check what a real server checks (the auth header, the JSON or
/// multipart shape, the model ids, inline image parts), answer with real response shapes and real image bytes, and
/// inject faults from per-route queues. With <see cref="EchoKeys"/>, error bodies echo the key they were sent.
/// </summary>
internal sealed class FakeProviderServer : IAsyncDisposable
{
    public const string GoogleKey = "AIza-fake-google-key-0123456789";
    public const string OpenAIKey = "sk-fake-openai-key-0123456789";
    public const string ReplicateKey = "r8_fake-replicate-token-0123456789";

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, Prediction> _predictions = new();
    private int _next;

    private FakeProviderServer(WebApplication app) => _app = app;

    /// <summary>The base URL to give as an endpoint override.</summary>
    public Uri Endpoint { get; private init; } = null!;

    /// <summary>Whether error bodies echo the key that was sent, as some providers do.</summary>
    public bool EchoKeys { get; set; }

    /// <summary>Polls of a prediction before it succeeds (0: create answers succeeded under Prefer: wait).</summary>
    public int PollsBeforeDone { get; set; } = 1;

    /// <summary>Predictions never leave <c>processing</c>.</summary>
    public bool Stuck { get; set; }

    /// <summary>The base URL that predictions' <c>urls.get</c> and <c>urls.cancel</c> name, when not this server's own.</summary>
    public Uri? LinksHost { get; set; }

    /// <summary>Predictions give their outputs as <c>data:</c> URIs, not URLs.</summary>
    public bool DataUriOutputs { get; set; }

    /// <summary>Predictions fail with this error.</summary>
    public string? FailWith { get; set; }

    /// <summary>Model ids the model lists of Gemini and OpenAI leave out, as for an account without access.</summary>
    public HashSet<string> Unlisted { get; } = new(StringComparer.Ordinal);

    private IEnumerable<string> Listed(params string[] ids) => ids.Where(id => !Unlisted.Contains(id));

    /// <summary>Faults per route: <c>google</c>, <c>openai</c>, <c>replicate.create</c>, <c>replicate.poll</c>, <c>replicate.output</c>.</summary>
    public ConcurrentDictionary<string, ConcurrentQueue<Fault>> Faults { get; } = new();

    /// <summary>Create calls that reached the fake, per provider (what a bill would count).</summary>
    public ConcurrentDictionary<string, int> Creates { get; } = new();

    /// <summary>The JSON bodies received, per route.</summary>
    public ConcurrentDictionary<string, ConcurrentQueue<JsonNode>> Requests { get; } = new();

    /// <summary>The ids of predictions a client asked to cancel.</summary>
    public ConcurrentQueue<string> Cancels { get; } = new();

    /// <summary>The color of generated images.</summary>
    public double[] Color { get; set; } = [200, 30, 40];

    public void Inject(string route, params Fault[] faults)
    {
        var queue = Faults.GetOrAdd(route, _ => new ConcurrentQueue<Fault>());
        foreach (var fault in faults)
        {
            queue.Enqueue(fault);
        }
    }

    /// <summary>How many polls of Replicate predictions were answered: a client that polls knows its prediction's id.</summary>
    public int PredictionPolls => _predictions.Values.Sum(p => p.Polls);

    public IReadOnlyList<JsonNode> Received(string route) => Requests.TryGetValue(route, out var queue) ? queue.ToList() : [];

    public static async Task<FakeProviderServer> StartAsync()
    {
        FakeProviderServer? server = null;
        var (app, endpoint) = await Loopback.StartAsync(context => server!.HandleAsync(context));
        server = new FakeProviderServer(app) { Endpoint = endpoint };
        return server;
    }

    public ValueTask DisposeAsync() => Loopback.StopAsync(_app);

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? string.Empty;
        var method = context.Request.Method;
        if (method == "POST" && path.StartsWith("/v1beta/models/", StringComparison.Ordinal) && path.EndsWith(":generateContent", StringComparison.Ordinal))
        {
            await GoogleAsync(context, path["/v1beta/models/".Length..^":generateContent".Length]);
        }
        else if (method == "POST" && path is "/v1/images/generations" or "/v1/images/edits")
        {
            await OpenAIAsync(context, edit: path.EndsWith("edits", StringComparison.Ordinal));
        }
        else if (method == "POST" && (path == "/v1/predictions" || (path.StartsWith("/v1/models/", StringComparison.Ordinal) && path.EndsWith("/predictions", StringComparison.Ordinal))))
        {
            await ReplicateCreateAsync(context, path == "/v1/predictions" ? null : path["/v1/models/".Length..^"/predictions".Length]);
        }
        else if (method == "GET" && path == "/v1beta/models")
        {
            // models.list: a key check that costs nothing.
            var key = context.Request.Headers["x-goog-api-key"].ToString();
            await (key != GoogleKey
                ? JsonAsync(context, 400, GoogleError(400, "INVALID_ARGUMENT", "API key not valid. Please pass a valid API key.", "API_KEY_INVALID"))
                : JsonAsync(context, 200, new JsonObject { ["models"] = new JsonArray(Listed("gemini-2.5-flash-image", "gemini-3-pro-image", "gemini-3.1-flash-image", "gemini-2.5-flash").Select(id => (JsonNode)new JsonObject { ["name"] = "models/" + id }).ToArray()) }));
        }
        else if (method == "GET" && path == "/v1/models")
        {
            await (!Authorized(context, OpenAIKey)
                ? JsonAsync(context, 401, OpenAIError("Incorrect API key provided: sk-***.", "invalid_api_key"))
                : JsonAsync(context, 200, new JsonObject { ["object"] = "list", ["data"] = new JsonArray(Listed("gpt-image-2", "gpt-image-1", "gpt-4o").Select(id => (JsonNode)new JsonObject { ["id"] = id, ["object"] = "model" }).ToArray()) }));
        }
        else if (method == "GET" && path == "/v1/account")
        {
            await (!Authorized(context, ReplicateKey)
                ? JsonAsync(context, 401, new JsonObject { ["title"] = "Unauthenticated", ["detail"] = "You did not pass a valid authentication token", ["status"] = 401 })
                : JsonAsync(context, 200, new JsonObject { ["type"] = "user", ["username"] = "fake", ["name"] = "Fake", ["github_url"] = null }));
        }
        else if (method == "POST" && path.StartsWith("/v1/predictions/", StringComparison.Ordinal) && path.EndsWith("/cancel", StringComparison.Ordinal))
        {
            var id = path["/v1/predictions/".Length..^"/cancel".Length];
            Cancels.Enqueue(id);
            await JsonAsync(context, 200, Describe(context, _predictions[id], "canceled"));
        }
        else if (method == "GET" && path.StartsWith("/v1/predictions/", StringComparison.Ordinal))
        {
            await ReplicatePollAsync(context, path["/v1/predictions/".Length..]);
        }
        else if (method == "GET" && path.StartsWith("/files/", StringComparison.Ordinal))
        {
            await ReplicateOutputAsync(context, path["/files/".Length..]);
        }
        else if (method == "POST" && path == "/v1/files")
        {
            if (!Authorized(context, ReplicateKey))
            {
                await JsonAsync(context, 401, new JsonObject { ["title"] = "Unauthenticated", ["detail"] = "Invalid token", ["status"] = 401 });
                return;
            }

            var form = await context.Request.ReadFormAsync();
            var file = form.Files["content"]!;
            var bytes = new byte[file.Length];
            await using (var stream = file.OpenReadStream())
            {
                await stream.ReadExactlyAsync(bytes);
            }

            var id = "upload-" + Interlocked.Increment(ref _next);
            _uploads[id] = bytes;
            await JsonAsync(context, 201, new JsonObject { ["id"] = id, ["urls"] = new JsonObject { ["get"] = Base(context) + "/uploads/" + id } });
        }
        else
        {
            await JsonAsync(context, 404, new JsonObject { ["error"] = "no route " + method + " " + path });
        }
    }

    private readonly ConcurrentDictionary<string, byte[]> _uploads = new();

    /// <summary>The files uploaded through the files API.</summary>
    public IReadOnlyDictionary<string, byte[]> Uploads => _uploads;

    // ---- Google -----------------------------------------------------------------------------------------------------

    private async Task GoogleAsync(HttpContext context, string model)
    {
        Count("google");
        var key = context.Request.Headers["x-goog-api-key"].ToString();
        if (key != GoogleKey)
        {
            await JsonAsync(context, 400, GoogleError(400, "INVALID_ARGUMENT", "API key not valid. Please pass a valid API key." + (EchoKeys ? $" (got {key})" : string.Empty), "API_KEY_INVALID"));
            return;
        }

        var body = JsonNode.Parse(await ReadBodyAsync(context))!;
        Record("google", body);
        if (await FaultAsync(context, "google", status => GoogleError(status, status == 429 ? "RESOURCE_EXHAUSTED" : "INTERNAL", "injected" + (EchoKeys ? " " + key : string.Empty), null)))
        {
            return;
        }

        var parts = body["contents"]?[0]?["parts"] as JsonArray;
        var config = body["generationConfig"];
        if (parts?[0]?["text"] is null || model.Length == 0 || config?["candidateCount"]?.GetValue<int>() is > 1
            || config?["imageConfig"]?["imageSize"]?.GetValue<string>() is { } size && size is not ("1K" or "2K" or "4K" or "512"))
        {
            await JsonAsync(context, 400, GoogleError(400, "INVALID_ARGUMENT", "Invalid request", null));
            return;
        }

        if (GoogleImageConfigProblem(model, config?["imageConfig"]) is { } problem)
        {
            await JsonAsync(context, 400, GoogleError(400, "INVALID_ARGUMENT", problem, null));
            return;
        }

        var inline = parts.Skip(1).Select(p => p?["inlineData"] ?? p?["inline_data"]).FirstOrDefault(p => p is not null);
        var (width, height) = inline is null ? (256, 256) : Dimensions(Convert.FromBase64String(inline["data"]!.GetValue<string>()));
        await JsonAsync(context, 200, new JsonObject
        {
            ["candidates"] = new JsonArray(new JsonObject
            {
                ["content"] = new JsonObject
                {
                    ["role"] = "model",
                    ["parts"] = new JsonArray(
                        new JsonObject { ["text"] = "thinking", ["thought"] = true },
                        new JsonObject { ["text"] = "Here is the image." },
                        new JsonObject { ["inlineData"] = new JsonObject { ["mimeType"] = "image/png", ["data"] = Convert.ToBase64String(Png(width, height)) } }),
                },
                ["finishReason"] = "STOP",
                ["index"] = 0,
            }),
            ["modelVersion"] = model,
        });
    }

    /// <summary>
    /// imageConfig as the live API judges it (wire formats §1.3): gemini-2.5-flash-image takes no imageSize, "512" and the
    /// 1:4, 4:1, 1:8, 8:1 ratios are Nano Banana 2 (gemini-3.1-flash-image) only; null when the config is accepted.
    /// </summary>
    private static string? GoogleImageConfigProblem(string model, JsonNode? imageConfig)
    {
        var nanoBanana2 = model.StartsWith("gemini-3.1-flash-image", StringComparison.Ordinal);
        var size = imageConfig?["imageSize"]?.GetValue<string>();
        var ratio = imageConfig?["aspectRatio"]?.GetValue<string>();
        string[] ratios = ["1:1", "2:3", "3:2", "3:4", "4:3", "4:5", "5:4", "9:16", "16:9", "21:9"];
        return size is not null && model.StartsWith("gemini-2.5-flash-image", StringComparison.Ordinal) ? $"Image size is not supported for model {model}."
            : size == "512" && !nanoBanana2 ? $"Image size 512 is not supported for model {model}."
            : ratio is not null && !ratios.Contains(ratio) && !(nanoBanana2 && ratio is "1:4" or "4:1" or "1:8" or "8:1") ? $"Unsupported aspect ratio {ratio} for model {model}."
            : null;
    }

    private static JsonObject GoogleError(int code, string status, string message, string? reason)
    {
        var error = new JsonObject { ["code"] = code, ["message"] = message, ["status"] = status };
        if (reason is not null)
        {
            error["details"] = new JsonArray(new JsonObject { ["@type"] = "type.googleapis.com/google.rpc.ErrorInfo", ["reason"] = reason });
        }

        return new JsonObject { ["error"] = error };
    }

    // ---- OpenAI -----------------------------------------------------------------------------------------------------

    private async Task OpenAIAsync(HttpContext context, bool edit)
    {
        Count("openai");
        var key = context.Request.Headers.Authorization.ToString();
        if (key != "Bearer " + OpenAIKey)
        {
            await JsonAsync(context, 401, OpenAIError("Incorrect API key provided: " + (EchoKeys ? key["Bearer ".Length..] : "sk-***") + ".", "invalid_api_key"));
            return;
        }

        JsonObject request;
        byte[]? image = null, mask = null;
        if (edit)
        {
            var form = await context.Request.ReadFormAsync();
            request = new JsonObject();
            foreach (var field in form)
            {
                request[field.Key] = field.Value.ToString();
            }

            var parts = form.Files.GetFiles("image").Concat(form.Files.GetFiles("image[]")).ToList();
            image = await ReadFileAsync(parts.FirstOrDefault());
            request["image_count"] = parts.Count;
            request["image_types"] = new JsonArray(parts.Select(f => (JsonNode)JsonValue.Create(f.ContentType)).ToArray());
            mask = await ReadFileAsync(form.Files["mask"]);
            foreach (var part in parts.Concat(form.Files.GetFiles("mask")))
            {
                if (await OpenAIFileProblemAsync(part) is { } problem)
                {
                    Record("openai", request);
                    await JsonAsync(context, 400, OpenAIError(problem, "invalid_value", part.Name));
                    return;
                }
            }

            if (mask is not null && image is not null && MaskProblem(image, mask) is { } maskProblem)
            {
                Record("openai", request);
                await JsonAsync(context, 400, OpenAIError(maskProblem, "invalid_value", "mask"));
                return;
            }

            request["mask_bytes"] = mask?.Length;
            request["image_size"] = image is null ? null : string.Join('x', Dimensions(image).ToString().Trim('(', ')').Split(", "));
            request["mask_has_alpha"] = mask is null ? null : HasAlpha(mask);
        }
        else
        {
            request = JsonNode.Parse(await ReadBodyAsync(context))!.AsObject();
        }

        Record("openai", request);
        if (await FaultAsync(context, "openai", status => OpenAIError("injected" + (EchoKeys ? " " + key : string.Empty), status == 429 ? "rate_limit_exceeded" : "server_error")))
        {
            return;
        }

        if (request["size"]?.ToString() is { } asked && asked != "auto" && SizeProblem(asked) is { } sizeProblem)
        {
            await JsonAsync(context, 400, OpenAIError($"Invalid size '{asked}'. {sizeProblem}", "invalid_value", "size"));
            return;
        }

        var n = int.Parse(request["n"]?.ToString() ?? "1", System.Globalization.CultureInfo.InvariantCulture);
        var format = request["output_format"]?.ToString() ?? "png";
        if (request["model"]?.ToString() != "gpt-image-2" || request["prompt"] is null || n is < 1 or > 10 || request["response_format"] is not null
            || (edit && image is null) || (mask is not null && request["mask_has_alpha"]?.GetValue<bool>() != true))
        {
            await JsonAsync(context, 400, OpenAIError("Invalid request: " + request.ToJsonString(), "invalid_value"));
            return;
        }

        var (width, height) = image is not null ? Dimensions(image)
            : request["size"]?.ToString() is { } size && size.Split('x') is [var w, var h] ? (int.Parse(w, System.Globalization.CultureInfo.InvariantCulture), int.Parse(h, System.Globalization.CultureInfo.InvariantCulture)) : (1024, 1024);
        var data = new JsonArray();
        for (var i = 0; i < n; i++)
        {
            data.Add((JsonNode)new JsonObject { ["b64_json"] = Convert.ToBase64String(Encode(width, height, format)) });
        }

        await JsonAsync(context, 200, new JsonObject { ["created"] = 1788300000, ["output_format"] = format, ["data"] = data });
    }

    private static JsonObject OpenAIError(string message, string code, string? param = null) =>
        new() { ["error"] = new JsonObject { ["message"] = message, ["type"] = "invalid_request_error", ["param"] = param, ["code"] = code } };

    /// <summary>
    /// gpt-image-2's size rule, as the live API enforces it: edges multiples of 16 up to 3840, long:short at most 3:1, and
    /// 655,360 to 8,294,400 pixels in all; null when the size is legal.
    /// </summary>
    internal static string? SizeProblem(string size)
    {
        if (size.Split('x') is not [var ws, var hs] || !int.TryParse(ws, out var w) || !int.TryParse(hs, out var h) || w <= 0 || h <= 0)
        {
            return "Size must be 'auto' or WIDTHxHEIGHT.";
        }

        return w % 16 != 0 || h % 16 != 0 ? "Both dimensions must be multiples of 16."
            : Math.Max(w, h) > 3840 ? "The longest edge must be at most 3840 pixels."
            : Math.Max(w, h) > 3 * Math.Min(w, h) ? "The ratio of the long edge to the short edge must be at most 3:1."
            : (long)w * h is < 655_360 or > 8_294_400 ? "The total number of pixels must be between 655,360 and 8,294,400."
            : null;
    }

    /// <summary>
    /// An uploaded part as the live API reads it: its Content-Type (from the file name's extension when the part has none),
    /// one of png/jpeg/webp, and bytes of that type.
    /// </summary>
    private static async Task<string?> OpenAIFileProblemAsync(IFormFile part)
    {
        var declared = part.ContentType is { Length: > 0 } type && type != "application/octet-stream" ? type
            : Path.GetExtension(part.FileName).ToLowerInvariant() switch { ".png" => "image/png", ".jpg" or ".jpeg" => "image/jpeg", ".webp" => "image/webp", ".gif" => "image/gif", _ => "application/octet-stream" };
        if (declared is not ("image/png" or "image/jpeg" or "image/webp"))
        {
            return $"Invalid file '{part.Name}': unsupported mimetype ('{declared}'). Supported file formats are 'image/jpeg', 'image/png', and 'image/webp'.";
        }

        var bytes = (await ReadFileAsync(part))!;
        return "image/" + ImageSdk.Imaging.ImageOps.Sniff(bytes) == declared ? null : $"Invalid image file or mode for '{part.Name}', please check your image file.";
    }

    /// <summary>The live API's mask rule: a PNG with alpha, under 4 MB, of the image's size and format.</summary>
    private static string? MaskProblem(byte[] image, byte[] mask) =>
        ImageSdk.Imaging.ImageOps.Sniff(mask) != "png" || ImageSdk.Imaging.ImageOps.Sniff(image) != "png" ? "Invalid mask image format - the mask and the image must both be PNG files."
        : mask.Length >= 4 * 1024 * 1024 ? "Invalid mask: the mask must be less than 4MB."
        : Dimensions(mask) != Dimensions(image) ? "Invalid mask image format - mask size does not match image size."
        : !HasAlpha(mask) ? "Invalid mask image format - the mask must have an alpha channel."
        : null;

    // ---- Replicate --------------------------------------------------------------------------------------------------

    private sealed class Prediction(string id, string model, JsonNode input)
    {
        public string Id { get; } = id;

        public string Model { get; } = model;

        public JsonNode Input { get; } = input;

        public int Polls { get; set; }
    }

    private async Task ReplicateCreateAsync(HttpContext context, string? model)
    {
        Count("replicate");
        var key = context.Request.Headers.Authorization.ToString();
        if (key != "Bearer " + ReplicateKey)
        {
            await JsonAsync(context, 401, new JsonObject { ["title"] = "Unauthenticated", ["detail"] = "You did not pass a valid authentication token" + (EchoKeys ? $" ({key})" : string.Empty), ["status"] = 401 });
            return;
        }

        var body = JsonNode.Parse(await ReadBodyAsync(context))!;
        body["model_path"] = model;
        body["prefer"] = context.Request.Headers["Prefer"].ToString();
        Record("replicate", body);
        if (await FaultAsync(context, "replicate.create", status => new JsonObject { ["detail"] = "Request was throttled. Your rate limit resets in ~1s." + (EchoKeys ? " " + key : string.Empty), ["status"] = status }))
        {
            return;
        }

        if (body["input"]?["prompt"] is null || (model is null && body["version"] is null))
        {
            await JsonAsync(context, 422, new JsonObject { ["title"] = "Input validation failed", ["detail"] = "- input.prompt: prompt is required", ["status"] = 422 });
            return;
        }

        if (model is not null && ReplicateInputProblem(model, body["input"]!.AsObject()) is { } invalid)
        {
            await JsonAsync(context, 422, new JsonObject
            {
                ["detail"] = $"- input.{invalid.Field}: {invalid.Description}\n",
                ["status"] = 422,
                ["title"] = "Input validation failed",
                ["invalid_fields"] = new JsonArray(new JsonObject { ["type"] = "enum", ["field"] = "input." + invalid.Field, ["description"] = invalid.Description }),
            });
            return;
        }

        var prediction = new Prediction("p" + Interlocked.Increment(ref _next), model ?? "version:" + body["version"], body["input"]!);
        _predictions[prediction.Id] = prediction;
        await JsonAsync(context, 201, Describe(context, prediction, PollsBeforeDone == 0 && !Stuck ? Final() : "starting"));
    }

    private static readonly string[] s_fluxRatios = ["1:1", "16:9", "21:9", "3:2", "2:3", "4:5", "5:4", "3:4", "4:3", "9:16", "9:21"];
    private static readonly string[] s_bananaRatios = ["match_input_image", "1:1", "2:3", "3:2", "3:4", "4:3", "4:5", "5:4", "9:16", "16:9", "21:9"];
    private static readonly string[] s_recraftRatios = ["Not set", "1:1", "4:3", "3:4", "3:2", "2:3", "16:9", "9:16", "1:2", "2:1", "7:5", "5:7", "4:5", "5:4", "3:5", "5:3"];
    private static readonly string[] s_recraftSizes = ["1024x1024", "1365x1024", "1024x1365", "1536x1024", "1024x1536", "1820x1024", "1024x1820", "1024x2048", "2048x1024", "1434x1024", "1024x1434", "1024x1280", "1280x1024", "1024x1707", "1707x1024"];

    /// <summary>
    /// The enums of each official model's Replicate schema (wire formats §3.4-§3.8), written here from the reference, not
    /// from the catalog: a value outside one is Replicate's 422. Unknown inputs are ignored, as Replicate does.
    /// </summary>
    private static readonly Dictionary<string, Dictionary<string, string[]>> s_replicateEnums = new()
    {
        ["black-forest-labs/flux-schnell"] = new() { ["aspect_ratio"] = s_fluxRatios, ["output_format"] = ["webp", "jpg", "png"], ["megapixels"] = ["1", "0.25"], ["go_fast"] = ["true", "false"] },
        ["black-forest-labs/flux-1.1-pro-ultra"] = new() { ["aspect_ratio"] = s_fluxRatios, ["output_format"] = ["jpg", "png"] },
        ["recraft-ai/recraft-v3"] = new()
        {
            ["aspect_ratio"] = s_recraftRatios, ["size"] = s_recraftSizes,
            ["style"] = ["any", "realistic_image", "digital_illustration", "digital_illustration/pixel_art", "digital_illustration/hand_drawn", "digital_illustration/grain", "digital_illustration/infantile_sketch", "digital_illustration/2d_art_poster", "digital_illustration/handmade_3d", "digital_illustration/hand_drawn_outline", "digital_illustration/engraving_color", "digital_illustration/2d_art_poster_2", "realistic_image/b_and_w", "realistic_image/hard_flash", "realistic_image/hdr", "realistic_image/natural_light", "realistic_image/studio_portrait", "realistic_image/enterprise", "realistic_image/motion_blur"],
        },
        ["recraft-ai/recraft-v3-svg"] = new() { ["aspect_ratio"] = s_recraftRatios, ["size"] = s_recraftSizes, ["style"] = ["any", "engraving", "line_art", "line_circuit", "linocut"] },
        ["google/nano-banana"] = new() { ["aspect_ratio"] = s_bananaRatios, ["output_format"] = ["jpg", "png"] },
        ["google/nano-banana-pro"] = new() { ["aspect_ratio"] = s_bananaRatios, ["output_format"] = ["jpg", "png"], ["resolution"] = ["1K", "2K", "4K"] },
        ["google/nano-banana-2"] = new() { ["aspect_ratio"] = [.. s_bananaRatios, "1:4", "4:1", "1:8", "8:1"], ["output_format"] = ["jpg", "png"], ["resolution"] = ["1K", "2K", "4K"] },
        ["openai/gpt-image-2"] = new() { ["aspect_ratio"] = ["1:1", "3:2", "2:3", "16:9", "9:16", "auto"], ["output_format"] = ["webp", "png", "jpeg"] },
    };

    /// <summary>The first input outside its model's enum, as Replicate's 422 names it; null when every input is accepted.</summary>
    private static (string Field, string Description)? ReplicateInputProblem(string model, JsonObject input)
    {
        if (!s_replicateEnums.TryGetValue(model, out var enums))
        {
            return null;
        }

        foreach (var (field, values) in enums)
        {
            if (input[field] is { } value && !values.Contains(value.ToString()))
            {
                return (field, $"{field} must be one of the following: {string.Join(", ", values.Select(v => $"\"{v}\""))}");
            }
        }

        return null;
    }

    /// <summary>The size of an output: 256 px on the long side at the prediction's aspect_ratio (1:1 when it has none, as the models default).</summary>
    private static (int Width, int Height) OutputSize(JsonNode input) =>
        input["aspect_ratio"]?.ToString() is { } ratio && ratio.Split(':') is [var a, var b] && int.TryParse(a, out var w) && int.TryParse(b, out var h)
            ? w >= h ? (256, Math.Max(1, 256 * h / w)) : (Math.Max(1, 256 * w / h), 256)
            : (256, 256);

    private async Task ReplicatePollAsync(HttpContext context, string id)
    {
        if (context.Request.Headers.Authorization.ToString() != "Bearer " + ReplicateKey)
        {
            await JsonAsync(context, 401, new JsonObject { ["title"] = "Unauthenticated", ["status"] = 401 });
            return;
        }

        if (await FaultAsync(context, "replicate.poll", status => new JsonObject { ["detail"] = "injected", ["status"] = status }))
        {
            return;
        }

        var prediction = _predictions[id];
        prediction.Polls++;
        await JsonAsync(context, 200, Describe(context, prediction, Stuck || prediction.Polls < PollsBeforeDone ? "processing" : Final()));
    }

    private string Final() => FailWith is null ? "succeeded" : "failed";

    private JsonObject Describe(HttpContext context, Prediction prediction, string status)
    {
        var baseUrl = Base(context);
        var extension = prediction.Input["output_format"]?.ToString() ?? (prediction.Model.Contains("flux-schnell", StringComparison.Ordinal) ? "webp" : prediction.Model.Contains("recraft-v3-svg", StringComparison.Ordinal) ? "svg" : prediction.Model.Contains("recraft", StringComparison.Ordinal) ? "webp" : "png");
        var count = prediction.Input["num_outputs"]?.GetValue<int>() ?? 1;
        JsonNode? output = null;
        if (status == "succeeded")
        {
            var urls = Enumerable.Range(0, count).Select(k => (JsonNode)JsonValue.Create(DataUriOutputs
                ? $"data:image/{(extension == "jpg" ? "jpeg" : extension)};base64,{Convert.ToBase64String(Encode(OutputSize(prediction.Input).Width, OutputSize(prediction.Input).Height, extension))}"
                : $"{baseUrl}/files/{prediction.Id}/{k}.{extension}")).ToArray();
            output = prediction.Model.Contains("flux-schnell", StringComparison.Ordinal) || prediction.Model.StartsWith("version:", StringComparison.Ordinal) ? new JsonArray(urls) : urls[0];
        }

        return new JsonObject
        {
            ["id"] = prediction.Id,
            ["model"] = prediction.Model,
            ["version"] = "hidden",
            ["input"] = prediction.Input.DeepClone(),
            ["status"] = status,
            ["output"] = output,
            ["error"] = status == "failed" ? FailWith : null,
            ["logs"] = string.Empty,
            ["urls"] = new JsonObject
            {
                ["get"] = $"{LinksHost?.AbsoluteUri.TrimEnd('/') ?? baseUrl}/v1/predictions/{prediction.Id}",
                ["cancel"] = $"{LinksHost?.AbsoluteUri.TrimEnd('/') ?? baseUrl}/v1/predictions/{prediction.Id}/cancel",
                ["web"] = $"https://replicate.com/p/{prediction.Id}",
            },
        };
    }

    private async Task ReplicateOutputAsync(HttpContext context, string file)
    {
        var fault = Next("replicate.output");
        var extension = Path.GetExtension(file).TrimStart('.');
        var (width, height) = _predictions.TryGetValue(file.Split('/')[0], out var made) ? OutputSize(made.Input) : (256, 256);
        var bytes = extension == "svg" ? Encoding.UTF8.GetBytes("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"64\" height=\"64\"><rect width=\"64\" height=\"64\" fill=\"red\"/></svg>") : Encode(width, height, extension);
        var type = extension switch { "jpg" or "jpeg" => "image/jpeg", "webp" => "image/webp", "svg" => "image/svg+xml", _ => "image/png" };
        switch (fault?.Kind)
        {
            case FaultKind.NotFound:
                context.Response.StatusCode = 404;
                return;
            case FaultKind.WrongContentType:
                context.Response.ContentType = "text/html";
                await context.Response.WriteAsync("<html>not an image</html>");
                return;
            case FaultKind.Truncated:
                bytes = bytes[..(bytes.Length / 2)];
                break;
            case FaultKind.Huge:
                bytes = Huge();
                type = "image/png";
                break;
            case FaultKind.ResetMidBody:
                context.Response.ContentType = type;
                context.Response.ContentLength = bytes.Length;
                await context.Response.Body.WriteAsync(bytes.AsMemory(0, bytes.Length / 2));
                await context.Response.Body.FlushAsync();
                context.Abort();
                return;
            case FaultKind.Status:
                context.Response.StatusCode = fault.Status;
                return;
        }

        context.Response.ContentType = type;
        await context.Response.Body.WriteAsync(bytes);
    }

    // ---- shared -----------------------------------------------------------------------------------------------------

    /// <summary>Plays the next queued fault of <paramref name="route"/>, if any; true when it answered the request.</summary>
    private async Task<bool> FaultAsync(HttpContext context, string route, Func<int, JsonObject> errorBody)
    {
        var fault = Next(route);
        switch (fault?.Kind)
        {
            case null:
                return false;
            case FaultKind.Status:
                if (fault.RetryAfter is not null)
                {
                    context.Response.Headers.RetryAfter = fault.RetryAfter;
                }

                var body = errorBody(fault.Status);
                if (fault.RetryInfo is not null)
                {
                    body["error"]!.AsObject()["details"] = new JsonArray(new JsonObject { ["@type"] = "type.googleapis.com/google.rpc.RetryInfo", ["retryDelay"] = fault.RetryInfo });
                }

                await JsonAsync(context, fault.Status, body);
                return true;
            case FaultKind.SlowFirstByte:
                try
                {
                    await Task.Delay(fault.Delay, context.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                    return true;
                }

                return false; // then answers normally, too late
            case FaultKind.ResetMidBody:
                context.Response.ContentType = "application/json";
                context.Response.ContentLength = 4096;
                await context.Response.WriteAsync("{\"candidates\": [");
                await context.Response.Body.FlushAsync();
                context.Abort();
                return true;
            case FaultKind.MalformedJson:
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync("{\"candidates\": [{\"content\": ");
                return true;
            case FaultKind.SafetyRefusal when route == "google":
                await JsonAsync(context, 200, new JsonObject { ["candidates"] = new JsonArray(new JsonObject { ["finishReason"] = "IMAGE_SAFETY", ["index"] = 0 }) });
                return true;
            case FaultKind.SafetyRefusal:
                await JsonAsync(context, 400, new JsonObject { ["error"] = new JsonObject { ["type"] = "image_generation_user_error", ["code"] = "moderation_blocked", ["message"] = "Your request was rejected by the safety system." } });
                return true;
            default:
                throw new InvalidOperationException($"fault {fault.Kind} is not for {route}");
        }
    }

    private Fault? Next(string route) => Faults.TryGetValue(route, out var queue) && queue.TryDequeue(out var fault) ? fault : null;

    private void Count(string provider) => Creates.AddOrUpdate(provider, 1, (_, n) => n + 1);

    private void Record(string route, JsonNode body) => Requests.GetOrAdd(route, _ => new ConcurrentQueue<JsonNode>()).Enqueue(body.DeepClone());

    private static bool Authorized(HttpContext context, string key) => context.Request.Headers.Authorization.ToString() == "Bearer " + key;

    private static string Base(HttpContext context) => $"{context.Request.Scheme}://{context.Request.Host}";

    private static async Task<string> ReadBodyAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        return await reader.ReadToEndAsync();
    }

    private static async Task<byte[]?> ReadFileAsync(IFormFile? file)
    {
        if (file is null)
        {
            return null;
        }

        using var memory = new MemoryStream();
        await file.CopyToAsync(memory);
        return memory.ToArray();
    }

    private static Task JsonAsync(HttpContext context, int status, JsonNode body) => Loopback.JsonAsync(context, status, body);

    private static (int Width, int Height) Dimensions(byte[] bytes)
    {
        using var image = Image.NewFromBuffer(bytes);
        return (image.Width, image.Height);
    }

    private static bool HasAlpha(byte[] png)
    {
        using var image = Image.NewFromBuffer(png);
        return image.HasAlpha();
    }

    private byte[] Png(int width, int height) => Encode(width, height, "png");

    private byte[] Encode(int width, int height, string format)
    {
        using var black = Image.Black(width, height, bands: 3);
        using var colored = black.Linear([1, 1, 1], Color).Cast(Enums.BandFormat.Uchar);
        return colored.WriteToBuffer(format switch { "jpg" or "jpeg" => ".jpg", "webp" => ".webp", _ => ".png" });
    }

    /// <summary>A PNG whose header claims 20000 x 20000 pixels: the runner's pixel limit must refuse it before decoding anything.</summary>
    private static byte[] Huge() => Samples.PngHeader(20000, 20000);
}
