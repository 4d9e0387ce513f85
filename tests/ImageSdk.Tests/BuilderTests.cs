using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using ImageSdk.Tables;
using ImageSdk.Validation;

namespace ImageSdk.Tests;

public class BuilderTests
{
    private static JsonNode Sample(string name) =>
        JsonNode.Parse(File.ReadAllText(Samples.Path("assemblies/" + name)))!;

    /// <summary>The acceptance test of the schema-and-generator issue.</summary>
    [Fact]
    public void The_seed_inpainting_example_written_with_the_builders_equals_seed_inpaint_json()
    {
        var assembly = new AssemblyBuilder()
            .Step(new UploadHandleStep())
            .Step("inpainted", new ImageGenerateStep()
                .Use(ImageGenerateInput.Image(":original"), ImageGenerateInput.Mask(":original"))
                .Model(ImageModel.GoogleNanoBananaPro)
                .Prompt("Replace the masked area with a breaching whale. Keep the rest of the image unchanged.")
                .Format(ImageFormat.Png));

        var json = JsonNode.Parse(assembly.ToJson())!;

        Assert.True(JsonNode.DeepEquals(Sample("seed-inpaint.json"), json), json.ToJsonString());
        Assert.True(SchemaOracle.Evaluate(SchemaOracle.AssemblySchemaId, JsonDocument.Parse(assembly.ToJson()).RootElement).IsValid);
    }

    [Fact]
    public void Keys_are_written_in_schema_order_whatever_the_call_order()
    {
        var step = new ImageGenerateStep().NumOutputs(2).Seed(7).Prompt("p").Use(":original").Model("flux-schnell");

        var json = new AssemblyBuilder().Quiet(true).Step("g", step).Field("size", 3).ToJson(indented: false);

        Assert.Equal(
            """{"steps":{"g":{"robot":"/image/generate","use":":original","model":"flux-schnell","prompt":"p","seed":7,"num_outputs":2}},"fields":{"size":3},"quiet":true}""",
            json);
    }

