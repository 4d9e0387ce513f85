using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using ImageSdk.Running;
using ImageSdk.Tests.Providers;
using Microsoft.Extensions.DependencyInjection;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using Xunit;

namespace ImageSdk.Tests.Running;

/// <summary>
/// Runs as Transloadit runs them: which steps the results list, <c>interpolate</c>, roles by upload field before <c>as</c>,
/// other roles and bundles sent in one call, and numbers Transloadit accepts unchecked in strings.
/// </summary>
public sealed class TransloaditSemanticsTests() : FakeProviderTests("imagesdk-semantics-")
{
    private Task<AssemblyResult> OfflineAsync(string json, params RunUpload[] uploads) =>
        new AssemblyRunner().RunAsync(Encoding.UTF8.GetBytes(json), uploads, new RunOptions { OutputDirectory = Out, Provider = "offline" });

    private static RunUpload Png(string field, string name, Rgba32 colour, int width = 64, int height = 48)
    {
        using var image = new Image<Rgba32>(width, height, colour);
        using var buffer = new MemoryStream();
        image.SaveAsPng(buffer);
        return RunUpload.FromBytes(field, name, buffer.ToArray());
    }

    [Fact]
    public async Task The_results_list_leaf_steps_and_those_with_result_true_or_debug_and_every_file_is_still_written()
    {
        var result = await OfflineAsync("""
            {"steps": {
              "base": {"robot": "/image/generate", "prompt": "a", "model": "flux-schnell"},
              "kept": {"robot": "/image/generate", "prompt": "b", "model": "flux-schnell", "result": "debug"},
              "refined": {"robot": "/image/generate", "prompt": "c", "model": "google/nano-banana", "use": ["base", "kept"]},
              "hidden": {"robot": "/image/generate", "prompt": "d", "model": "flux-schnell", "result": false}
            }}
            """);

        Assert.True(result.Completed, result.Message);
        Assert.Equal(new[] { "kept", "refined" }, result.Results.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(2, result.Results["refined"].Count);
        Assert.Equal(new[] { "base", "hidden", "kept", "refined" }, Directory.GetDirectories(Out).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Interpolate_false_keeps_a_value_literal_and_a_map_decides_per_parameter()
    {
        var result = await RunAsync("""
            {"steps": {
              "literal": {"robot": "/image/generate", "prompt": "Write ${fields.animal} on a sign", "model": "google/nano-banana", "interpolate": false},
              "mixed": {"robot": "/image/generate", "prompt": "A ${fields.animal}", "model": "google/nano-banana", "num_outputs": "${fields.n}", "interpolate": {"prompt": "true"}}
            },
            "fields": {"animal": "fox", "n": 2}}
            """);

        Assert.True(result.Completed, result.Message);
        var prompts = Fake.Received("google").Select(r => r["contents"]![0]!["parts"]![0]!["text"]!.GetValue<string>()).ToList();
        Assert.Contains("Write ${fields.animal} on a sign", prompts);
        Assert.Equal(2, prompts.Count(p => p == "A fox"));
        Assert.Equal(2, result.Results["mixed"].Count);
    }

    [Fact]
    public async Task A_number_transloadit_takes_unchecked_in_a_string_fails_the_step_when_it_runs_and_a_whole_one_runs()
    {
        var bad = await OfflineAsync("""{"steps": {"g": {"robot": "/image/generate", "prompt": "a", "num_outputs": "11"}}}""");
        var good = await OfflineAsync("""{"steps": {"g": {"robot": "/image/generate", "prompt": "a", "num_outputs": "2.0"}}}""");

        Assert.False(bad.Completed);
        Assert.Equal("IMAGE_GENERATE_VALIDATION", bad.Error);
        Assert.Contains("num_outputs is 11; it must be an integer from 1 to 10", bad.Message, StringComparison.Ordinal);
        Assert.True(good.Completed, good.Message);
        Assert.Equal(2, good.Results["g"].Count);
    }

    [Fact]
    public async Task The_upload_field_decides_the_role_before_as_and_a_separate_mask_reaches_the_edit()
    {
        // The mask upload is listed "as": "image" too; its field ("mask") wins, as Transloadit documents.
        var result = await RunAsync(
            """{"steps": {":original": {"robot": "/upload/handle"}, "g": {"robot": "/image/generate", "prompt": "sea", "model": "openai/gpt-image-2", "use": [{"name": ":original", "as": "image"}]}}}""",
            Png("image", "photo.png", new Rgba32(200, 40, 40)),
            Png("mask", "mask.png", new Rgba32(255, 255, 255)));

        Assert.True(result.Completed, result.Message);
        var edit = Assert.Single(Fake.Received("openai"));
        Assert.Equal(1, edit["image_count"]!.GetValue<int>());
        Assert.True(edit["mask_has_alpha"]!.GetValue<bool>()); // the mask went to the edit, in OpenAI's convention
        Assert.Equal("photo", Assert.Single(result.Results["g"]).Basename);
    }

    [Fact]
    public async Task Another_role_goes_to_gemini_in_the_same_call_described_in_the_prompt()
    {
        var result = await RunAsync(
            """
            {"steps": {":original": {"robot": "/upload/handle"}, "g": {"robot": "/image/generate", "prompt": "Paint it in this style", "model": "google/nano-banana-pro",
              "use": [{"name": ":original", "fields": "photo", "as": "image"}, {"name": ":original", "fields": "look", "as": "style_reference"}]}}}
            """,
            Png("photo", "photo.png", new Rgba32(200, 40, 40)),
            Png("look", "look.png", new Rgba32(40, 40, 200)));

        Assert.True(result.Completed, result.Message);
        var parts = Assert.Single(Fake.Received("google"))["contents"]![0]!["parts"]!.AsArray();
        Assert.Equal(3, parts.Count);
        Assert.Equal(
            "Input files: image: photo.png (image/png, upload field \"photo\"); style_reference: look.png (image/png, upload field \"look\").\nPaint it in this style",
            parts[0]!["text"]!.GetValue<string>());
        Assert.All(parts.Skip(1), p => Assert.Equal("image/png", p!["inlineData"]!["mimeType"]!.GetValue<string>()));
    }

    [Theory]
    [InlineData("google/nano-banana-pro", "google")]
    [InlineData("openai/gpt-image-2", "openai")]
    public async Task Bundle_steps_sends_every_bundled_image_in_one_call(string model, string provider)
    {
        var result = await RunAsync(
            """{"steps": {":original": {"robot": "/upload/handle"}, "g": {"robot": "/image/generate", "prompt": "Combine them", "model": "MODEL", "use": {"steps": [":original"], "bundle_steps": true}}}}""".Replace("MODEL", model, StringComparison.Ordinal),
            Png("a", "a.png", new Rgba32(200, 40, 40)),
            Png("b", "b.png", new Rgba32(40, 200, 40)),
            Png("c", "c.png", new Rgba32(40, 40, 200)));

        Assert.True(result.Completed, result.Message);
        var call = Assert.Single(Fake.Received(provider));
        var images = provider == "google" ? call["contents"]![0]!["parts"]!.AsArray().Count(p => p!["inlineData"] is not null) : call["image_count"]!.GetValue<int>();
        Assert.Equal(3, images);
        Assert.Single(result.Results["g"]);
    }

    [Fact]
    public async Task A_step_whose_use_yields_no_files_makes_none_and_a_step_named_original_feeds_its_users()
    {
        var empty = await OfflineAsync("""{"steps": {"t": {"robot": "/image/generate", "prompt": "a"}, "g": {"robot": "/image/generate", "prompt": "b", "use": []}}}""");
        var shadow = await OfflineAsync("""{"steps": {":original": {"robot": "/image/generate", "prompt": "a", "model": "flux-schnell"}, "g": {"robot": "/image/generate", "prompt": "b", "model": "google/nano-banana", "use": ":original"}}}""");

        Assert.True(empty.Completed, empty.Message);
        Assert.Empty(empty.Results["g"]);
        Assert.Contains(empty.Warnings, w => w.Contains("its use gave it no image", StringComparison.Ordinal));
        Assert.True(shadow.Completed, shadow.Message);
        Assert.Equal("_original", Assert.Single(shadow.Results["g"]).Basename); // made from the step named :original (its safe file name): the run has no uploads
    }
}
