using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using ImageSdk.Cli;

namespace ImageSdk.Tests;

public class ModelsCommandTests
{
    private static (int ExitCode, string Stdout, string Stderr) Run(params string[] args) => CliHarness.Run(null, args);

    [Fact]
    public void Models_json_lists_every_catalog_model_with_aliases_providers_and_capabilities()
    {
        var (code, stdout, stderr) = Run("models", "--json");

        Assert.Equal(0, code);
        Assert.Equal(string.Empty, stderr);
        using var document = JsonDocument.Parse(stdout);
        var models = document.RootElement.EnumerateArray().ToList();
        Assert.Equal(ImageSdk.Tables.SchemaTables.Models.Select(m => m.Id), models.Select(m => m.GetProperty("id").GetString()));
        var gpt = models.Single(m => m.GetProperty("id").GetString() == "openai/gpt-image-2");
        Assert.Equal(new[] { "gpt-image-2" }, gpt.GetProperty("aliases").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal(new[] { "openai", "replicate" }, gpt.GetProperty("providers").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal(10, gpt.GetProperty("maxOutputsPerCall").GetInt32());
        Assert.Equal(16, gpt.GetProperty("size").GetProperty("multipleOf").GetInt32());
        var recraft = models.Single(m => m.GetProperty("id").GetString() == "recraft-v3");
        Assert.Equal("svg", recraft.GetProperty("defaultFormat").GetString());
        Assert.Equal(19, recraft.GetProperty("styles").GetArrayLength());
        var inpainting = models.Single(m => m.GetProperty("id").GetString() == "stability-ai/stable-diffusion-inpainting");
        Assert.Equal(new[] { "image", "mask" }, inpainting.GetProperty("requiredInputs").EnumerateArray().Select(a => a.GetString()));
    }

    [Fact]
    public void Models_prints_a_table_with_one_row_per_model()
    {
        var (code, stdout, _) = Run("models");

        Assert.Equal(0, code);
        foreach (var id in new[] { "google/nano-banana-pro", "openai/gpt-image-2", "flux-1.1-pro-ultra", "recraft-v3" })
        {
            Assert.Contains(id, stdout, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("models", "--bogus")]
    [InlineData("no-such-command")]
    public void Usage_errors_exit_2_with_a_message_and_no_stack_trace(params string[] args)
    {
        var (code, _, stderr) = Run(args);

        Assert.Equal(2, code);
        Assert.Contains("imagesdk: ", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
    }
}
