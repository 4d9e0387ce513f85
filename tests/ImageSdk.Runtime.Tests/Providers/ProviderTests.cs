using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using ImageSdk.Providers;
using ImageSdk.Running;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace ImageSdk.Tests.Providers;

/// <summary>
/// The three hosted providers end to end through the runner, against loopback fakes that speak their wire formats: what
/// is sent (auth, shape, model ids, inline images, masks), what is written (formats, counts, pixels), and every fault of
/// the wire-format checklist as a clear step error with no partial file. No test reaches the network.
/// </summary>
public sealed class ProviderTests : FakeProviderTests
{
    public ProviderTests()
        : base("imagesdk-providers-")
    {
    }


    /// <summary>The runtime client as DI builds it, every provider pointed at the fakes, with short timeouts.</summary>
    internal static ServiceProvider Services(Uri endpoint, Action<ImageSdkOptions>? tweak = null, ILoggerProvider? logs = null) => new ServiceCollection()
        .AddLogging(b =>
        {
            b.SetMinimumLevel(LogLevel.Trace);
            if (logs is not null)
            {
                b.AddProvider(logs);
            }
        })
        .AddImageSdk(o =>
        {
            o.ReadEnvironment = false;
            (o.Google.ApiKey, o.OpenAI.ApiKey, o.Replicate.ApiKey) = (FakeProviderServer.GoogleKey, FakeProviderServer.OpenAIKey, FakeProviderServer.ReplicateKey);
            foreach (var p in new[] { o.Google, o.OpenAI, o.Replicate })
            {
                p.Endpoint = endpoint;
                p.RetryDelay = TimeSpan.FromMilliseconds(20);
                p.AttemptTimeout = TimeSpan.FromSeconds(15); // a loaded CI machine is slow; tests of timeouts set their own
                p.TotalTimeout = TimeSpan.FromSeconds(30);
                p.PollInterval = TimeSpan.FromMilliseconds(10);
            }

            tweak?.Invoke(o);
        })
        .BuildServiceProvider();

    private async Task<AssemblyResult> RunAsync(string json, RunUpload[]? uploads = null, Action<ImageSdkOptions>? tweak = null, string? provider = null, CancellationToken cancellationToken = default)
    {
        using var services = Services(Fake.Endpoint, tweak);
        return await services.GetRequiredService<AssemblyRunner>().RunAsync(
            Encoding.UTF8.GetBytes(json), uploads ?? [], new RunOptions { OutputDirectory = Out, Provider = provider }, null, cancellationToken);
    }

    private static string Step(string parameters) => """{"steps": {"g": {"robot": "/image/generate", "prompt": "A red fox" """ + parameters + "}}}";

