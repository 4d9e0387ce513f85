using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using CsCheck;
using ImageSdk.Imaging;
using ImageSdk.Running;
using ImageSdk.Tests.Transpiling;
using ImageSdk.Tests.Validation;
using ImageSdk.Validation;
using NetVips;
using Xunit;

namespace ImageSdk.Tests.Running;

/// <summary>The runner against hostile assemblies and uploads: no escape from the output folder, no crash, bounded work.</summary>
public sealed class HostileInputTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "imagesdk-hostile-" + Guid.NewGuid().ToString("N"));

    public HostileInputTests() => Directory.CreateDirectory(_root);

    private string Out => Path.Combine(_root, "out", "a", "b");

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static byte[] Json(string json) => Encoding.UTF8.GetBytes(json);

    private static string SampleImage => Samples.CoastWithHole;

    private static byte[] SeedInpaint => Samples.SeedInpaint;

    private Task<AssemblyResult> RunAsync(string json, params RunUpload[] uploads) => RunAsync(Json(json), new RunOptions { OutputDirectory = Out }, uploads);

    private static Task<AssemblyResult> RunAsync(byte[] json, RunOptions options, params RunUpload[] uploads) => new AssemblyRunner().RunAsync(json, uploads, options);

    private string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(_root, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static IEnumerable<ResultFile> Files(AssemblyResult result) => result.Results.Where(r => r.Key != ":original").SelectMany(r => r.Value);

    private void AssertAllInside(AssemblyResult result)
    {
        var root = Path.GetFullPath(Out) + Path.DirectorySeparatorChar;
        Assert.All(Files(result), f => Assert.StartsWith(root, f.Path!, StringComparison.Ordinal));
        Assert.DoesNotContain(Directory.GetFiles(_root, "*", SearchOption.AllDirectories), f => !f.StartsWith(root, StringComparison.Ordinal) && !f.StartsWith(Path.Combine(_root, "victim"), StringComparison.Ordinal) && Path.GetDirectoryName(f) != _root);
    }

    [Fact]
    public async Task Step_names_that_are_paths_write_inside_out_and_replace_nothing()
    {
        var victim = Path.Combine(_root, "victim");
        Directory.CreateDirectory(victim);
        File.WriteAllText(Path.Combine(victim, "pwned.jpg"), "keep");
        const string json = """{"steps": {"../../../victim/pwned": {"robot": "/image/generate", "prompt": "x", "model": "flux-schnell"}, "/pw": {"robot": "/image/generate", "prompt": "y", "model": "flux-schnell"}, "a\\b\u0001": {"robot": "/image/generate", "prompt": "z", "model": "flux-schnell"}}}""";

        var result = await RunAsync(json);

        Assert.True(result.Completed, result.Message);
        Assert.Equal(3, Files(result).Count());
        AssertAllInside(result);
        Assert.Equal("keep", File.ReadAllText(Path.Combine(victim, "pwned.jpg")));
        Assert.Equal(new[] { "_.._.._victim_pwned", "_pw", "a_b_" }, Files(result).Select(f => Path.GetFileName(Path.GetDirectoryName(f.Path!)!)).ToArray());
    }

    [Fact]
    public async Task Steps_whose_names_become_one_folder_get_folders_of_their_own()
    {
        var result = await RunAsync("""{"steps": {"a/b": {"robot": "/image/generate", "prompt": "x", "model": "flux-schnell"}, "a_b": {"robot": "/image/generate", "prompt": "y", "model": "flux-schnell"}, "A_B": {"robot": "/image/generate", "prompt": "z", "model": "flux-schnell"}}}""");

        Assert.True(result.Completed, result.Message);
        var folders = result.Results.Select(r => Path.GetDirectoryName(Assert.Single(r.Value).Path!)!).ToList();
        Assert.Equal(3, folders.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.Equal(3, Files(result).Select(f => File.ReadAllBytes(f.Path!)).Select(Convert.ToBase64String).Distinct().Count());
    }

    [Fact]
    public async Task A_second_run_into_the_same_folder_keeps_the_first_runs_files_and_concurrent_runs_do_not_mix()
    {
        const string json = """{"steps": {"g": {"robot": "/image/generate", "prompt": "x", "model": "flux-schnell", "num_outputs": 2}}}""";
        var first = await RunAsync(json);
        var firstBytes = Files(first).Select(f => File.ReadAllBytes(f.Path!)).ToList();

        var concurrent = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => RunAsync(json)));

        Assert.All(concurrent, r => Assert.True(r.Completed, r.Message));
        var paths = concurrent.Prepend(first).SelectMany(Files).Select(f => f.Path!).ToList();
        Assert.Equal(paths.Count, paths.Distinct(StringComparer.Ordinal).Count());
        Assert.All(paths, p => Assert.True(File.Exists(p)));
        Assert.Equal(firstBytes, Files(first).Select(f => File.ReadAllBytes(f.Path!)).ToList());
        Assert.Contains(paths, p => Path.GetFileName(p) == "g-1~2.jpg");
        Assert.Empty(Directory.GetFiles(Out, "*.tmp", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Concurrent_writes_of_one_name_by_separate_runs_each_get_a_file_of_their_own()
    {
        var folders = Enumerable.Range(0, 4).Select(_ => new OutputFolder(Out, ["g"])).ToArray();

        var paths = await Task.WhenAll(Enumerable.Range(0, 64).Select(i => Task.Run(() => folders[i % 4].WriteAsync("g", "x.png", new[] { (byte)i }, CancellationToken.None))));

        Assert.Equal(64, paths.Distinct(StringComparer.Ordinal).Count());
        for (var i = 0; i < 64; i++)
        {
            Assert.Equal(new[] { (byte)i }, File.ReadAllBytes(paths[i])); // nobody's file was replaced
        }

        Assert.Empty(Directory.GetFiles(Out, "*.tmp", SearchOption.AllDirectories));
    }

    [Fact]
    public void Validate_warns_about_step_names_that_are_not_safe_file_names_at_the_name()
    {
        var result = AssemblyValidator.Validate("{\"steps\": {\n\"../x\": {\"robot\": \"/image/generate\", \"prompt\": \"p\"},\n\"ok-name.1\": {\"robot\": \"/image/generate\", \"prompt\": \"p\"},\n\"a\\n::error file=x::\\u001b[2J\": {\"robot\": \"/image/generate\", \"prompt\": \"p\"}}}");

        Assert.True(result.IsValid);
        Assert.Equal(new[] { ("IMG1208", "/steps/..~1x", 2, 1), ("IMG1208", "/steps/a\n::error file=x::\u001b[2J", 4, 1) }, result.Findings.Select(f => (f.Code, f.Path, f.Line, f.Column)).ToArray());
        Assert.All(result.Findings, f => Assert.DoesNotContain(f.Message, c => char.IsControl(c)));
        Assert.Contains("a\\n::error file=x::\\u001B[2J", result.Findings[1].ToCanonicalString("f.json"), StringComparison.Ordinal);
    }

    public static IEnumerable<object[]> CrashCases() => new[]
    {
        new object[] { "duplicate key", """{"steps": {"g": {"robot": "/image/generate", "prompt": "x", "prompt": "y", "model": "flux-schnell"}, "g": {"robot": "/image/generate", "prompt": "z", "model": "flux-schnell"}}}""", "ASSEMBLY_COMPLETED" },
        new object[] { "byte order mark", "\uFEFF{\"steps\": {\"g\": {\"robot\": \"/image/generate\", \"prompt\": \"x\", \"model\": \"flux-schnell\"}}}", "ASSEMBLY_COMPLETED" },
        new object[] { "assembly variable as format", """{"steps": {"g": {"robot": "/image/generate", "prompt": "x", "model": "flux-schnell", "format": "${assembly.id}"}}}""", "INVALID_ASSEMBLY_INSTRUCTIONS" },
        new object[] { "variable in a field", """{"fields": {"f": "${x}"}, "steps": {"g": {"robot": "/image/generate", "prompt": "x", "model": "flux-schnell", "format": "${fields.f}"}}}""", "INVALID_ASSEMBLY_INSTRUCTIONS" },
        new object[] { "unsupported variable", """{"steps": {"g": {"robot": "/image/generate", "prompt": "x", "model": "flux-schnell", "num_outputs": "${y}"}}}""", "ASSEMBLY_VARIABLE_UNSUPPORTED" },
        new object[] { "file variable in the prompt", """{"steps": {"g": {"robot": "/image/generate", "prompt": "a ${file.name}", "model": "flux-schnell"}}}""", "ASSEMBLY_VARIABLE_UNSUPPORTED" },
    };

    [Theory]
    [MemberData(nameof(CrashCases))]
    public async Task What_validate_accepts_ends_in_a_result(string what, string json, string expected)
    {
        Assert.True(AssemblyValidator.Validate(Json(json)).IsValid, what);

        var result = await RunAsync(json);

        Assert.Equal(expected, result.Ok ?? result.Error);
        Assert.NotNull(result.ToJson());
    }

    [Fact]
    public async Task A_literal_prompt_that_looks_like_a_variable_is_generated_as_it_stands()
    {
        var result = await new AssemblyRunner().RunAsync(
            Json("""{"steps": {"g": {"robot": "/image/generate", "prompt": "${fields.p}", "model": "flux-schnell", "num_outputs": "${fields.n}"}}}"""),
            Array.Empty<RunUpload>(),
            new RunOptions { OutputDirectory = Out, Fields = new Dictionary<string, string> { ["p"] = "${not.a.variable}", ["n"] = "2" } });

        Assert.True(result.Completed, result.Message);
        Assert.Equal(2, result.Results["g"].Count);
    }

    [Fact]
    public async Task Every_corpus_assembly_that_validates_and_generated_ones_end_in_a_result_inside_out()
    {
        var image = Write("photo.png", File.ReadAllBytes(SampleImage));
        var valid = Corpus.Expectations.Select(e => Corpus.Bytes(e.File)).Where(b => AssemblyValidator.Validate(b).IsValid).ToList();
        Assert.True(valid.Count >= 20, $"only {valid.Count} corpus assemblies validate");
        var generated = new List<byte[]>();
        AssemblyGenerator.Assembly.Sample(a => generated.Add(Json(a.ToJsonString())), iter: 5000, seed: "0N0XIzNsQ0O2", threads: 1);
        var runnable = generated.Where(b => AssemblyValidator.Validate(b).IsValid).Take(FullBuildTests.Cases(everyRun: 30, full: 100)).ToList();
        Assert.True(runnable.Count >= 30, $"only {runnable.Count} generated assemblies validate");

        foreach (var json in valid.Concat(runnable))
        {
            var result = await RunAsync(json, new RunOptions { OutputDirectory = Out, Fields = new Dictionary<string, string> { ["x"] = "1", ["size"] = "2", ["a"] = "3", ["b"] = "4", ["variants"] = "2" } }, new RunUpload("file", image), new RunUpload("mask", image));

            Assert.True(result.Completed || result.Error is not null, Encoding.UTF8.GetString(json));
            Assert.NotEmpty(result.ToJson());
            AssertAllInside(result);
        }
    }

    [Fact]
    public void Property_random_assemblies_and_random_uploads_end_in_a_result_and_write_only_inside_out()
    {
        var png = File.ReadAllBytes(SampleImage);
        var uploads = Gen.OneOf(
            Gen.Const(png),
            Gen.Int[1, png.Length - 1].Select(n => png[..n]),                                  // truncated
            Gen.Const(Samples.PngHeader(60_000, 60_000)),                                             // huge header
            Gen.Byte.Array[0, 64],                                                             // not an image
            Gen.Const(Encoding.UTF8.GetBytes("%PDF-1.7\n1 0 obj\n<<>>\nendobj\n")));           // a PDF renamed .png
        var count = 0;
        Gen.Select(AssemblyGenerator.Assembly, uploads.Array[0, 2]).Sample((assembly, files) =>
        {
            var json = Json(assembly.ToJsonString());
            if (!AssemblyValidator.Validate(json).IsValid)
            {
                return;
            }

            count++;
            var runUploads = files.Select((bytes, i) => new RunUpload(i == 0 ? "image" : "mask", Write($"upload-{Guid.NewGuid():N}.png", bytes))).ToArray();
            var result = RunAsync(json, new RunOptions { OutputDirectory = Out, Fields = new Dictionary<string, string> { ["x"] = "1", ["size"] = "2", ["a"] = "3", ["b"] = "4" } }, runUploads).GetAwaiter().GetResult();

            Assert.True(result.Completed || result.Error is not null);
            Assert.NotEmpty(result.ToJson());
            AssertAllInside(result);
        }, iter: FullBuildTests.Cases(everyRun: 1000, full: 3000), seed: "1N0XIzNsQ0O2", threads: 1);
        Assert.True(count >= 30, $"only {count} generated assemblies validated");
    }

    [Fact]
    public async Task An_upload_that_is_not_an_image_yields_nothing_instead_of_text_to_image()
    {
        var pdf = Write("scan.png", Encoding.UTF8.GetBytes("%PDF-1.7\n1 0 obj\n<<>>\nendobj\n"));
        var xxe = Write("xxe.svg", Encoding.UTF8.GetBytes("""<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><text>&x;</text></svg>"""));

        foreach (var upload in new[] { pdf, xxe })
        {
            var result = await RunAsync(SeedInpaint, new RunOptions { OutputDirectory = Out }, new RunUpload("file", upload));

            Assert.True(result.Completed, result.Message);
            Assert.Empty(result.Results["inpainted"]);
            Assert.Contains(result.Warnings, w => w.Contains("its use gave it no image", StringComparison.Ordinal));
        }

        var none = await RunAsync(SeedInpaint, new RunOptions { OutputDirectory = Out });
        Assert.Empty(none.Results["inpainted"]);
    }

    [Fact]
    public async Task An_upload_with_a_244_character_name_is_inpainted_under_a_name_the_file_system_takes()
    {
        var upload = Write(new string('a', 240) + ".png", File.ReadAllBytes(SampleImage));

        var result = await RunAsync(SeedInpaint, new RunOptions { OutputDirectory = Out }, new RunUpload("file", upload));

        Assert.True(result.Completed, result.Message);
        var file = Assert.Single(result.Results["inpainted"]);
        Assert.True(File.Exists(file.Path));
        Assert.InRange(Encoding.UTF8.GetByteCount(Path.GetFileName(file.Path!)), 1, 255);
    }

    [Fact]
    public async Task An_upload_no_step_uses_is_never_decoded()
    {
        var bomb = Write("bomb.png", Samples.PngHeader(60_000, 60_000)); // 3.6 gigapixels claimed, no pixel data

        var result = await RunAsync("""{"steps": {"g": {"robot": "/image/generate", "prompt": "x", "model": "flux-schnell"}}}""", new RunUpload("file", bomb));

        Assert.True(result.Completed, result.Message);
        Assert.Equal(60_000, Assert.Single(result.Uploads).Meta["width"]);
    }

    [Fact]
    public async Task Numbers_beyond_every_range_are_clamped_with_a_warning_never_wrapped()
    {
        var result = await RunAsync("""{"steps": {"w": {"robot": "/image/generate", "prompt": "x", "model": "recraft-v3", "format": "png", "width": 4294968320, "height": 9223372036854775807}, "s": {"robot": "/image/generate", "prompt": "y", "model": "flux-schnell", "seed": "9223372036854775807", "num_outputs": 3}, "t": {"robot": "/image/generate", "prompt": "z", "model": "flux-schnell", "seed": 99999999999999999999999}}}""");

        Assert.True(result.Completed, result.Message);
        var wide = Assert.Single(result.Results["w"]);
        Assert.Equal((2048, 2048), ((int)wide.Meta["width"]!, (int)wide.Meta["height"]!));
        var seeds = result.Results["s"].Select(f => (long)f.Meta["seed"]!).ToList();
        Assert.Equal(new[] { long.MaxValue - 2, long.MaxValue - 1, long.MaxValue }, seeds);
        Assert.True((long)Assert.Single(result.Results["t"]).Meta["seed"]! > 0);
        Assert.Contains(result.Warnings, w => w.Contains("width 4294968320 is outside recraft-v3's range 1024..2048; 2048 is used", StringComparison.Ordinal));
        Assert.Contains(result.Warnings, w => w.Contains("the seed is too large", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_lone_height_beyond_the_range_is_clamped_with_one_warning_and_the_width_follows_the_ratio()
    {
        var result = await RunAsync("""{"steps": {"h": {"robot": "/image/generate", "prompt": "x", "model": "recraft-v3", "format": "png", "aspect_ratio": "1:1", "height": 99999}}}""");

        Assert.True(result.Completed, result.Message);
        Assert.Single(result.Warnings, w => w.Contains("height 99999 is outside recraft-v3's range 1024..2048; 2048 is used", StringComparison.Ordinal));
        var file = Assert.Single(result.Results["h"]);
        Assert.Equal((2048, 2048), ((int)file.Meta["width"]!, (int)file.Meta["height"]!));
    }

    [Theory]
    [InlineData("nul \u0000 soh \u0001 esc \u001b[31m <b>markup</b> & more")]
    [InlineData("\ud800 lone surrogate")]
    public async Task Any_prompt_that_validates_renders_offline(string prompt)
    {
        var json = new JsonObject { ["steps"] = new JsonObject { ["g"] = new JsonObject { ["robot"] = "/image/generate", ["prompt"] = prompt, ["model"] = "google/nano-banana", ["width"] = 32, ["height"] = 32 } } }.ToJsonString();

        var result = await RunAsync(json);

        Assert.True(result.Completed, result.Message);
        using var image = Image.NewFromFile(Assert.Single(result.Results["g"]).Path!);
        Assert.Equal((32, 32), (image.Width, image.Height));
    }

    [Fact]
    public async Task Long_prompts_render_offline_with_a_cut_caption()
    {
        var json = new JsonObject { ["steps"] = new JsonObject
        {
            ["small"] = new JsonObject { ["robot"] = "/image/generate", ["prompt"] = new string('w', 25_000), ["model"] = "google/nano-banana", ["width"] = 32, ["height"] = 32 },
            ["huge"] = new JsonObject { ["robot"] = "/image/generate", ["prompt"] = string.Concat(Enumerable.Repeat("a long prompt ", 280_000)), ["model"] = "flux-schnell" },
        } }.ToJsonString();

        var result = await RunAsync(json);

        Assert.True(result.Completed, result.Message);
        Assert.Single(result.Results["small"]);
        Assert.Single(result.Results["huge"]);
    }

    [Fact]
    public async Task A_large_input_is_worked_at_the_models_largest_size()
    {
        using (var wide = Image.Black(6000, 300, bands: 3).Linear(new[] { 1.0 }, new[] { 120.0 }).Cast(Enums.BandFormat.Uchar).Bandjoin(255))
        {
            wide.WriteToFile(Path.Combine(_root, "wide.png"));
        }

        var result = await RunAsync(SeedInpaint, new RunOptions { OutputDirectory = Out }, new RunUpload("file", Path.Combine(_root, "wide.png")));

        Assert.True(result.Completed, result.Message);
        var file = Assert.Single(result.Results["inpainted"]);
        Assert.Equal((4096, 205), ((int)file.Meta["width"]!, (int)file.Meta["height"]!)); // nano-banana-pro's largest side is 4096
    }

    [Fact]
    public void The_webp_encoder_limit_is_checked_before_encoding_and_named()
    {
        using var image = Image.Black(20000, 4, bands: 3);

        var error = Assert.Throws<NotSupportedException>(() => ImageOps.Encode(image, "webp"));

        Assert.Contains("16383", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, ImageOps.Encode(Image.Black(20000, 4, bands: 3), "png").Take(2).Count());
    }

    [Fact]
    public async Task A_costly_svg_is_rasterised_small_and_within_a_time_limit()
    {
        var svg = Write("costly.svg", Encoding.UTF8.GetBytes("""<svg xmlns="http://www.w3.org/2000/svg" width="10000" height="10000"><filter id="f"><feTurbulence baseFrequency="0.9" numOctaves="10"/><feGaussianBlur stdDeviation="500"/></filter><rect width="10000" height="10000" filter="url(#f)"/></svg>"""));
        var options = new RunOptions { OutputDirectory = Out, DecodeTimeout = TimeSpan.FromSeconds(3) };
        var started = System.Diagnostics.Stopwatch.StartNew();

        var result = await RunAsync(SeedInpaint, options, new RunUpload("file", svg));

        Assert.True(started.Elapsed < TimeSpan.FromSeconds(60), $"took {started.Elapsed}"); // a hang guard, not a speed target
        if (!result.Completed)
        {
            Assert.Equal("FILE_INVALID", result.Error);
            Assert.Contains("longer than the limit of 3 s", result.Message, StringComparison.Ordinal);
        }
        else
        {
            var file = Assert.Single(result.Results["inpainted"]);
            Assert.True((int)file.Meta["width"]! * (int)file.Meta["height"]! <= 4_000_000);
        }
    }

    [Fact]
    public async Task Cancelling_reports_the_finished_steps_and_leaves_no_temporary_file()
    {
        const string json = """{"steps": {"quick": {"robot": "/image/generate", "prompt": "x", "model": "flux-schnell", "width": 64}, "slow": {"robot": "/image/generate", "prompt": "y", "model": "flux-schnell", "num_outputs": 10, "output_meta": true, "queue": "batch"}}}""";
        using var cancel = new CancellationTokenSource();
        var progress = new SyncProgress(p =>
        {
            if (p.Step == "slow" && p.Stage == "running" && p.Done > 0)
            {
                cancel.Cancel();
            }
        });

        var error = await Assert.ThrowsAsync<AssemblyCanceledException>(() => new AssemblyRunner().RunAsync(Json(json), Array.Empty<RunUpload>(), new RunOptions { OutputDirectory = Out }, progress, cancel.Token));

        Assert.Equal("ASSEMBLY_CANCELED", error.Result.Error);
        Assert.Single(error.Result.Results["quick"]);
        var slow = error.Result.Results["slow"];
        Assert.InRange(slow.Count, 1, 9); // the files written whole before it stopped, and no more
        Assert.All(slow, f => Assert.True(File.Exists(f.Path)));
        Assert.Equal(Directory.GetFiles(Path.GetDirectoryName(slow[0].Path!)!).Order(StringComparer.Ordinal), slow.Select(f => f.Path!).Order(StringComparer.Ordinal));
        Assert.Empty(Directory.GetFiles(Out, "*.tmp", SearchOption.AllDirectories));
        Assert.Contains("\"error\": \"ASSEMBLY_CANCELED\"", error.Result.ToJson(), StringComparison.Ordinal);
    }

    private sealed class SyncProgress(Action<RunProgress> report) : IProgress<RunProgress>
    {
        public void Report(RunProgress value) => report(value);
    }
}
