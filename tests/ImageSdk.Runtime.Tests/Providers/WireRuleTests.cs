using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using ImageSdk.Providers;
using ImageSdk.Running;
using Microsoft.Extensions.DependencyInjection;
using NetVips;

namespace ImageSdk.Tests.Providers;

/// <summary>
/// Requests the live APIs accept (issue 28): the fakes answer what the live service would reject with its status and error
/// body, so each run here completes only when the request is one the live API takes.
/// </summary>
public sealed class WireRuleTests() : FakeProviderTests("imagesdk-wire-")
{
    // These runs send and fake-decode real photo sizes on a loaded machine.
    private protected override Action<ImageSdkOptions>? Tweak => GenerousTimeouts;

    private static string Step(string parameters) => """{"steps": {"g": {"robot": "/image/generate", "prompt": "A red fox" """ + parameters + "}}}";

    private static string Edit(string parameters) =>
        """{"steps": {":original": {"robot": "/upload/handle"}, "g": {"robot": "/image/generate", "use": ":original", "prompt": "Make it autumn" """ + parameters + "}}}";

    private static (int Width, int Height) SizeOf(string path)
    {
        using var image = Image.NewFromFile(path);
        return (image.Width, image.Height);
    }

    /// <summary>A photo-like image (noise, so that it compresses as a photo does) in the given format.</summary>
    internal static byte[] Photo(int width, int height, string suffix = ".jpg")
    {
        using var noise = Image.Gaussnoise(width, height, mean: 128, sigma: 40);
        using var rgb = noise.Bandjoin(noise.Rot180().Resize(1), noise.Flip(Enums.Direction.Horizontal)).Cast(Enums.BandFormat.Uchar);
        return rgb.WriteToBuffer(suffix);
    }

    /// <summary>A one-band image, white in the rectangle and black around it.</summary>
    internal static Image Rect(int width, int height, int left, int top, int w, int h) =>
        (Image.Black(w, h) + 255).Cast(Enums.BandFormat.Uchar).Embed(left, top, width, height);

    // ---- 1. gpt-image-2 sizes ---------------------------------------------------------------------------------------

    [Theory]
    [InlineData("16:9", "1536x864")]
    [InlineData("9:16", "864x1536")]
    [InlineData("3:2", "1536x1024")]
    [InlineData("1:1", "1024x1024")]
    public async Task A_gpt_image_2_ratio_request_asks_for_a_legal_size_of_at_least_the_default_pixels(string ratio, string sent)
    {
        var result = await RunAsync(Step($$""", "model": "gpt-image-2", "aspect_ratio": "{{ratio}}" """));

        Assert.True(result.Completed, result.Message);
        Assert.Equal(sent, Assert.Single(Fake.Received("openai"))["size"]!.GetValue<string>());
        var (w, h) = SizeOf(Assert.Single(result.Results["g"]).Path!);
        Assert.Equal(sent, $"{w}x{h}");
    }

    [Theory]
    [InlineData(512, 512)]
    [InlineData(1008, 592)]
    [InlineData(3840, 640)]
    [InlineData(3840, 3840)]
    public async Task A_gpt_image_2_size_the_api_refuses_is_asked_as_a_legal_one_and_delivered_as_asked(int width, int height)
    {
        var result = await RunAsync(Step($$""", "model": "gpt-image-2", "width": {{width}}, "height": {{height}} """));

        Assert.True(result.Completed, result.Message);
        var sent = Assert.Single(Fake.Received("openai"))["size"]!.GetValue<string>();
        Assert.Null(FakeProviderServer.SizeProblem(sent));
        Assert.Equal((width, height), SizeOf(Assert.Single(result.Results["g"]).Path!));
    }

