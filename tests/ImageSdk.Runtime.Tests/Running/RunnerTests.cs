using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using ImageSdk.Imaging;
using ImageSdk.Providers;
using ImageSdk.Running;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using Xunit;

namespace ImageSdk.Tests.Running;

/// <summary>The runner end to end on the offline renderer and on fake providers; outputs judged by ImageSharp.</summary>
public sealed class RunnerTests : IDisposable
{
    private readonly string _out = Path.Combine(Path.GetTempPath(), "imagesdk-run-" + Guid.NewGuid().ToString("N"));

    private static string SampleImage => Samples.CoastWithHole;

    private static byte[] SeedInpaint => Samples.SeedInpaint;

    public void Dispose()
    {
        if (Directory.Exists(_out))
        {
            Directory.Delete(_out, recursive: true);
        }
    }

    private RunOptions Options(Dictionary<string, string>? fields = null) => new() { OutputDirectory = _out, Fields = fields ?? new Dictionary<string, string>() };

    private static byte[] Json(string json) => Encoding.UTF8.GetBytes(json);

    [Fact]
    public async Task Inpainting_keeps_every_pixel_outside_the_mask_and_fills_the_masked_area_from_its_surroundings()
    {
        var result = await new AssemblyRunner().RunAsync(SeedInpaint, new[] { new RunUpload("file", SampleImage) }, Options());

        Assert.True(result.Completed, result.Message);
        Assert.True(result.Offline);
        var file = Assert.Single(result.Results["inpainted"]);
        using var original = Image.Load<Rgba32>(SampleImage);
        using var output = Image.Load<Rgba32>(file.Path!);
        Assert.Equal((original.Width, original.Height), (output.Width, output.Height));
        int outside = 0, inside = 0;
        var (rgb, hole) = (new byte[original.Width * original.Height * 3], new byte[original.Width * original.Height]);
        for (var y = 0; y < original.Height; y++)
        {
            for (var x = 0; x < original.Width; x++)
            {
                var before = original[x, y];
                var after = output[x, y];
                var i = (y * original.Width) + x;
                (rgb[3 * i], rgb[(3 * i) + 1], rgb[(3 * i) + 2]) = (after.R, after.G, after.B);
                if (before.A >= 128)
                {
                    outside++;
                    Assert.True(before == after, $"pixel ({x},{y}) outside the mask changed: {before} -> {after}");
                }
                else
                {
                    (inside, hole[i]) = (inside + 1, 1);
                    Assert.Equal(255, after.A);
                }
            }
        }

        // The offline renderer's inpainting continues the picture around the hole (content-aware fill).
        Assert.True(outside > 100_000 && inside > 10_000);
        var fill = Imaging.Plausibility.Measure(rgb, hole, original.Width, original.Height);
        Assert.True(fill.HoleDistance <= fill.RingSpread, fill.ToString());
    }

    [Theory]
    [InlineData("png", "image/png")]
    [InlineData("jpeg", "image/jpeg")]
    [InlineData("jpg", "image/jpeg")]
    [InlineData("webp", "image/webp")]
    [InlineData("gif", "image/gif")]
    public async Task Every_output_is_the_format_and_size_the_result_claims(string format, string mime)
    {
        var json = """{"steps": {"g": {"robot": "/image/generate", "prompt": "A red fox", "model": "flux-schnell", "aspect_ratio": "16:9", "format": "FORMAT", "num_outputs": 2, "seed": 3}}}""".Replace("FORMAT", format, StringComparison.Ordinal);

        var result = await new AssemblyRunner().RunAsync(Json(json), Array.Empty<RunUpload>(), Options());

        Assert.True(result.Completed, result.Message);
        Assert.Equal(2, result.Results["g"].Count);
        foreach (var file in result.Results["g"])
        {
            var info = Image.Identify(File.ReadAllBytes(file.Path!), out var detected);
            Assert.Equal(mime, detected.DefaultMimeType);
            Assert.Equal(mime, file.Mime);
            Assert.Equal((info.Width, info.Height), ((int)file.Meta["width"]!, (int)file.Meta["height"]!));
            Assert.Equal((1024, 576), (info.Width, info.Height)); // 16:9 on the long side of 1024
            Assert.Equal(new FileInfo(file.Path!).Length, file.Size);
            Assert.Equal(format == "jpeg" ? "jpg" : format, file.Ext);
        }
    }

