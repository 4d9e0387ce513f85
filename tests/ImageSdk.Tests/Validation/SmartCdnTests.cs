using System.Linq;
using ImageSdk.Tables;
using ImageSdk.Validation;
using Xunit;
using static ImageSdk.Tests.Validation.ValidationErrors;

namespace ImageSdk.Tests.Validation;

/// <summary>
/// Transloadit's Smart CDN rules (its linter's lintSmartCdn, @transloadit/node 4.12.0): an assembly with a /file/serve step
/// allows only the robots whose definitions say so, and at most 20 steps. The linter's verdict on each input is in the comments.
/// </summary>
public class SmartCdnTests
{
    [Fact]
    public void A_robot_not_allowed_beside_file_serve_is_IMG1107_at_its_robot()
    {
        // linter: smart-cdn-robot-not-allowed, Robot "/upload/handle" is not allowed in Smart CDN Assemblies
        const string Json = "{\"steps\": {\n  \":original\": {\"robot\": \"/upload/handle\"},\n  \"served\": {\"robot\": \"/file/serve\", \"use\": \":original\"}\n}}";

        var error = Assert.Single(Errors(Json));

        Assert.Equal(("IMG1107", "/steps/:original/robot", 2, 26), (error.Code, error.Path, error.Line, error.Column));
        Assert.Equal("step ':original' uses /upload/handle, which Transloadit does not allow in an assembly with a /file/serve step (Smart CDN); remove the step, or serve the files from another assembly", error.Message);
    }

    [Fact]
    public void Without_file_serve_the_same_robot_is_taken()
    {
        // linter: success
        Assert.Empty(Errors("{\"steps\": {\":original\": {\"robot\": \"/upload/handle\"}, \"resized\": {\"robot\": \"/image/resize\", \"use\": \":original\", \"width\": 300}}}"));
    }

    [Fact]
    public void A_smart_cdn_pipeline_of_allowed_robots_is_valid()
    {
        // linter: success (with its warning that ${fields.input} is the CDN path, which this import uses)
        Assert.Empty(Errors("""
            {"steps": {
              "imported": {"robot": "/http/import", "url": "https://example.com${fields.input}"},
              "generated": {"robot": "/image/generate", "use": "imported", "prompt": "a sketch of it"},
              "resized": {"robot": "/image/resize", "use": "generated", "width": 300},
              "served": {"robot": "/file/serve", "use": "resized"}
            }}
            """));
    }

    [Theory]
    [InlineData(20, false)] // linter: success
    [InlineData(21, true)] // linter: smart-cdn-max-steps-exceeded, "limited to 20 steps, but found 21 steps"
    public void More_than_twenty_steps_beside_file_serve_is_IMG1108_at_steps(int count, bool rejected)
    {
        var steps = Enumerable.Range(1, count - 1).Select(i => $"\"s{i}\": {{\"robot\": \"/http/import\", \"url\": \"https://example.com/{i}\"}}");
        var json = "{\"steps\": {\"served\": {\"robot\": \"/file/serve\", \"use\": \"s1\"}, " + string.Join(", ", steps) + "}}";

        var errors = Errors(json);

        if (rejected)
        {
            var error = Assert.Single(errors);
            Assert.Equal(("IMG1108", "/steps", 1, 11), (error.Code, error.Path, error.Line, error.Column));
            Assert.Equal("an assembly with a /file/serve step (Smart CDN) has at most 20 steps; this one has 21", error.Message);
        }
        else
        {
            Assert.Empty(errors);
        }
    }

    [Fact]
    public void The_robots_allowed_come_from_the_schema()
    {
        // From each definition's isAllowedForUrlTransform (x-imagesdk-smart-cdn); the curated two as the linter judges them.
        Assert.True(SchemaTables.FindRobot("/image/generate")!.AllowedInSmartCdn);
        Assert.True(SchemaTables.FindRobot("/file/serve")!.AllowedInSmartCdn);
        Assert.False(SchemaTables.FindRobot("/upload/handle")!.AllowedInSmartCdn);
        Assert.True(SchemaTables.FindRobot("/s3/store")!.AllowedInSmartCdn); // linter: no smart-cdn error beside /file/serve
        Assert.Equal(14, SchemaTables.RobotNames.Count(name => !SchemaTables.FindRobot(name)!.AllowedInSmartCdn) - 1); // 14 imported (the two tigris robots as the linter finds them), and /upload/handle
        Assert.False(SchemaTables.FindRobot("/tigris/store")!.AllowedInSmartCdn);
        Assert.Equal(("/file/serve", 20), (SchemaTables.SmartCdnRobot, SchemaTables.SmartCdnMaxSteps));
    }
}