    [Fact]
    public void Every_size_gpt_image_2_is_asked_for_is_legal()
    {
        for (var w = 16; w <= 3840; w += 112)
        {
            for (var h = 16; h <= 3840; h += 144)
            {
                foreach (var min in new[] { OpenAIImageProvider.MinPixels, OpenAIImageProvider.DefaultPixels })
                {
                    var (aw, ah) = OpenAIImageProvider.ApiSize(w, h, min);
                    Assert.True(FakeProviderServer.SizeProblem($"{aw}x{ah}") is null, $"{w}x{h} -> {aw}x{ah}: {FakeProviderServer.SizeProblem($"{aw}x{ah}")}");
                    Assert.True((long)aw * ah >= Math.Min(min, OpenAIImageProvider.MaxPixels), $"{w}x{h} -> {aw}x{ah} has fewer than {min} pixels");
                }
            }
        }

        Assert.Equal((1536, 1024), OpenAIImageProvider.ApiSize(1536, 1024, OpenAIImageProvider.MinPixels)); // legal as asked
        Assert.Equal((1536, 864), OpenAIImageProvider.ApiSize(1024, 576, OpenAIImageProvider.DefaultPixels));
    }

    // ---- 2. OpenAI edit parts ---------------------------------------------------------------------------------------

    [Theory]
    [InlineData("scan")]
    [InlineData("photo.gif")]
    [InlineData("x.heic")]
    public async Task An_openai_edit_of_png_bytes_under_any_name_sends_the_part_typed_by_its_bytes(string name)
    {
        var png = Photo(640, 480, ".png");
        var result = await RunAsync(Edit(""", "model": "gpt-image-2" """), RunUpload.FromBytes("image", name, png));

        Assert.True(result.Completed, result.Message);
        var sent = Assert.Single(Fake.Received("openai"));
        Assert.Equal("[\"image/png\"]", sent["image_types"]!.ToJsonString());
        Assert.StartsWith("Input files: image: " + name, sent["prompt"]!.GetValue<string>(), StringComparison.Ordinal); // the roles, as every provider sends them
    }

    // ---- 3. OpenAI masks --------------------------------------------------------------------------------------------

    [Fact]
    public async Task An_openai_inpaint_of_a_large_jpeg_without_an_extension_sends_a_png_and_a_small_alpha_mask_of_its_size()
    {
        var mask = Rect(2048, 1536, 600, 400, 500, 300).PngsaveBuffer();
        var result = await RunAsync(
            Edit(""", "model": "gpt-image-2", "format": "png" """),
            RunUpload.FromBytes("image", "upload", Photo(2048, 1536)),
            RunUpload.FromBytes("mask", "mask", mask));

        Assert.True(result.Completed, result.Message);
        var sent = Assert.Single(Fake.Received("openai"));
        Assert.Equal(("2048x1536", true), (sent["image_size"]!.GetValue<string>(), sent["mask_has_alpha"]!.GetValue<bool>()));
        Assert.True(sent["mask_bytes"]!.GetValue<int>() < 256 * 1024, $"the mask is {sent["mask_bytes"]} bytes");
        Assert.Equal((2048, 1536), SizeOf(Assert.Single(result.Results["g"]).Path!));
    }

    [Fact]
    public void The_transparent_edits_mask_is_alpha_only()
    {
        using var photo = Image.NewFromBuffer(Photo(300, 200));
        using var area = Rect(300, 200, 10, 10, 50, 50);
        var mask = ImageGenerateExecutor.MaskFor(MaskConvention.TransparentEdits, photo, area, null)!;

        using var decoded = Image.NewFromBuffer(mask.Bytes);
        Assert.Equal((300, 200, 4), (decoded.Width, decoded.Height, decoded.Bands));
        Assert.Equal((0.0, 0.0), (decoded.ExtractBand(0, n: 3).Min(), decoded.ExtractBand(0, n: 3).Max())); // constant RGB
        Assert.Equal(0.0, decoded.ExtractBand(3).Getpoint(20, 20)[0]); // edited: transparent
        Assert.Equal(255.0, decoded.ExtractBand(3).Getpoint(200, 150)[0]); // kept: opaque
    }

    // ---- 4. Gemini imageSize ----------------------------------------------------------------------------------------

    [Fact]
    public async Task A_gemini_2_5_edit_of_a_1600x1200_photo_completes_without_an_image_size()
    {
        var result = await RunAsync(Edit(""", "model": "google/nano-banana", "provider": "google" """), RunUpload.FromBytes("image", "photo.jpg", Photo(1600, 1200)));

        Assert.True(result.Completed, result.Message);
        var config = Assert.Single(Fake.Received("google"))["generationConfig"]!;
        Assert.Null(config["imageConfig"]?["imageSize"]);
    }

