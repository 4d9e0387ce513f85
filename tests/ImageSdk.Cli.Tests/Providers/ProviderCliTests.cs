using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;

namespace ImageSdk.Tests.Providers;

/// <summary>
/// <c>imagesdk run</c> and <c>imagesdk providers</c> as a user runs them: a separate process whose keys come from the
/// environment or a <c>.env</c> file and whose endpoints come from <c>IMAGESDK_*_ENDPOINT</c> (with a trailing /v1 too).
/// </summary>
public sealed class ProviderCliTests : IAsyncLifetime
{
    private readonly string _work = Directory.CreateTempSubdirectory("imagesdk-provider-cli-").FullName;
    private FakeProviderServer _fake = null!;

    public async Task InitializeAsync() => _fake = await FakeProviderServer.StartAsync();

    public async Task DisposeAsync()
    {
        await _fake.DisposeAsync();
        Directory.Delete(_work, recursive: true);
    }

    /// <summary>
    /// Runs the CLI in its own process in <paramref name="directory"/>, the endpoints pointed at the fakes, no key but those
    /// given (a variable given as empty is unset); returns the exit code, stdout and stderr together, and stdout alone.
    /// </summary>
    internal static (int Code, string Output, string Stdout) Cli(Uri endpoint, string directory, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var cli = CliHarness.Dll;
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(cli);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var name in new[] { "GEMINI_API_KEY", "GOOGLE_API_KEY", "OPENAI_API_KEY", "REPLICATE_API_TOKEN" })
        {
            info.Environment.Remove(name);
        }

        info.Environment["IMAGESDK_GOOGLE_ENDPOINT"] = endpoint.AbsoluteUri.TrimEnd('/') + "/v1beta";
        info.Environment["IMAGESDK_OPENAI_ENDPOINT"] = endpoint.AbsoluteUri.TrimEnd('/') + "/v1";
        info.Environment["IMAGESDK_REPLICATE_ENDPOINT"] = endpoint.AbsoluteUri;
        foreach (var name in new[] { "TRANSLOADIT_KEY", "TRANSLOADIT_SECRET", "TRANSLOADIT_ENDPOINT" })
        {
            info.Environment.Remove(name);
        }

        foreach (var (name, value) in environment)
        {
            if (value.Length == 0)
            {
                info.Environment.Remove(name);
            }
            else
            {
                info.Environment[name] = value;
            }
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("imagesdk " + string.Join(' ', args));
        }