    [Fact]
    public async Task A_separate_mask_without_alpha_regenerates_its_white_area_only()
    {
        var photo = Path.Combine(_out + "-in", "photo.png");
        var mask = Path.Combine(_out + "-in", "mask.png");
        Directory.CreateDirectory(_out + "-in");
        try
        {
            // Blue, with a red block under the mask's white area: the offline fill replaces the block with the blue around it.
            using (var image = new Image<Rgba32>(200, 100, new Rgba32(30, 120, 200, 255)))
            {
                for (var y = 20; y < 60; y++)
                {
                    for (var x = 50; x < 150; x++)
                    {
                        image[x, y] = new Rgba32(220, 20, 20, 255);
                    }
                }

                await image.SaveAsPngAsync(photo);
            }

            using (var black = new Image<Rgba32>(200, 100, new Rgba32(0, 0, 0, 255)))
            {
                for (var y = 20; y < 60; y++)
                {
                    for (var x = 50; x < 150; x++)
                    {
                        black[x, y] = new Rgba32(255, 255, 255, 255);
                    }
                }

                await black.SaveAsPngAsync(mask);
            }

            const string json = """{"steps": {":original": {"robot": "/upload/handle"}, "g": {"robot": "/image/generate", "prompt": "a boat", "model": "stability-ai/stable-diffusion-inpainting", "use": [{"name": ":original", "fields": "photo", "as": "image"}, {"name": ":original", "fields": "mask", "as": "mask"}], "format": "png"}}}""";
            var result = await new AssemblyRunner().RunAsync(Json(json), new[] { new RunUpload("photo", photo), new RunUpload("mask", mask) }, Options());

            Assert.True(result.Completed, result.Message);
            using var output = Image.Load<Rgba32>(Assert.Single(result.Results["g"]).Path!);
            var becameBlue = 0;
            for (var y = 0; y < 100; y++)
            {
                for (var x = 0; x < 200; x++)
                {
                    var inside = x is >= 50 and < 150 && y is >= 20 and < 60;
                    if (!inside)
                    {
                        Assert.Equal(new Rgba32(30, 120, 200, 255), output[x, y]);
                    }
                    else if (output[x, y] == new Rgba32(30, 120, 200, 255))
                    {
                        becameBlue++;
                    }
                }
            }

            Assert.True(becameBlue > 3000, $"{becameBlue} of 4000 masked pixels became the blue around them");
        }
        finally
        {
            Directory.Delete(_out + "-in", recursive: true);
        }
    }

    [Fact]
    public async Task A_batch_step_waits_behind_the_others_and_progress_reports_every_step()
    {
        var provider = new FakeProvider("replicate", TimeSpan.FromMilliseconds(200));
        const string json = """{"steps": {"later": {"robot": "/image/generate", "prompt": "later", "model": "flux-schnell", "provider": "replicate", "queue": "batch"}, "first": {"robot": "/image/generate", "prompt": "first", "model": "flux-schnell", "provider": "replicate"}}}""";
        var events = new ConcurrentQueue<RunProgress>();

        var result = await new AssemblyRunner(new[] { provider }).RunAsync(Json(json), Array.Empty<RunUpload>(), Options(), new SynchronousProgress(events.Enqueue));

        Assert.True(result.Completed, result.Message);
        var calls = provider.Calls.ToDictionary(c => c.Prompt);
        Assert.True(calls["later"].Started >= calls["first"].Ended, "the batch step started before the other step ended");
        Assert.Contains(events, e => e.Step == "first" && e.Stage == "completed" && e.Done == 1);
        Assert.Contains(events, e => e.Step == "later" && e.Stage == "completed");
    }