    [Theory]
    [InlineData("google/nano-banana-pro", "", "1K")] // an edit of a 3000 px photo buys no larger tier unasked
    [InlineData("google/nano-banana-pro", """, "width": 4000, "height": 3000""", "4K")]
    [InlineData("google/nano-banana-2", """, "width": 500, "height": 400""", "512")]
    [InlineData("google/nano-banana", """, "width": 4000, "height": 3000""", null)]
    public async Task The_gemini_tier_comes_from_what_the_step_asked_for_and_the_routes_tiers(string model, string size, string? tier)
    {
        var result = await RunAsync(Edit($$""", "model": "{{model}}", "provider": "google" {{size}}"""), RunUpload.FromBytes("image", "photo.jpg", Photo(3000, 2000)));

        Assert.True(result.Completed, result.Message);
        Assert.Equal(tier, Assert.Single(Fake.Received("google"))["generationConfig"]!["imageConfig"]?["imageSize"]?.GetValue<string>());
    }

    [Theory]
    [InlineData("google/nano-banana-pro", "", "1K")] // Replicate's default would be 2K
    [InlineData("google/nano-banana-2", """, "width": 2048, "height": 1536""", "2K")]
    public async Task Nano_banana_on_replicate_always_gets_a_resolution_from_what_was_asked(string model, string size, string resolution)
    {
        var result = await RunAsync(Step($$""", "model": "{{model}}", "provider": "replicate", "format": "jpeg" {{size}}"""));

        Assert.True(result.Completed, result.Message);
        var input = Assert.Single(Fake.Received("replicate"))["input"]!;
        Assert.Equal((resolution, "jpg"), (input["resolution"]!.GetValue<string>(), input["output_format"]!.GetValue<string>()));
    }

    // ---- 5. recraft-v3-svg styles on Replicate ----------------------------------------------------------------------