        return (process.ExitCode, stdout.Result + stderr.Result, stdout.Result);
    }

    private (int Code, string Output, string Stdout) Run(IReadOnlyDictionary<string, string> environment, params string[] args) => Cli(_fake.Endpoint, _work, environment, args);

    [Fact]
    public void Run_json_through_each_provider_with_keys_from_env_and_dotenv()
    {
        File.WriteAllText(Path.Combine(_work, ".env"), $"# keys\nexport REPLICATE_API_TOKEN=\"{FakeProviderServer.ReplicateKey}\"\n");
        var assembly = Path.Combine(_work, "a.json");
        File.WriteAllText(assembly, """
            {"steps": {
              "fox": {"robot": "/image/generate", "prompt": "A fox", "model": "flux-schnell", "num_outputs": 3, "format": "jpeg"},
              "cat": {"robot": "/image/generate", "prompt": "A cat", "model": "gpt-image-2", "num_outputs": 2},
              "owl": {"robot": "/image/generate", "prompt": "An owl", "model": "google/nano-banana"}
            }}
            """);

        var (code, output, stdout) = Run(new Dictionary<string, string> { ["GEMINI_API_KEY"] = FakeProviderServer.GoogleKey, ["OPENAI_API_KEY"] = FakeProviderServer.OpenAIKey }, "run", assembly, "--json", "--out", "out");

        Assert.True(code == 0, output);
        using var result = JsonDocument.Parse(stdout);
        var results = result.RootElement.GetProperty("results");
        Assert.Equal(3, results.GetProperty("fox").GetArrayLength());
        Assert.All(results.GetProperty("fox").EnumerateArray(), f => Assert.Equal("jpg", f.GetProperty("ext").GetString()));
        Assert.Equal(2, results.GetProperty("cat").GetArrayLength());
        Assert.Equal("google", results.GetProperty("owl")[0].GetProperty("meta").GetProperty("provider").GetString());
        Assert.Equal((1, 1, 1), (_fake.Creates["replicate"], _fake.Creates["openai"], _fake.Creates["google"]));
        foreach (var key in new[] { FakeProviderServer.GoogleKey, FakeProviderServer.OpenAIKey, FakeProviderServer.ReplicateKey })
        {
            Assert.DoesNotContain(key, output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Run_provider_sets_the_default_route_and_a_named_provider_without_a_key_exits_1()
    {
        var assembly = Path.Combine(_work, "a.json");
        File.WriteAllText(assembly, """{"steps": {"g": {"robot": "/image/generate", "prompt": "A fox", "model": "google/nano-banana"}}}""");

        var (code, output, _) = Run(new Dictionary<string, string> { ["GEMINI_API_KEY"] = FakeProviderServer.GoogleKey, ["REPLICATE_API_TOKEN"] = FakeProviderServer.ReplicateKey }, "run", assembly, "--json", "--out", "out", "--provider", "replicate");
        Assert.True(code == 0, output);
        Assert.Equal(1, _fake.Creates["replicate"]);
        Assert.False(_fake.Creates.ContainsKey("google"));

        (code, output, _) = Run(new Dictionary<string, string>(), "run", assembly, "--json", "--out", "out", "--provider", "google");
        Assert.Equal(1, code);
        Assert.Contains("PROVIDER_NOT_CONFIGURED", output, StringComparison.Ordinal);

        (code, output, _) = Run(new Dictionary<string, string>(), "run", assembly, "--json", "--provider", "dalle");
        Assert.Equal(2, code);
        Assert.Contains("not a provider", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_remote_run_without_transloadit_keys_exits_1_saying_where_the_keys_go()
    {
        var assembly = Path.Combine(_work, "a.json");
        File.WriteAllText(assembly, """{"steps": {"g": {"robot": "/image/generate", "prompt": "A fox", "model": "flux-schnell"}}}""");

        var (code, output, _) = Run(new Dictionary<string, string>(), "run", assembly, "--remote", "transloadit");

        Assert.Equal(1, code);
        Assert.Contains(
            "TRANSLOADIT_NOT_CONFIGURED: Transloadit needs an auth key and secret: set TRANSLOADIT_KEY and TRANSLOADIT_SECRET (in the environment or a .env file in the working folder), or ImageSdkOptions.Transloadit in code",
            output,
            StringComparison.Ordinal); // the options' real name, not a type a user cannot set on its own
    }

    [Fact]
    public void Providers_json_says_where_each_key_came_from_and_never_shows_one()
    {
        File.WriteAllText(Path.Combine(_work, ".env"), $"OPENAI_API_KEY={FakeProviderServer.OpenAIKey}\n");

        var (code, output, stdout) = Run(new Dictionary<string, string> { ["GOOGLE_API_KEY"] = FakeProviderServer.GoogleKey }, "providers", "--json");

        Assert.True(code == 0, output);
        using var list = JsonDocument.Parse(stdout);
        var byName = list.RootElement.EnumerateArray().ToDictionary(p => p.GetProperty("name").GetString()!);
        Assert.Equal(("env", "GOOGLE_API_KEY", true), (byName["google"].GetProperty("source").GetString(), byName["google"].GetProperty("variable").GetString(), byName["google"].GetProperty("configured").GetBoolean()));
        Assert.Equal((".env", true), (byName["openai"].GetProperty("source").GetString(), byName["openai"].GetProperty("configured").GetBoolean()));
        Assert.Equal(("none", false), (byName["replicate"].GetProperty("source").GetString(), byName["replicate"].GetProperty("configured").GetBoolean()));
        Assert.Equal(_fake.Endpoint.AbsoluteUri, byName["openai"].GetProperty("endpoint").GetString()); // the trailing /v1 is dropped
        Assert.Contains("flux-schnell", byName["replicate"].GetProperty("models").EnumerateArray().Select(m => m.GetString()));
        Assert.True(byName["offline"].GetProperty("configured").GetBoolean());
        Assert.DoesNotContain(FakeProviderServer.GoogleKey, output, StringComparison.Ordinal);
        Assert.DoesNotContain(FakeProviderServer.OpenAIKey, output, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_dry_run_prints_each_steps_route_calls_and_images_and_calls_nothing()
    {
        var assembly = Path.Combine(_work, "a.json");
        File.WriteAllText(assembly, """
            {"steps": {":original": {"robot": "/upload/handle"},
              "a": {"robot": "/image/generate", "prompt": "x", "model": "flux-schnell", "num_outputs": 6},
              "b": {"robot": "/image/generate", "prompt": "x", "model": "google/nano-banana", "use": ":original", "num_outputs": 2},
              "c": {"robot": "/image/generate", "prompt": "x", "model": "gpt-image-2", "use": "a", "provider": "openai"}}}
            """);
        var image = Samples.CoastWithHole;

        var (code, output, stdout) = Run(new Dictionary<string, string> { ["REPLICATE_API_TOKEN"] = FakeProviderServer.ReplicateKey, ["OPENAI_API_KEY"] = FakeProviderServer.OpenAIKey }, "run", assembly, "--dry-run", "--json", "--file", image, "--file", "photo=" + image);

        Assert.True(code == 0, output);
        using var plan = JsonDocument.Parse(stdout);
        var steps = plan.RootElement.GetProperty("steps").EnumerateArray().ToDictionary(s => s.GetProperty("step").GetString()!);
        Assert.Equal(("replicate", "black-forest-labs/flux-schnell", 2, 6), (steps["a"].GetProperty("provider").GetString(), steps["a"].GetProperty("provider_model").GetString(), steps["a"].GetProperty("calls").GetInt32(), steps["a"].GetProperty("images").GetInt32()));
        Assert.Equal(("replicate", 2, 4, 4), (steps["b"].GetProperty("provider").GetString(), steps["b"].GetProperty("invocations").GetInt32(), steps["b"].GetProperty("calls").GetInt32(), steps["b"].GetProperty("images").GetInt32()));
        Assert.Equal(JsonValueKind.Null, steps["c"].GetProperty("calls").ValueKind); // its inputs are a's outputs
        Assert.Equal("openai", steps["c"].GetProperty("provider").GetString());
        Assert.Empty(_fake.Creates);
    }

    [Fact]
    public void A_provider_endpoint_that_is_not_a_url_and_an_unknown_remote_are_usage_errors()
    {
        var assembly = Path.Combine(_work, "a.json");
        File.WriteAllText(assembly, """{"steps": {"g": {"robot": "/image/generate", "prompt": "x"}}}""");

        var (code, output, _) = Run(new Dictionary<string, string> { ["IMAGESDK_OPENAI_ENDPOINT"] = "not a url" }, "run", assembly, "--json", "--out", "out");
        Assert.Equal(2, code);
        Assert.Contains("PROVIDER_CONFIGURATION_INVALID", output, StringComparison.Ordinal);
        Assert.Contains("IMAGESDK_OPENAI_ENDPOINT", output, StringComparison.Ordinal);

        (code, output, _) = Run(new Dictionary<string, string>(), "run", assembly, "--json", "--remote", "elsewhere");
        Assert.Equal(2, code);
        Assert.Contains("REMOTE_NOT_SUPPORTED", output, StringComparison.Ordinal);
    }

    [Fact]
    public void The_cli_run_against_echoing_fakes_with_keys_from_the_environment_prints_no_key()
    {
        const string WrongKey = "sk-wrong-key-that-must-not-leak-42";
        _fake.EchoKeys = true; // the fake puts the key it was sent into its error body
        var assembly = Path.Combine(_work, "a.json");
        File.WriteAllText(assembly, """{"steps": {"g": {"robot": "/image/generate", "prompt": "x", "model": "gpt-image-2"}}}""");
        var (code, output, _) = Cli(_fake.Endpoint, _work, new Dictionary<string, string> { ["OPENAI_API_KEY"] = WrongKey }, "run", assembly, "--json", "--out", Path.Combine(_work, "o"));

        Assert.Equal(1, code);
        Assert.Contains("PROVIDER_AUTH_FAILED", output, StringComparison.Ordinal);
        Assert.DoesNotContain(WrongKey, output, StringComparison.Ordinal);
        Assert.Contains("[redacted]", output, StringComparison.Ordinal);
    }
}