    private sealed class SynchronousProgress(Action<RunProgress> report) : IProgress<RunProgress>
    {
        public void Report(RunProgress value) => report(value);
    }

    [Fact]
    public async Task The_offline_renderer_is_deterministic_and_the_seed_changes_the_image()
    {
        const string json = """{"steps": {"g": {"robot": "/image/generate", "prompt": "A lighthouse", "model": "google/nano-banana", "seed": 41, "num_outputs": 2}}}""";
        var runner = new AssemblyRunner();

        var first = await runner.RunAsync(Json(json), Array.Empty<RunUpload>(), Options());
        var bytesA = first.Results["g"].Select(f => File.ReadAllBytes(f.Path!)).ToList();
        var second = await runner.RunAsync(Json(json), Array.Empty<RunUpload>(), Options());
        var bytesB = second.Results["g"].Select(f => File.ReadAllBytes(f.Path!)).ToList();

        Assert.Equal(bytesA[0], bytesB[0]);
        Assert.Equal(bytesA[1], bytesB[1]);
        Assert.NotEqual(bytesA[0], bytesA[1]); // seeds 41 and 42
        Assert.Equal(new object[] { 41L, 42L }, first.Results["g"].Select(f => f.Meta["seed"]!).ToArray());
    }

    [Fact]
    public async Task Num_outputs_beyond_the_per_call_maximum_is_split_with_consecutive_seeds()
    {
        var provider = new FakeProvider("replicate", TimeSpan.Zero);
        const string json = """{"steps": {"g": {"robot": "/image/generate", "prompt": "x", "model": "flux-schnell", "provider": "replicate", "seed": 100, "num_outputs": 10, "format": "png"}}}""";

        var result = await new AssemblyRunner(new[] { provider }).RunAsync(Json(json), Array.Empty<RunUpload>(), Options());

        Assert.True(result.Completed, result.Message);
        Assert.Equal(new[] { (100L, 4), (104L, 4), (108L, 2) }, provider.Calls.OrderBy(c => c.Seed).Select(c => (c.Seed, c.Count)).ToArray()); // flux-schnell: 4 per call
        Assert.Equal(Enumerable.Range(100, 10).Select(i => (object)(long)i), result.Results["g"].Select(f => f.Meta["seed"]!));
        Assert.False(result.Offline);
    }

    [Fact]
    public async Task Independent_steps_run_in_parallel_and_a_chain_runs_in_order()
    {
        var provider = new FakeProvider("replicate", TimeSpan.FromMilliseconds(300));
        const string json = """
            {"steps": {
              "a": {"robot": "/image/generate", "prompt": "a", "model": "flux-schnell", "provider": "replicate"},
              "b": {"robot": "/image/generate", "prompt": "b", "model": "flux-schnell", "provider": "replicate"},
              "c": {"robot": "/image/generate", "prompt": "c", "model": "flux-1.1-pro-ultra", "provider": "replicate", "use": [{"name": "a", "as": "image"}]}
            }}
            """;

        var result = await new AssemblyRunner(new[] { provider }).RunAsync(Json(json), Array.Empty<RunUpload>(), Options());

        Assert.True(result.Completed, result.Message);
        Assert.True(provider.MaxInFlight >= 2, $"at most {provider.MaxInFlight} call(s) ran at once");
        var starts = provider.Calls.ToDictionary(c => c.Prompt, c => c.Started);
        var ends = provider.Calls.ToDictionary(c => c.Prompt, c => c.Ended);
        Assert.True(starts["c"] >= ends["a"], "c started before a, whose output it uses, ended");
    }