    [Theory]
    [InlineData("line_circuit", "line_circuit")]
    [InlineData("vector_illustration/line_art", "line_art")]
    [InlineData("vector_illustration/engraving", "engraving")]
    public async Task A_recraft_svg_style_is_sent_as_the_svg_route_names_it(string style, string sent)
    {
        var result = await RunAsync(Step($$""", "model": "recraft-v3", "format": "svg", "style": "{{style}}" """));

        Assert.True(result.Completed, result.Message);
        var body = Assert.Single(Fake.Received("replicate"));
        Assert.Equal(("recraft-ai/recraft-v3-svg", sent), (body["model_path"]!.GetValue<string>(), body["input"]!["style"]!.GetValue<string>()));
        Assert.Equal(style != sent, result.Warnings.Any(w => w.Contains($"'{sent}' was sent", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_recraft_svg_style_the_route_lacks_stops_the_step_before_any_paid_call()
    {
        var result = await RunAsync(Step(""", "model": "recraft-v3", "format": "svg", "style": "vector_illustration/bold_stroke" """));

        Assert.False(result.Completed);
        Assert.Contains("takes no style 'vector_illustration/bold_stroke' for svg; its styles: any, engraving, line_art, line_circuit, linocut", result.Message, StringComparison.Ordinal);
        Assert.False(Fake.Creates.ContainsKey("replicate"));
    }

    [Theory]
    [InlineData("vector_illustration/bold_stroke", "the run refuses it before any provider call")]
    [InlineData("vector_illustration/linocut", "the run sends 'linocut'")]
    public void The_validator_warns_of_a_recraft_svg_style_the_route_lacks(string style, string outcome)
    {
        var findings = ImageSdk.Validation.AssemblyValidator.Validate(Encoding.UTF8.GetBytes(Step($$""", "model": "recraft-v3", "format": "svg", "style": "{{style}}" """))).Findings;

        var finding = Assert.Single(findings, f => f.Code == "IMG1508");
        Assert.Contains(outcome, finding.Message, StringComparison.Ordinal);
        Assert.Contains("styles: any, engraving, line_art, line_circuit, linocut", finding.Message, StringComparison.Ordinal);
    }

    // ---- 6. Replicate edits keep the aspect ratio -------------------------------------------------------------------

    [Fact]
    public async Task A_replicate_gpt_image_2_edit_of_a_3_2_photo_asks_for_3_2_and_is_not_stretched()
    {
        var result = await RunAsync(Edit(""", "model": "openai/gpt-image-2", "provider": "replicate", "format": "png" """), RunUpload.FromBytes("image", "photo.jpg", Photo(1500, 1000)));

        Assert.True(result.Completed, result.Message);
        var input = Assert.Single(Fake.Received("replicate"))["input"]!;
        Assert.Equal("3:2", input["aspect_ratio"]!.GetValue<string>());
        Assert.Single(input["input_images"]!.AsArray());
        var (w, h) = SizeOf(Assert.Single(result.Results["g"]).Path!);
        Assert.Equal(1.5, (double)w / h, 1);
    }

    [Fact]
    public async Task Flux_ultra_keeps_an_explicit_ratio_with_an_image_prompt()
    {
        var result = await RunAsync(Edit(""", "model": "flux-1.1-pro-ultra", "aspect_ratio": "16:9", "format": "jpeg" """), RunUpload.FromBytes("image", "photo.jpg", Photo(800, 800)));

        Assert.True(result.Completed, result.Message);
        var input = Assert.Single(Fake.Received("replicate"))["input"]!;
        Assert.Equal(("16:9", "jpg"), (input["aspect_ratio"]!.GetValue<string>(), input["output_format"]!.GetValue<string>()));
        Assert.NotEmpty(input["image_prompt"]!.GetValue<string>()); // one URI, not an array
    }

    [Fact]
    public async Task Recraft_gets_its_size_for_width_and_height_instead_of_a_ratio_it_would_override()
    {
        var result = await RunAsync(Step(""", "model": "recraft-v3", "format": "webp", "width": 2048, "height": 1024 """));

        Assert.True(result.Completed, result.Message);
        var input = Assert.Single(Fake.Received("replicate"))["input"]!;
        Assert.Equal("2048x1024", input["size"]!.GetValue<string>());
        Assert.Null(input["aspect_ratio"]);
    }

    // ---- 8. determinism and orientation -----------------------------------------------------------------------------

    [Fact]
    public async Task Flux_schnell_asks_for_determinism_since_its_files_claim_their_seed()
    {
        var result = await RunAsync(Step(""", "model": "flux-schnell", "seed": 42 """));

        Assert.True(result.Completed, result.Message);
        var input = Assert.Single(Fake.Received("replicate"))["input"]!;
        Assert.Equal((42L, false), (input["seed"]!.GetValue<long>(), input["go_fast"]!.GetValue<bool>()));
        Assert.Equal(42L, (long)Assert.Single(result.Results["g"]).Meta["seed"]!);
    }

    /// <summary>A JPEG stored 200x100 whose EXIF orientation (6) says it is shown rotated 90 degrees clockwise: 100x200.</summary>
    private static byte[] RotatedJpeg()
    {
        using var photo = Image.NewFromBuffer(Photo(200, 100));
        using var tagged = photo.Mutate(m => m.Set(GValue.GIntType, "orientation", 6));
        return tagged.JpegsaveBuffer();
    }

    [Fact]
    public void A_rotated_jpeg_is_decoded_upright()
    {
        using var decoded = ImageSdk.Imaging.ImageOps.DecodeToFit(RotatedJpeg(), "rotated.jpg", 100_000_000, 100_000_000, 4096, TimeSpan.FromSeconds(30));

        Assert.Equal((100, 200), (decoded.Width, decoded.Height));
    }

    [Fact]
    public async Task A_rotated_jpeg_and_its_mask_go_to_the_provider_upright_and_of_one_size()
    {
        var mask = Rect(100, 200, 10, 10, 50, 80).PngsaveBuffer(); // drawn on the photo as it is shown
        var result = await RunAsync(
            Edit(""", "model": "gpt-image-2", "format": "png" """),
            RunUpload.FromBytes("image", "phone.jpg", RotatedJpeg()),
            RunUpload.FromBytes("mask", "mask.png", mask));

        Assert.True(result.Completed, result.Message);
        Assert.Equal("100x200", Assert.Single(Fake.Received("openai"))["image_size"]!.GetValue<string>());
        Assert.Equal((100, 200), SizeOf(Assert.Single(result.Results["g"]).Path!));
    }
}
