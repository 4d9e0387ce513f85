using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using ImageSdk.Providers;
using ImageSdk.Running;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ImageSdk.Tests.Running;

/// <summary>
/// One planner: a step runs from the plan its executor makes, and the dry run is those plans, so the two agree on the
/// cases where they once diverged. Remote-only robots are refused before any provider call, skipped with LocalOnly, and
/// executors are an extension point registered in DI.
/// </summary>
public sealed class PipelinePlanTests : IDisposable
{
    private readonly string _out = Directory.CreateTempSubdirectory("imagesdk-pipeline-").FullName;

    public void Dispose() => Directory.Delete(_out, recursive: true);

    private RunOptions Options(bool localOnly = false) => new() { OutputDirectory = _out, Provider = "offline", LocalOnly = localOnly };

    /// <summary>The dry run's verdict on a step and the run's outcome for it, made from the same input.</summary>
    private async Task<(StepPlan Plan, AssemblyResult Result)> PlanAndRunAsync(AssemblyRunner runner, string json, params RunUpload[] uploads)
    {
        var plan = runner.Plan(json, uploads, Options());
        var result = await runner.RunAsync(json, uploads, Options());
        return (plan.Steps.Single(s => s.Step == "g"), result);
    }

    [Fact]
    public async Task A_mask_upload_field_given_as_image_is_a_mask_in_the_plan_and_the_run_alike()
    {
        // The upload field decides first, then as (Transloadit's rule): the file uploaded as "mask" is a mask, so there is no image.
        var runner = new AssemblyRunner();
        const string json = """{"steps": {"g": {"robot": "/image/generate", "model": "openai/gpt-image-2", "prompt": "a calm sea", "use": [{"name": ":original", "as": "image"}]}}}""";

        var (plan, result) = await PlanAndRunAsync(runner, json, new RunUpload("mask", Samples.CoastWithHole));

        Assert.False(runner.Plan(json, [new RunUpload("mask", Samples.CoastWithHole)], Options()).CanRun);
        Assert.Equal("IMAGE_GENERATE_VALIDATION: a mask was given but no image to inpaint", plan.Error);
        Assert.Equal("IMAGE_GENERATE_VALIDATION", result.Error);
        Assert.Equal("step 'g': a mask was given but no image to inpaint", result.Message);
        Assert.Equal(("mask", "mask"), (Assert.Single(plan.Inputs!).Role, plan.Inputs![0].Field));
    }

    [Fact]
    public async Task An_image_and_a_mask_upload_plan_one_inpainting_and_the_run_makes_what_the_plan_says()
    {
        var runner = new AssemblyRunner();
        const string json = """{"steps": {"g": {"robot": "/image/generate", "model": "openai/gpt-image-2", "prompt": "a calm sea", "num_outputs": "2", "use": [{"name": ":original", "as": "image"}]}}}""";

        var (plan, result) = await PlanAndRunAsync(runner, json, new RunUpload("image", Samples.CoastWithHole), new RunUpload("mask", Samples.CoastWithHole));

        Assert.Null(plan.Error);
        Assert.Equal(new[] { ("image", "image"), ("mask", "mask") }, plan.Inputs!.Select(i => (i.Field!, i.Role)));
        Assert.Equal((StepLocation.Provider, 1, 2), (plan.Location, plan.Invocations, plan.Images));
        Assert.True(result.Completed, result.Message);
        Assert.Equal(plan.Images, result.Results["g"].Count);
    }

    [Theory]
    [InlineData("\"11\"", "num_outputs is 11; it must be an integer from 1 to 10")]
    [InlineData("\"2.5\"", "num_outputs is 2.5; it must be an integer from 1 to 10")]
    [InlineData("\"0\"", "num_outputs is 0; it must be an integer from 1 to 10")]
    public async Task A_num_outputs_string_out_of_range_is_the_same_error_in_the_plan_and_the_run(string value, string message)
    {
        var runner = new AssemblyRunner();
        var json = """{"steps": {"g": {"robot": "/image/generate", "model": "flux-schnell", "prompt": "x", "num_outputs": VALUE}}}""".Replace("VALUE", value, StringComparison.Ordinal);

        var (plan, result) = await PlanAndRunAsync(runner, json);

        Assert.Equal("IMAGE_GENERATE_VALIDATION: " + message, plan.Error);
        Assert.Null(plan.Images);
        Assert.Equal(("IMAGE_GENERATE_VALIDATION", "step 'g': " + message), (result.Error, result.Message));
    }