    [Fact]
    public void Interpolations_are_accepted_for_numbers_booleans_and_enums()
    {
        var step = new ImageGenerateStep()
            .Prompt("${fields.prompt}")
            .Seed(Interpolation.Field("seed"))
            .NumOutputs(Interpolation.Parse("${fields.n}"))
            .Format(Interpolation.Field("format"))
            .ForceAccept(Interpolation.Field("accept"));

        var json = JsonNode.Parse(new AssemblyBuilder().Step("g", step).ToJson())!["steps"]!["g"]!;

        Assert.Equal("${fields.prompt}", json["prompt"]!.GetValue<string>());
        Assert.Equal("${fields.seed}", json["seed"]!.GetValue<string>());
        Assert.Equal("${fields.n}", json["num_outputs"]!.GetValue<string>());
        Assert.Equal("${fields.format}", json["format"]!.GetValue<string>());
        Assert.Equal("${fields.accept}", json["force_accept"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("seed")]
    [InlineData("no variable here")]
    [InlineData("${}")]
    public void Interpolation_Parse_rejects_text_without_a_variable(string text)
    {
        var ex = Assert.Throws<ArgumentException>(() => Interpolation.Parse(text));
        Assert.Contains("${fields.name}", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Use_takes_its_four_forms()
    {
        string Use(ImageGenerateStep step) => JsonNode.Parse(new AssemblyBuilder().Step("g", step.Prompt("p")).ToJson())!["steps"]!["g"]!["use"]!.ToJsonString();

        Assert.Equal("\":original\"", Use(new ImageGenerateStep().Use(":original")));
        Assert.Equal("[\"a\",\"b\"]", Use(new ImageGenerateStep().Use("a", "b")));
        Assert.Equal("[{\"name\":\"a\",\"as\":\"image\",\"fields\":\"photo\"},{\"name\":\"b\"}]", Use(new ImageGenerateStep().Use(ImageGenerateInput.Image("a", "photo"), new ImageGenerateInput("b"))));
        Assert.Equal(
            "{\"steps\":[\":original\"],\"bundle_steps\":true,\"group_by_original\":false,\"fields\":[\"photo\"]}",
            Use(new ImageGenerateStep().Use(StepUse.Bundle(StepUse.Steps(":original"), bundleSteps: true, groupByOriginal: false, fields: new[] { "photo" }))));
    }

    [Fact]
    public void Output_meta_and_ignore_errors_take_each_of_their_forms()
    {
        JsonNode Step(ImageGenerateStep step) => JsonNode.Parse(new AssemblyBuilder().Step("g", step.Prompt("p")).ToJson())!["steps"]!["g"]!;

        Assert.Equal("[\"has_transparency\",\"blurhash\"]", Step(new ImageGenerateStep().OutputMeta(OutputMetaField.HasTransparency, OutputMetaField.Blurhash))["output_meta"]!.ToJsonString());
        Assert.Equal("{\"dominant_colors\":true}", Step(new ImageGenerateStep().OutputMeta(new Dictionary<string, bool> { ["dominant_colors"] = true }))["output_meta"]!.ToJsonString());
        Assert.Equal("false", Step(new ImageGenerateStep().OutputMeta(false))["output_meta"]!.ToJsonString());
        Assert.Equal("[\"meta\",\"execute\"]", Step(new ImageGenerateStep().IgnoreErrors(IgnoredError.Meta, IgnoredError.Execute))["ignore_errors"]!.ToJsonString());
        Assert.Equal("\"batch\"", Step(new ImageGenerateStep().Queue(StepQueue.Batch))["queue"]!.ToJsonString());
    }

    [Fact]
    public void Setting_a_parameter_twice_keeps_the_last_value_and_a_step_name_twice_keeps_its_place()
    {
        var assembly = new AssemblyBuilder()
            .Step("a", new ImageGenerateStep().Prompt("first").Prompt("second"))
            .Step("b", new ImageGenerateStep().Prompt("b"))
            .Step("a", new ImageGenerateStep().Prompt("replaced"));

        Assert.Equal(
            """{"steps":{"a":{"robot":"/image/generate","prompt":"replaced"},"b":{"robot":"/image/generate","prompt":"b"}}}""",
            assembly.ToJson(indented: false));
        Assert.Equal("second", new ImageGenerateStep().Prompt("first").Prompt("second")["prompt"]!.Value);
    }

    [Fact]
    public void The_model_type_resolves_aliases_and_keeps_models_newer_than_the_catalog()
    {
        Assert.Equal("openai/gpt-image-2", ImageModel.FromName("gpt-image-2").Id);
        Assert.Equal(ImageModel.OpenAIGptImage2, ImageModel.FromName("gpt-image-2"));
        Assert.Equal("acme/next-model", ImageModel.FromName("acme/next-model").Id);
        Assert.Null(ImageModel.FromName("acme/next-model").Spec);
        Assert.Equal(SchemaTables.Models.Select(m => m.Id), ImageModel.All.Select(m => m.Id));
        Assert.Equal(new[] { "image", "mask" }, ImageModel.StabilityAIStableDiffusionInpainting.Spec!.Capabilities.RequiredInputs);
    }

    [Fact]
    public void The_rule_tables_hold_the_schema_data()
    {
        var generate = SchemaTables.FindRobot("/image/generate")!;
        var numOutputs = generate.FindParameter("num_outputs")!;

        Assert.Equal(1d, numOutputs.Minimum);
        Assert.Equal(10d, numOutputs.Maximum);
        Assert.True(numOutputs.Accepts(ValueForms.Interpolation));
        Assert.True(numOutputs.Accepts(ValueForms.IntegerString));
        Assert.True(generate.FindParameter("prompt")!.Required);
        Assert.Equal(new[] { "image", "mask" }, generate.FindParameter("use")!.UseRoles);
        Assert.Equal(new[] { "jpeg", "jpg", "png", "gif", "webp", "svg" }, generate.FindParameter("format")!.EnumValues);
        Assert.Equal(":original", SchemaTables.FindRobot("/upload/handle")!.RequiredStepName);
        Assert.Equal("google/nano-banana", SchemaTables.DefaultModel);
        Assert.Equal(new[] { "steps", "fields", "notify_url", "notification_payload", "quiet", "template_id", "auth", "allow_steps_override" }, System.Linq.Enumerable.Select(SchemaTables.AssemblyKeys, k => k.Name));
        Assert.Equal("recraft-v3", System.Linq.Enumerable.Single(SchemaTables.Models, m => System.Linq.Enumerable.Contains(m.Capabilities.Formats, "svg")).Id);
    }

    [Fact]
    public void A_parameter_that_takes_null_writes_null_through_its_enum_its_string_or_its_json_overload()
    {
        // acl and compress: an enum that also allows null (the nullable enum overload); frame: an integer, a string of digits
        // or null (the string overload); blur_regions: an array or null (the JsonNode overload).
        var store = new GoogleStoreStep().Use("r").Acl(null);
        var resize = new ImageResizeStep().Compress(null).Frame(null).BlurRegions((JsonNode?)null);
        var typed = new ImageResizeStep().Compress(ImageResizeCompress.Zip).Frame(2).BlurRegions(new JsonArray());

        var json = JsonNode.Parse(new AssemblyBuilder().Step("stored", store).Step("resized", resize).Step("typed", typed).ToJson())!["steps"]!;

        Assert.Equal("""{"robot":"/google/store","use":"r","acl":null}""", json["stored"]!.ToJsonString());
        Assert.Equal("""{"robot":"/image/resize","frame":null,"compress":null,"blur_regions":null}""", json["resized"]!.ToJsonString());
        Assert.Equal("""{"robot":"/image/resize","frame":2,"compress":"Zip","blur_regions":[]}""", json["typed"]!.ToJsonString());
        Assert.True(AssemblyValidator.Validate(new AssemblyBuilder().Step(new UploadHandleStep()).Step("r", new ImageResizeStep().Use(":original").Compress(null)).Step("stored", store.Credentials("gcs")).ToJson()).IsValid);
    }

    [Fact]
    public void An_integer_with_a_minimum_alone_takes_an_int_and_a_long_and_one_within_int_bounds_an_int()
    {
        var json = new AssemblyBuilder().Step("g", new ImageGenerateStep().Prompt("p").Width(5_000_000_000L).Height(512)).ToJson(indented: false);

        Assert.Contains("\"width\":5000000000,\"height\":512", json, StringComparison.Ordinal);
        var generate = SchemaTables.FindRobot("/image/generate")!;
        Assert.Equal(BuilderArguments.Int32 | BuilderArguments.Int64, generate.FindParameter("width")!.Arguments & (BuilderArguments.Int32 | BuilderArguments.Int64));
        Assert.Equal(BuilderArguments.Int32, generate.FindParameter("num_outputs")!.Arguments & (BuilderArguments.Int32 | BuilderArguments.Int64)); // 1 to 10
        Assert.True(SchemaTables.FindRobot("/google/store")!.FindParameter("acl")!.Takes(BuilderArguments.NullableEnum));
        Assert.False(SchemaTables.FindRobot("/s3/store")!.FindParameter("acl")!.Takes(BuilderArguments.NullableEnum)); // no null there
    }
}