    /// <summary>Waits (up to 30 s) until <paramref name="condition"/> holds.</summary>
    internal static async Task Until(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the condition never held");
            await Task.Delay(10);
        }
    }

    private IReadOnlyList<string> WrittenFiles() => Directory.EnumerateFiles(Out, "*", SearchOption.AllDirectories).ToList();

    // ---- Google ---------------------------------------------------------------------------------------------------

    [Fact]
    public async Task Google_text_to_image_sends_the_documented_request_and_writes_the_image()
    {
        var result = await RunAsync(Step(""", "model": "google/nano-banana", "aspect_ratio": "16:9", "seed": 7"""));

        Assert.True(result.Completed, result.Message);
        Assert.False(result.Offline);
        var file = Assert.Single(result.Results["g"]);
        Assert.Equal(("png", "google", 7L), (file.Ext, file.Meta["provider"], (long)file.Meta["seed"]!));
        var sent = Assert.Single(Fake.Received("google"));
        Assert.Equal("A red fox", sent["contents"]![0]!["parts"]![0]!["text"]!.GetValue<string>());
        Assert.Equal("user", sent["contents"]![0]!["role"]!.GetValue<string>());
        var config = sent["generationConfig"]!;
        Assert.Equal("[\"IMAGE\"]", config["responseModalities"]!.ToJsonString());
        Assert.Equal(1, config["candidateCount"]!.GetValue<int>());
        Assert.Equal("16:9", config["imageConfig"]!["aspectRatio"]!.GetValue<string>());
        Assert.Equal(7, config["seed"]!.GetValue<long>());
    }

    [Fact]
    public async Task Google_without_an_aspect_ratio_takes_the_orientation_and_size_tier_from_width_and_height()
    {
        var result = await RunAsync(Step(""", "model": "google/nano-banana-pro", "width": 1536, "height": 1024"""));

        Assert.True(result.Completed, result.Message);
        var imageConfig = Assert.Single(Fake.Received("google"))["generationConfig"]!["imageConfig"]!;
        Assert.Equal(("3:2", "2K"), (imageConfig["aspectRatio"]!.GetValue<string>(), imageConfig["imageSize"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Google_fans_num_outputs_out_one_call_per_image_with_consecutive_seeds_and_converts_the_format()
    {
        var result = await RunAsync(Step(""", "model": "google/nano-banana-2", "num_outputs": 3, "seed": 100, "format": "webp" """));

        Assert.True(result.Completed, result.Message);
        Assert.Equal(3, result.Results["g"].Count);
        Assert.All(result.Results["g"], f => Assert.Equal("image/webp", f.Mime));
        Assert.Equal(3, Fake.Creates["google"]);
        Assert.Equal(new long[] { 100, 101, 102 }, Fake.Received("google").Select(r => r["generationConfig"]!["seed"]!.GetValue<long>()).Order());
    }

    [Fact]
    public async Task Google_inpainting_sends_the_image_inline_with_its_role_and_keeps_every_pixel_outside_the_mask()
    {
        var result = await RunAsync(Samples.SeedInpaintJson, [new RunUpload("image", Samples.CoastWithHole)], provider: "google");

        Assert.True(result.Completed, result.Message);
        var sent = Assert.Single(Fake.Received("google"));
        var parts = sent["contents"]![0]!["parts"]!.AsArray();
        Assert.StartsWith("Input files: image: coast-with-hole.png (image/png, upload field \"image\")", parts[0]!["text"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("image/png", parts[1]!["inlineData"]!["mimeType"]!.GetValue<string>());
        using var original = SixLabors.ImageSharp.Image.Load<Rgba32>(Samples.CoastWithHole);
        using var output = SixLabors.ImageSharp.Image.Load<Rgba32>(Assert.Single(result.Results["inpainted"]).Path!);
        var (inside, outside) = (0, 0);
        for (var y = 0; y < original.Height; y++)
        {
            for (var x = 0; x < original.Width; x++)
            {
                if (original[x, y].A >= 128)
                {
                    Assert.True(original[x, y] == output[x, y], $"({x},{y}) changed outside the mask");
                    outside++;
                }
                else
                {
                    Assert.Equal(new Rgba32(200, 30, 40, 255), output[x, y]); // the fake's color fills the hole
                    inside++;
                }
            }
        }

        Assert.True(inside > 0 && outside > 0);
    }

    [Fact]
    public async Task Google_safety_refusal_and_text_only_replies_are_clear_step_errors()
    {
        Fake.Inject("google", new Fault(FaultKind.SafetyRefusal));
        var result = await RunAsync(Step(""", "model": "google/nano-banana" """));

        Assert.Equal("PROVIDER_SAFETY_REFUSAL", result.Error);
        Assert.Contains("IMAGE_SAFETY", result.Message, StringComparison.Ordinal);
        Assert.Empty(WrittenFiles());
    }

    // ---- Replicate ------------------------------------------------------------------------------------------------

    [Fact]
    public async Task Flux_schnell_times_three_through_replicate_is_one_prediction_polled_to_three_jpeg_files()
    {
        var result = await RunAsync(Step(""", "model": "flux-schnell", "num_outputs": 3, "format": "jpeg", "aspect_ratio": "16:9", "seed": 5"""));

        Assert.True(result.Completed, result.Message);
        Assert.Equal(3, result.Results["g"].Count);
        Assert.All(result.Results["g"], f => Assert.Equal(("jpg", "image/jpeg"), (f.Ext, f.Mime)));
        var sent = Assert.Single(Fake.Received("replicate"));
        Assert.Equal("black-forest-labs/flux-schnell", sent["model_path"]!.GetValue<string>());
        Assert.Equal("wait", sent["prefer"]!.GetValue<string>());
        var input = sent["input"]!;
        Assert.Equal((3, "jpg", "16:9", 5L), (input["num_outputs"]!.GetValue<int>(), input["output_format"]!.GetValue<string>(), input["aspect_ratio"]!.GetValue<string>(), input["seed"]!.GetValue<long>()));
    }

    [Fact]
    public async Task A_steps_provider_replicate_is_honoured_for_a_google_model()
    {
        var result = await RunAsync(Step(""", "model": "google/nano-banana", "provider": "replicate", "format": "png" """));

        Assert.True(result.Completed, result.Message);
        Assert.Equal("replicate", Assert.Single(result.Results["g"]).Meta["provider"]);
        Assert.Equal("google/nano-banana", Assert.Single(Fake.Received("replicate"))["model_path"]!.GetValue<string>());
        Assert.Empty(Fake.Received("google"));
        Assert.Null(Assert.Single(result.Results["g"]).Meta["seed"]); // Replicate's nano-banana takes no seed
    }

    [Fact]
    public async Task Svg_from_recraft_v3_runs_recraft_v3_svg()
    {
        var result = await RunAsync(Step(""", "model": "recraft-v3", "format": "svg" """));

        Assert.True(result.Completed, result.Message);
        Assert.Equal("recraft-ai/recraft-v3-svg", Assert.Single(Fake.Received("replicate"))["model_path"]!.GetValue<string>());
        Assert.Equal("svg", Assert.Single(result.Results["g"]).Ext);
    }

    [Fact]
    public async Task Stable_diffusion_inpainting_runs_by_version_with_a_white_means_repaint_mask()
    {
        var result = await RunAsync(
            """{"steps": {":original": {"robot": "/upload/handle"}, "g": {"robot": "/image/generate", "prompt": "sea", "model": "stability-ai/stable-diffusion-inpainting", "use": [{"name": ":original", "as": "image"}, {"name": ":original", "as": "mask"}]}}}""",
            [new RunUpload("image", Samples.CoastWithHole)]);

        Assert.True(result.Completed, result.Message);
        var sent = Assert.Single(Fake.Received("replicate"));
        Assert.Null(sent["model_path"]);
        Assert.Equal("95b7223104132402a9ae91cc677285bc5eb997834bd2349fa486f53910fd68b3", sent["version"]!.GetValue<string>());
        var input = sent["input"]!;
        var (width, height) = (input["width"]!.GetValue<int>(), input["height"]!.GetValue<int>());
        Assert.True(width % 64 == 0 && height % 64 == 0 && width <= 1024 && height <= 1024, $"{width}x{height}");
        var mask = MaskOf(input["mask"]!.GetValue<string>());
        using var original = SixLabors.ImageSharp.Image.Load<Rgba32>(Samples.CoastWithHole);
        Assert.Equal(255, mask[original.Width / 2, original.Height / 2].R); // the hole (transparent in the upload) is white: repaint
        Assert.Equal(0, mask[2, 2].R); // the photo is black: keep
    }

    private static SixLabors.ImageSharp.Image<Rgba32> MaskOf(string uriOrUrl)
    {
        var comma = uriOrUrl.IndexOf(',', StringComparison.Ordinal);
        return SixLabors.ImageSharp.Image.Load<Rgba32>(Convert.FromBase64String(uriOrUrl[(comma + 1)..]));
    }

    [Fact]
    public async Task A_prediction_stuck_in_processing_past_the_total_timeout_is_canceled_and_fails_clearly()
    {
        Fake.Stuck = true;
        // Long enough for the create call to answer on a loaded machine (a create still in flight has no id to cancel).
        var result = await RunAsync(Step(""", "model": "flux-schnell" """), tweak: o => o.Replicate.TotalTimeout = TimeSpan.FromSeconds(3));

        Assert.Equal("PROVIDER_TIMEOUT", result.Error);
        Assert.Contains("did not finish", result.Message, StringComparison.Ordinal);
        Assert.Single(Fake.Cancels);
        Assert.Empty(WrittenFiles());
    }

    [Fact]
    public async Task A_failed_prediction_carries_its_error()
    {
        Fake.FailWith = "CUDA out of memory";
        var result = await RunAsync(Step(""", "model": "flux-1.1-pro-ultra" """));

        Assert.Equal("PROVIDER_GENERATION_FAILED", result.Error);
        Assert.Contains("CUDA out of memory", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancelling_a_run_cancels_the_running_prediction()
    {
        Fake.Stuck = true;
        using var cancel = new CancellationTokenSource();
        var run = RunAsync(Step(""", "model": "flux-schnell" """), cancellationToken: cancel.Token);
        // Cancelled once the client knows the prediction (it polls it), however loaded the machine: a create cancelled in
        // flight has no id to cancel yet.
        await Until(() => Fake.PredictionPolls > 0);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        Assert.Single(Fake.Cancels);
        Assert.Empty(WrittenFiles());
    }

    [Theory]
    [InlineData(FaultKind.NotFound, "PROVIDER_GENERATION_FAILED", "HTTP 404")]
    [InlineData(FaultKind.WrongContentType, "PROVIDER_BAD_RESPONSE", "text/html")]
    [InlineData(FaultKind.Truncated, "", "")]
    [InlineData(FaultKind.Huge, "", "pixels")]
    public async Task A_bad_output_is_a_clear_step_error_with_no_partial_file(FaultKind fault, string code, string words)
    {
        Fake.Inject("replicate.output", new Fault(fault));
        var result = await RunAsync(Step(""", "model": "flux-1.1-pro-ultra", "format": "png" """));

        Assert.False(result.Completed);
        Assert.NotNull(result.Error);
        if (code.Length > 0)
        {
            Assert.Equal(code, result.Error);
        }

        Assert.Contains(words, result.Message, StringComparison.Ordinal);
        Assert.Empty(WrittenFiles());
    }

    [Fact]
    public async Task A_download_reset_mid_body_is_retried()
    {
        Fake.Inject("replicate.output", new Fault(FaultKind.ResetMidBody));
        var result = await RunAsync(Step(""", "model": "flux-1.1-pro-ultra" """));

        Assert.True(result.Completed, result.Message);
        Assert.Equal(1, Fake.Creates["replicate"]);
    }

    [Fact]
    public async Task Inputs_above_256_KB_go_through_the_files_api()
    {
        var big = Path.Combine(Out, "big.png");
        using (var noise = new SixLabors.ImageSharp.Image<Rgba32>(400, 400))
        {
            var random = new Random(1);
            noise.ProcessPixelRows(rows =>
            {
                for (var y = 0; y < rows.Height; y++)
                {
                    foreach (ref var p in rows.GetRowSpan(y))
                    {
                        p = new Rgba32((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256), 255);
                    }
                }
            });
            noise.SaveAsPng(big);
        }

        var result = await RunAsync(
            """{"steps": {":original": {"robot": "/upload/handle"}, "g": {"robot": "/image/generate", "prompt": "x", "model": "google/nano-banana", "provider": "replicate", "use": ":original"}}}""",
            [new RunUpload("image", big)]);
        File.Delete(big);

        Assert.True(result.Completed, result.Message);
        var upload = Assert.Single(Fake.Uploads);
        Assert.True(upload.Value.Length > ReplicateImageProvider.MaxDataUriBytes);
        Assert.EndsWith("/uploads/" + upload.Key, Assert.Single(Fake.Received("replicate"))["input"]!["image_input"]![0]!.GetValue<string>(), StringComparison.Ordinal);
    }

    // ---- OpenAI ---------------------------------------------------------------------------------------------------

    [Fact]
    public async Task Gpt_image_2_times_two_is_one_generation_with_n_size_and_format_and_claims_no_seed()
    {
        var result = await RunAsync(Step(""", "model": "gpt-image-2", "num_outputs": 2, "width": 1536, "height": 1024, "format": "webp", "seed": 9"""));

        Assert.True(result.Completed, result.Message);
        Assert.Equal(2, result.Results["g"].Count);
        Assert.All(result.Results["g"], f => Assert.Equal(("webp", "openai"), (f.Ext, f.Meta["provider"])));
        Assert.All(result.Results["g"], f => Assert.Null(f.Meta["seed"]));
        Assert.Contains(result.Warnings, w => w.Contains("takes no seed", StringComparison.Ordinal));
        var sent = Assert.Single(Fake.Received("openai"));
        Assert.Equal(("gpt-image-2", 2, "1536x1024", "webp"), (sent["model"]!.GetValue<string>(), sent["n"]!.GetValue<int>(), sent["size"]!.GetValue<string>(), sent["output_format"]!.GetValue<string>()));
        Assert.Null(sent["response_format"]);
    }

    [Fact]
    public async Task Gpt_image_2_inpainting_sends_an_edit_with_an_alpha_mask_and_keeps_the_outside()
    {
        var result = await RunAsync(Samples.SeedInpaintJson.Replace("google/nano-banana-pro", "openai/gpt-image-2", StringComparison.Ordinal), [new RunUpload("image", Samples.CoastWithHole)]);

        Assert.True(result.Completed, result.Message);
        var sent = Assert.Single(Fake.Received("openai"));
        Assert.True(sent["mask_has_alpha"]!.GetValue<bool>());
        using var original = SixLabors.ImageSharp.Image.Load<Rgba32>(Samples.CoastWithHole);
        Assert.Equal($"{original.Width}x{original.Height}", sent["image_size"]!.GetValue<string>());
        using var output = SixLabors.ImageSharp.Image.Load<Rgba32>(Assert.Single(result.Results["inpainted"]).Path!);
        Assert.Equal(original[5, 5], output[5, 5]);
    }

    [Fact]
    public async Task A_moderation_refusal_is_a_safety_error_and_is_not_retried()
    {
        Fake.Inject("openai", new Fault(FaultKind.SafetyRefusal));
        var result = await RunAsync(Step(""", "model": "gpt-image-2" """));

        Assert.Equal("PROVIDER_SAFETY_REFUSAL", result.Error);
        Assert.Equal(1, Fake.Creates["openai"]);
    }

    // ---- resilience: never pay twice ------------------------------------------------------------------------------

    [Theory]
    [InlineData("google", "google/nano-banana")]
    [InlineData("openai", "gpt-image-2")]
    [InlineData("replicate.create", "flux-schnell")]
    public async Task A_429_with_retry_after_in_seconds_is_retried_after_it(string route, string model)
    {
        Fake.Inject(route, new Fault(FaultKind.Status, 429, RetryAfter: "1"));
        var started = DateTime.UtcNow;
        var result = await RunAsync(Step($$""", "model": "{{model}}" """));

        Assert.True(result.Completed, result.Message);
        Assert.True(DateTime.UtcNow - started >= TimeSpan.FromSeconds(0.9), "Retry-After was not honoured");
        Assert.Equal(2, Fake.Creates[route.Split('.')[0]]);
        Assert.Single(result.Results["g"]);
    }

    [Fact]
    public async Task Geminis_429_waits_the_retry_delay_its_body_gives()
    {
        Fake.Inject("google", new Fault(FaultKind.Status, 429, RetryInfo: "1.2s"));
        var started = DateTime.UtcNow;
        var result = await RunAsync(Step(""", "model": "google/nano-banana" """));

        Assert.True(result.Completed, result.Message);
        Assert.True(DateTime.UtcNow - started >= TimeSpan.FromSeconds(1.1), "RetryInfo.retryDelay was not honoured");
        Assert.Equal(2, Fake.Creates["google"]);
    }

    [Fact]
    public async Task A_429_with_retry_after_as_an_http_date_is_retried()
    {
        Fake.Inject("openai", new Fault(FaultKind.Status, 429, RetryAfter: DateTime.UtcNow.AddSeconds(1).ToString("R", System.Globalization.CultureInfo.InvariantCulture)));
        var result = await RunAsync(Step(""", "model": "gpt-image-2" """));

        Assert.True(result.Completed, result.Message);
        Assert.Equal(2, Fake.Creates["openai"]);
    }

    [Theory]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(504)]
    public async Task A_create_call_that_was_not_processed_is_retried(int status)
    {
        Fake.Inject("replicate.create", new Fault(FaultKind.Status, status));
        var result = await RunAsync(Step(""", "model": "flux-schnell", "num_outputs": 2 """));

        Assert.True(result.Completed, result.Message);
        Assert.Equal(2, Fake.Creates["replicate"]);
        Assert.Equal(2, result.Results["g"].Count); // exactly num_outputs, whatever the retries
    }

    [Theory]
    [InlineData("openai", "gpt-image-2")]
    [InlineData("replicate.create", "flux-schnell")]
    public async Task A_500_on_a_create_call_may_have_been_processed_so_it_is_not_retried(string route, string model)
    {
        Fake.Inject(route, new Fault(FaultKind.Status, 500));
        var result = await RunAsync(Step($$""", "model": "{{model}}" """));

        Assert.Equal("PROVIDER_UNAVAILABLE", result.Error);
        Assert.Equal(1, Fake.Creates[route.Split('.')[0]]);
        Assert.Empty(WrittenFiles());
    }

    [Fact]
    public async Task A_create_call_that_times_out_after_it_was_sent_is_not_sent_again_and_says_it_may_be_billed()
    {
        // The fake holds the answer until the client gives up; the attempt timeout leaves a loaded machine time to
        // get the request to the fake, which counts it.
        Fake.Inject("openai", new Fault(FaultKind.SlowFirstByte, Delay: TimeSpan.FromMinutes(1)));
        var result = await RunAsync(Step(""", "model": "gpt-image-2" """), tweak: o => o.OpenAI.AttemptTimeout = TimeSpan.FromSeconds(2));

        Assert.Equal("PROVIDER_TIMEOUT", result.Error);
        Assert.Contains("may have been processed and billed", result.Message, StringComparison.Ordinal);
        Assert.Equal(1, Fake.Creates["openai"]);
    }

    [Fact]
    public async Task Polls_are_idempotent_and_retried_on_500()
    {
        Fake.Inject("replicate.poll", new Fault(FaultKind.Status, 500), new Fault(FaultKind.Status, 503));
        var result = await RunAsync(Step(""", "model": "flux-schnell" """));

        Assert.True(result.Completed, result.Message);
        Assert.Equal(1, Fake.Creates["replicate"]);
    }

    [Theory]
    [InlineData("google", "google/nano-banana")]
    [InlineData("openai", "gpt-image-2")]
    public async Task Malformed_json_and_a_reset_mid_body_are_clear_errors(string route, string model)
    {
        Fake.Inject(route, new Fault(FaultKind.MalformedJson));
        var result = await RunAsync(Step($$""", "model": "{{model}}" """));

        Assert.Equal("PROVIDER_BAD_RESPONSE", result.Error);
        Assert.Empty(WrittenFiles());

        Fake.Inject(route, new Fault(FaultKind.ResetMidBody));
        result = await RunAsync(Step($$""", "model": "{{model}}" """));
        Assert.Equal("PROVIDER_UNAVAILABLE", result.Error); // a create is not sent again once it may have been processed
        Assert.Empty(WrittenFiles());
    }

    // ---- routing and credentials ----------------------------------------------------------------------------------

    [Theory]
    [InlineData("google", "google/nano-banana")]
    [InlineData("openai", "gpt-image-2")]
    [InlineData("replicate", "flux-schnell")]
    public async Task A_wrong_key_fails_the_step_with_an_auth_error(string provider, string model)
    {
        var result = await RunAsync(Step($$""", "model": "{{model}}" """), tweak: o => o.For(provider)!.ApiKey = "wrong-key-0123456789");

        Assert.Equal("PROVIDER_AUTH_FAILED", result.Error);
        Assert.Equal(1, Fake.Creates[provider]);
    }

    [Fact]
    public async Task A_named_provider_without_credentials_is_an_error_never_a_fallback()
    {
        var result = await RunAsync(Step(""", "model": "flux-schnell", "provider": "replicate" """), tweak: o => o.Replicate.ApiKey = null);

        Assert.Equal("PROVIDER_NOT_CONFIGURED", result.Error);
        Assert.Contains("REPLICATE_API_TOKEN", result.Message, StringComparison.Ordinal);
        Assert.Empty(Fake.Creates);
    }

    [Fact]
    public async Task Without_a_step_provider_the_first_configured_route_in_catalog_order_is_taken_else_offline()
    {
        var google = await RunAsync(Step(""", "model": "google/nano-banana" """), tweak: o => o.Google.ApiKey = null);
        Assert.Equal("replicate", Assert.Single(google.Results["g"]).Meta["provider"]); // google has no key: the next route

        var offline = await RunAsync(Step(""", "model": "flux-schnell" """), tweak: o => o.Replicate.ApiKey = null);
        Assert.True(offline.Offline);
    }

    [Fact]
    public async Task The_runs_default_provider_applies_to_the_models_it_serves()
    {
        var result = await RunAsync(
            """{"steps": {"a": {"robot": "/image/generate", "prompt": "x", "model": "google/nano-banana"}, "b": {"robot": "/image/generate", "prompt": "y", "model": "gpt-image-2"}}}""",
            provider: "replicate");

        Assert.True(result.Completed, result.Message);
        Assert.Equal("replicate", Assert.Single(result.Results["a"]).Meta["provider"]);
        Assert.Equal("replicate", Assert.Single(result.Results["b"]).Meta["provider"]);
    }

    [Fact]
    public async Task Options_come_from_configuration_too()
    {
        var configuration = new Microsoft.Extensions.Configuration.ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ImageSdk:ReadEnvironment"] = "false",
            ["ImageSdk:Google:ApiKey"] = FakeProviderServer.GoogleKey,
            ["ImageSdk:Google:Endpoint"] = Fake.Endpoint.AbsoluteUri + "v1beta",
            ["ImageSdk:Google:AttemptTimeout"] = "00:00:05",
            ["ImageSdk:Google:MaxConcurrency"] = "2",
        }).Build();
        using var services = new ServiceCollection().AddImageSdk(configuration.GetSection("ImageSdk")).BuildServiceProvider();

        var google = (HostedImageProvider)services.GetServices<IImageProvider>().Single(p => p.Name == "google");
        Assert.Equal((CredentialSource.Options, 2, Fake.Endpoint), (google.Settings.Source, google.MaxConcurrency, google.Settings.Endpoint));
        Assert.False(services.GetServices<IImageProvider>().Single(p => p.Name == "openai").IsConfigured);
        var result = await services.GetRequiredService<AssemblyRunner>().RunAsync(Encoding.UTF8.GetBytes(Step(""", "model": "google/nano-banana" """)), [], new RunOptions { OutputDirectory = Out });
        Assert.True(result.Completed, result.Message);
        Assert.Equal(1, Fake.Creates["google"]);
    }

    [Fact]
    public async Task A_refused_request_and_a_response_over_the_cap_are_their_own_errors()
    {
        Fake.Inject("openai", new Fault(FaultKind.Status, 400));
        var rejected = await RunAsync(Step(""", "model": "gpt-image-2" """));
        Assert.Equal("PROVIDER_REQUEST_REJECTED", rejected.Error);
        Assert.Contains("HTTP 400", rejected.Message, StringComparison.Ordinal);

        var tooLarge = await RunAsync(Step(""", "model": "google/nano-banana" """), tweak: o => o.Google.MaxResponseBytes = 2048);
        Assert.Equal("PROVIDER_RESPONSE_TOO_LARGE", tooLarge.Error);
        Assert.Empty(WrittenFiles());
    }
}