    [Fact]
    public async Task A_provider_never_runs_more_calls_at_once_than_its_limit()
    {
        var provider = new FakeProvider("replicate", TimeSpan.FromMilliseconds(100), maxConcurrency: 2);
        const string json = """{"steps": {"g": {"robot": "/image/generate", "prompt": "x", "model": "google/nano-banana", "provider": "replicate", "num_outputs": 6}}}""";

        var result = await new AssemblyRunner(new[] { provider }).RunAsync(Json(json), Array.Empty<RunUpload>(), Options());

        Assert.True(result.Completed, result.Message);
        Assert.Equal(6, provider.Calls.Count); // nano-banana: 1 per call
        Assert.Equal(2, provider.MaxInFlight);
    }

    [Fact]
    public async Task Cancellation_leaves_no_partial_file()
    {
        var provider = new FakeProvider("replicate", TimeSpan.FromSeconds(5));
        const string json = """{"steps": {"g": {"robot": "/image/generate", "prompt": "x", "model": "flux-schnell", "provider": "replicate", "num_outputs": 8}}}""";
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new AssemblyRunner(new[] { provider }).RunAsync(Json(json), Array.Empty<RunUpload>(), Options(), null, cancel.Token));

        Assert.Empty(Directory.Exists(_out) ? Directory.GetFiles(_out, "*", SearchOption.AllDirectories) : Array.Empty<string>());
    }

    [Fact]
    public async Task An_invalid_assembly_never_starts()
    {
        var provider = new FakeProvider("replicate", TimeSpan.Zero);
        const string json = """{"steps": {"g": {"robot": "/image/generate", "prompt": "x", "model": "google/nano-banana", "format": "svg", "provider": "replicate"}}}""";

        var result = await new AssemblyRunner(new[] { provider }).RunAsync(Json(json), Array.Empty<RunUpload>(), Options());

        Assert.False(result.Completed);
        Assert.Equal("INVALID_ASSEMBLY_INSTRUCTIONS", result.Error);
        Assert.Equal("IMG1502", Assert.Single(result.Findings).Code);
        Assert.Empty(provider.Calls);
        Assert.False(Directory.Exists(_out));
    }

    [Fact]
    public async Task Fields_fill_in_variables_and_are_checked_after_interpolation()
    {
        const string json = """{"steps": {"g": {"robot": "/image/generate", "prompt": "${fields.subject}", "model": "flux-schnell", "num_outputs": "${fields.n}"}}}""";
        var runner = new AssemblyRunner();

        var ok = await runner.RunAsync(Json(json), Array.Empty<RunUpload>(), Options(new() { ["subject"] = "a fox", ["n"] = "3" }));
        var tooMany = await runner.RunAsync(Json(json), Array.Empty<RunUpload>(), Options(new() { ["subject"] = "a fox", ["n"] = "42" }));
        var missing = await runner.RunAsync(Json(json), Array.Empty<RunUpload>(), Options(new() { ["n"] = "1" }));

        Assert.Equal(3, ok.Results["g"].Count);
        Assert.Equal("IMG1303", Assert.Single(tooMany.Findings).Code);
        Assert.Equal("ASSEMBLY_VARIABLES_MISSING", missing.Error);
        Assert.Contains("${fields.subject}", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Output_meta_reports_transparency_dominant_colours_and_the_reference_blurhash()
    {
        const string json = """{"steps": {":original": {"robot": "/upload/handle"}, "g": {"robot": "/image/generate", "prompt": "sea", "model": "google/nano-banana", "use": [{"name": ":original", "as": "image"}, {"name": ":original", "as": "mask"}], "output_meta": true, "format": "png"}}}""";

        var result = await new AssemblyRunner().RunAsync(Json(json), new[] { new RunUpload("file", SampleImage) }, Options());

        var meta = Assert.Single(result.Results["g"]).Meta;
        Assert.Equal(false, meta["has_transparency"]); // the hole is filled
        var colours = Assert.IsAssignableFrom<IReadOnlyList<string>>(meta["dominant_colors"]);
        Assert.All(colours, c => Assert.Matches("^#[0-9a-f]{6}$", c));
        using var decoded = Image.Load<Rgba32>(Assert.Single(result.Results["g"]).Path!);
        var pixels = new byte[decoded.Width * decoded.Height * 4];
        decoded.CopyPixelDataTo(pixels);
        Assert.Equal(BlurHash.Encode(pixels, decoded.Width, decoded.Height, 4, 3), meta["blurhash"]);
    }

    [Fact]
    public void Dominant_colours_of_a_synthetic_image_are_its_colours_most_dominant_first()
    {
        using var image = NetVips.Image.Black(100, 100, bands: 3).NewFromImage(new double[] { 255, 0, 0 }).Cast(NetVips.Enums.BandFormat.Uchar)
            .Insert(NetVips.Image.Black(100, 25, bands: 3).NewFromImage(new double[] { 0, 0, 255 }).Cast(NetVips.Enums.BandFormat.Uchar), 0, 75);

        Assert.Equal(new[] { "#ff0000", "#0000ff" }, ImageOps.DominantColors(image));
        Assert.False(ImageOps.HasTransparency(image));
        Assert.True(ImageOps.HasTransparency(image.Bandjoin(NetVips.Image.Black(100, 100).Linear(new[] { 1.0 }, new[] { 100.0 }).Cast(NetVips.Enums.BandFormat.Uchar))));
    }

    [Fact]
    public async Task A_text_file_is_skipped_unless_force_accept_passes_it_on()
    {
        var text = Path.Combine(Path.GetTempPath(), Guid.NewGuid() + ".txt");
        await File.WriteAllTextAsync(text, "not an image at all");
        try
        {
            const string template = """{"steps": {":original": {"robot": "/upload/handle"}, "g": {"robot": "/image/generate", "prompt": "x", "model": "google/nano-banana", "use": ":original"FORCE}}}""";
            var runner = new AssemblyRunner();

            var skipped = await runner.RunAsync(Json(template.Replace("FORCE", string.Empty, StringComparison.Ordinal)), new[] { new RunUpload("file", text) }, Options());
            var accepted = await runner.RunAsync(Json(template.Replace("FORCE", ", \"force_accept\": true", StringComparison.Ordinal)), new[] { new RunUpload("file", text) }, Options());

            Assert.True(skipped.Completed, skipped.Message);
            Assert.Contains(skipped.Warnings, w => w.Contains("is not an image and was skipped", StringComparison.Ordinal));
            Assert.Empty(skipped.Results["g"]); // a step whose use gives it no image makes none: never text-to-image
            Assert.Contains(skipped.Warnings, w => w.Contains("its use gave it no image", StringComparison.Ordinal));
            Assert.Contains(accepted.Results["g"], f => f.Type is null && f.Name == Path.GetFileName(text));
        }
        finally
        {
            File.Delete(text);
        }
    }

    [Fact]
    public async Task A_text_file_read_as_both_image_and_mask_is_noted_once()
    {
        var text = Path.Combine(Path.GetTempPath(), Guid.NewGuid() + ".txt");
        await File.WriteAllTextAsync(text, "not an image at all");
        try
        {
            var assembly = new AssemblyBuilder()
                .Step(new UploadHandleStep())
                .Step("g", new ImageGenerateStep().Use(ImageGenerateInput.Image(":original"), ImageGenerateInput.Mask(":original")).Prompt("x").Model(ImageModel.GoogleNanoBanana));

            var result = await new AssemblyRunner().RunAsync(assembly, [new RunUpload("file", text)], Options());

            Assert.True(result.Completed, result.Message);
            Assert.Single(result.Warnings, w => w.Contains($"'{Path.GetFileName(text)}' is not an image", StringComparison.Ordinal));
        }
        finally
        {
            File.Delete(text);
        }
    }

    [Fact]
    public async Task A_truncated_png_fails_with_a_clear_error_naming_the_file()
    {
        var truncated = Path.Combine(Path.GetTempPath(), "truncated-" + Guid.NewGuid().ToString("N")[..6] + ".png");
        var bytes = File.ReadAllBytes(SampleImage);
        await File.WriteAllBytesAsync(truncated, bytes.AsSpan(0, bytes.Length / 2).ToArray());
        try
        {
            var result = await new AssemblyRunner().RunAsync(SeedInpaint, new[] { new RunUpload("file", truncated) }, Options());

            Assert.False(result.Completed);
            Assert.Contains(Path.GetFileName(truncated), result.Message, StringComparison.Ordinal);
            Assert.Contains("corrupt or truncated", result.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(truncated);
        }
    }

    [Fact]
    public async Task A_decompression_bomb_is_refused_from_its_header()
    {
        // A valid PNG header claiming 60000 x 60000 pixels (3.6 gigapixels) and almost no data.
        var bomb = Path.Combine(Path.GetTempPath(), "bomb-" + Guid.NewGuid().ToString("N")[..6] + ".png");
        await File.WriteAllBytesAsync(bomb, Samples.PngHeader(60_000, 60_000));
        try
        {
            var result = await new AssemblyRunner().RunAsync(SeedInpaint, new[] { new RunUpload("file", bomb) }, Options());

            Assert.False(result.Completed);
            Assert.Contains(Path.GetFileName(bomb), result.Message, StringComparison.Ordinal);
            Assert.Contains("megapixels", result.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(bomb);
        }
    }

    [Fact]
    public async Task A_missing_upload_is_a_clear_error()
    {
        var result = await new AssemblyRunner().RunAsync(SeedInpaint, new[] { new RunUpload("file", "/no/such/image.png") }, Options());

        Assert.False(result.Completed);
        Assert.Equal("UPLOAD_NOT_FOUND", result.Error);
        Assert.Contains("/no/such/image.png", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ignore_errors_execute_records_the_failure_and_the_assembly_goes_on()
    {
        var failing = new FakeProvider("replicate", TimeSpan.Zero) { Fail = true };
        const string json = """{"steps": {"bad": {"robot": "/image/generate", "prompt": "x", "model": "flux-schnell", "provider": "replicate", "ignore_errors": ["execute"]}, "good": {"robot": "/image/generate", "prompt": "y", "model": "flux-schnell", "provider": "offline"}}}""";

        var result = await new AssemblyRunner(new[] { failing }).RunAsync(Json(json), Array.Empty<RunUpload>(), Options());

        Assert.True(result.Completed, result.Message);
        Assert.Empty(result.Results["bad"]);
        Assert.Single(result.Results["good"]);
        var ignored = Assert.Single(result.IgnoredErrors);
        Assert.Equal(("bad", "execute"), (ignored.Step, ignored.Phase));
    }

    /// <summary>A provider with latency that records its calls and how many ran at once.</summary>
    private sealed class FakeProvider(string name, TimeSpan latency, int maxConcurrency = 8) : IImageProvider
    {
        private int _inFlight;
        private int _maxInFlight;

        public string Name => name;

        public bool IsConfigured => true;

        public int MaxConcurrency => maxConcurrency;

        public bool Fail { get; init; }

        public int MaxInFlight => _maxInFlight;

        public ConcurrentBag<(string Prompt, long Seed, int Count, DateTime Started, DateTime Ended)> Calls { get; } = new();

        public async Task<IReadOnlyList<ProviderImage>> GenerateAsync(ProviderRequest request, CancellationToken cancellationToken)
        {
            var started = DateTime.UtcNow;
            var now = Interlocked.Increment(ref _inFlight);
            InterlockedMax(ref _maxInFlight, now);
            try
            {
                await Task.Delay(latency, cancellationToken);
                if (Fail)
                {
                    throw new InvalidOperationException("the fake provider fails on purpose");
                }

                var images = await new OfflineImageProvider().GenerateAsync(request with { Width = 64, Height = 64 }, cancellationToken);
                Calls.Add((request.Prompt, request.Seed, request.Count, started, DateTime.UtcNow));
                return images;
            }
            finally
            {
                Interlocked.Decrement(ref _inFlight);
            }
        }

        private static void InterlockedMax(ref int target, int value)
        {
            int current;
            while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
            {
            }
        }
    }
}