    [Fact]
    public async Task A_num_outputs_string_in_range_plans_and_makes_the_same_images_and_calls()
    {
        var calls = new CountingOffline();
        var runner = new AssemblyRunner([calls]);
        const string json = """{"steps": {"g": {"robot": "/image/generate", "model": "flux-schnell", "prompt": "x", "num_outputs": "7"}}}""";

        var (plan, result) = await PlanAndRunAsync(runner, json);

        Assert.True(result.Completed, result.Message);
        Assert.Equal(7, plan.Images);
        Assert.Equal(plan.Images, result.Results["g"].Count);
        Assert.Equal(plan.Calls, calls.Calls);
    }

    private const string WithExport = """
        {"steps": {
          "g": {"robot": "/image/generate", "model": "flux-schnell", "prompt": "x"},
          "exported": {"robot": "/s3/store", "use": "g", "credentials": "my_s3", "path": "out/${file.name}"},
          "imported": {"robot": "/http/import", "url": "https://example.com/a.png"},
          "edited": {"robot": "/image/generate", "model": "flux-schnell", "prompt": "y", "use": "imported"}}}
        """;

    [Fact]
    public async Task A_local_run_with_remote_only_robots_stops_before_any_provider_call_with_a_finding_per_step()
    {
        var calls = new CountingOffline();
        var runner = new AssemblyRunner([calls]);

        var result = await runner.RunAsync(WithExport, options: Options());

        Assert.False(result.Completed);
        Assert.Equal("ROBOT_REMOTE_ONLY", result.Error);
        Assert.Equal(0, calls.Calls);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_out));
        Assert.Equal(new[] { "/steps/exported", "/steps/imported" }, result.Findings.Select(f => f.Path)); // JSON Pointers, as every finding's path
        Assert.All(result.Findings, f => Assert.Contains("--remote transloadit", f.Message, StringComparison.Ordinal));
        Assert.Contains("/s3/store", result.Findings[0].Message, StringComparison.Ordinal);
        Assert.Contains("/http/import", result.Findings[1].Message, StringComparison.Ordinal);
        Assert.Equal((3, 3), (result.Findings[0].Line, result.Findings[0].Column));

        var plan = runner.Plan(WithExport, options: Options());
        Assert.False(plan.CanRun);
        Assert.Equal(
            new[] { StepLocation.Provider, StepLocation.RemoteOnly, StepLocation.RemoteOnly, StepLocation.Provider },
            plan.Steps.Select(s => s.Location));
        Assert.StartsWith("ROBOT_REMOTE_ONLY: step 'exported': /s3/store", plan.Steps[1].Error, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(plan.ToJson());
        Assert.Equal("remote_only", json.RootElement.GetProperty("steps")[1].GetProperty("location").GetString());
        Assert.Equal("provider", json.RootElement.GetProperty("steps")[0].GetProperty("location").GetString());
    }

    [Fact]
    public async Task Local_only_runs_the_local_steps_lists_the_skipped_ones_and_their_consumers_get_no_files()
    {
        var calls = new CountingOffline();
        var runner = new AssemblyRunner([calls]);

        var result = await runner.RunAsync(WithExport, options: Options(localOnly: true));

        Assert.True(result.Completed, result.Message);
        Assert.Equal(new[] { ("exported", "/s3/store"), ("imported", "/http/import") }, result.SkippedSteps.Select(s => (s.Step, s.Robot)));
        Assert.Equal(1, calls.Calls); // g only: edited's use gave it nothing
        var written = Assert.Single(Directory.GetFiles(Path.Combine(_out, "g")));
        Assert.Equal(written, Assert.Single(result.Results["g"]).Path); // its only user was skipped: g is this run's leaf
        Assert.Empty(result.Results["edited"]);
        Assert.False(Directory.Exists(Path.Combine(_out, "exported")));
        Assert.Contains(result.Warnings, w => w.Contains("'edited'", StringComparison.Ordinal) && w.Contains("made none", StringComparison.Ordinal));
        using var json = JsonDocument.Parse(result.ToJson());
        Assert.Equal(new[] { "exported", "imported" }, json.RootElement.GetProperty("skipped_steps").EnumerateArray().Select(s => s.GetProperty("step").GetString()));

        var plan = runner.Plan(WithExport, options: Options(localOnly: true));
        Assert.True(plan.CanRun);
        Assert.Equal(
            new[] { StepLocation.Provider, StepLocation.Skipped, StepLocation.Skipped, StepLocation.Provider },
            plan.Steps.Select(s => s.Location));
    }

    [Fact]
    public async Task An_executor_registered_in_di_runs_its_robot_locally_from_its_own_plan()
    {
        using var services = new ServiceCollection()
            .AddImageSdk(o => o.ReadEnvironment = false)
            .BuildServiceProvider();
        var collection = new ServiceCollection().AddImageSdk(o => o.ReadEnvironment = false);
        collection.TryAddEnumerable(ServiceDescriptor.Singleton<IStepExecutor, HashExecutor>());
        using var withMine = collection.BuildServiceProvider();
        const string json = """{"steps": {"hashed": {"robot": "/file/hash", "use": ":original", "algorithm": "sha256"}}}""";
        var upload = new RunUpload("file", Samples.CoastWithHole);

        var without = await services.GetRequiredService<AssemblyRunner>().RunAsync(json, [upload], Options());
        var runner = withMine.GetRequiredService<AssemblyRunner>();
        var plan = runner.Plan(json, [upload], Options());
        var result = await runner.RunAsync(json, [upload], Options());

        Assert.Equal("ROBOT_REMOTE_ONLY", without.Error);
        Assert.Contains("/file/hash", runner.LocalRobots);
        Assert.Equal((StepLocation.Local, 1), (Assert.Single(plan.Steps).Location, plan.Steps[0].Images));
        Assert.True(result.Completed, result.Message);
        var file = Assert.Single(result.Results["hashed"]);
        var expected = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(Samples.CoastWithHole)));
        Assert.Equal(expected, File.ReadAllText(file.Path!));
        Assert.Equal(expected, file.Meta["hash"]);
        Assert.StartsWith(Path.Combine(_out, "hashed"), file.Path, StringComparison.Ordinal);
    }

    /// <summary>The schema of a robot of the user's own, as the generator emits it for its builder (<c>AcmeStampStep.Spec</c>).</summary>
    private static readonly ImageSdk.Tables.RobotSpec StampSpec = new("/acme/stamp", "Stamps text beside each file.", null, new ImageSdk.Tables.ParameterSpec[]
    {
        new("use", ImageSdk.Tables.ValueForms.Use, false, null, null, null, null, [], [], [], null, null, null, "The inputs.")
        {
            MemberName = "Use", EnumMembers = [], UseRoleMembers = [], Arguments = ImageSdk.Tables.BuilderArguments.StepNames | ImageSdk.Tables.BuilderArguments.Inputs, ArgumentTypeName = "StepInput",
        },
        new("text", ImageSdk.Tables.ValueForms.String | ImageSdk.Tables.ValueForms.Interpolation, true, null, null, 1, null, [], [], [], null, null, null, "The text.")
        {
            MemberName = "Text", EnumMembers = [], UseRoleMembers = [], Arguments = ImageSdk.Tables.BuilderArguments.String | ImageSdk.Tables.BuilderArguments.Interpolation, ArgumentTypeName = null,
        },
    })
    {
        BuilderTypeName = "AcmeStampStep",
    };

    [Fact]
    public async Task A_robot_of_the_users_own_schema_validates_plans_and_runs_with_its_executor_and_is_unknown_without_it()
    {
        const string json = """{"steps": {"stamped": {"robot": "/acme/stamp", "use": ":original", "text": "${fields.who}"}}, "fields": {"who": "acme"}}""";
        var upload = new RunUpload("file", Samples.CoastWithHole);
        var collection = new ServiceCollection().AddImageSdk(o => o.ReadEnvironment = false);
        collection.TryAddEnumerable(ServiceDescriptor.Singleton<IStepExecutor, StampExecutor>());
        using var services = collection.BuildServiceProvider();
        var runner = services.GetRequiredService<AssemblyRunner>();

        var unknown = await new AssemblyRunner().RunAsync(json, [upload], Options());
        var invalid = await runner.RunAsync("""{"steps": {"stamped": {"robot": "/acme/stamp", "use": ":original", "txt": "x"}}}""", [upload], Options());
        var plan = runner.Plan(json, [upload], Options());
        var result = await runner.RunAsync(json, [upload], Options());

        Assert.Equal("INVALID_ASSEMBLY_INSTRUCTIONS", unknown.Error);
        Assert.Contains(unknown.Findings, f => f.Code == "IMG1203"); // unknown robot: no executor brings its schema
        Assert.Equal("INVALID_ASSEMBLY_INSTRUCTIONS", invalid.Error);
        Assert.Contains(invalid.Findings, f => f.Path.Contains("txt", StringComparison.Ordinal));
        Assert.True(plan.CanRun);
        Assert.Equal(StepLocation.Local, Assert.Single(plan.Steps).Location);
        Assert.True(result.Completed, result.Message);
        Assert.Equal("coast-with-hole: acme", File.ReadAllText(Assert.Single(result.Results["stamped"]).Path!));
    }

    /// <summary>The executor of the user's own robot, with its schema.</summary>
    private sealed class StampExecutor : IStepExecutor
    {
        public string Robot => StampSpec.Name;

        public ImageSdk.Tables.RobotSpec Schema => StampSpec;

        public StepPlan Plan(StepContext context) => StepPlan.Local(context);

        public async Task<IReadOnlyList<ResultFile>> ExecuteAsync(StepPlan plan, StepContext context)
        {
            var files = new List<ResultFile>();
            foreach (var file in context.Inputs.SelectMany(i => i.Files!))
            {
                files.Add(await context.WriteFileAsync(file.Basename + ".txt", System.Text.Encoding.UTF8.GetBytes($"{file.Basename}: {context.GetString("text")}"), file));
            }

            return files;
        }
    }

    /// <summary>A user's executor for <c>/file/hash</c>, which the SDK runs only on Transloadit: one text file per input.</summary>
    private sealed class HashExecutor : IStepExecutor
    {
        public string Robot => FileHashStep.RobotName;

        public StepPlan Plan(StepContext context)
        {
            var algorithm = context.GetString(FileHashStep.ParameterNames.Algorithm) ?? "sha256";
            if (algorithm != "sha256")
            {
                return StepPlan.Failed(context, "FILE_HASH_VALIDATION", $"only sha256 runs here, not '{algorithm}'");
            }

            var files = context.Inputs.Any(i => i.Files is null) ? (int?)null : context.Inputs.Sum(i => i.Files!.Count);
            return StepPlan.Local(context) with { Invocations = files, Images = files };
        }

        public async Task<IReadOnlyList<ResultFile>> ExecuteAsync(StepPlan plan, StepContext context)
        {
            var written = new List<ResultFile>();
            foreach (var input in context.Inputs)
            {
                foreach (var file in input.Files!)
                {
                    var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(await File.ReadAllBytesAsync(file.Path!, context.CancellationToken)));
                    written.Add(await context.WriteFileAsync(file.Basename + ".sha256", System.Text.Encoding.ASCII.GetBytes(hash), file, new Dictionary<string, object?> { ["hash"] = hash }));
                }
            }

            return written;
        }
    }

    /// <summary>The offline renderer under its own name, counting its calls.</summary>
    private sealed class CountingOffline : IImageProvider
    {
        private readonly OfflineImageProvider _offline = new();
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public string Name => OfflineImageProvider.ProviderName;

        public bool IsConfigured => true;

        public int MaxConcurrency => 4;

        public Task<IReadOnlyList<ProviderImage>> GenerateAsync(ProviderRequest request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            return _offline.GenerateAsync(request, cancellationToken);
        }
    }
}
