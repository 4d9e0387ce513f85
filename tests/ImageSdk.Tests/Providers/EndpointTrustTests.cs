using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using ImageSdk.Providers;
using ImageSdk.Running;
using ImageSdk.Tests.Remote;
using Microsoft.Extensions.DependencyInjection;

namespace ImageSdk.Tests.Providers;

/// <summary>
/// The trust rule of endpoints (issue 28): a key goes only to an endpoint set in a place at least as trusted as the key's
/// own (options in code, then the process environment, then a <c>.env</c> file). A <c>.env</c> in a cloned repository
/// that points an endpoint at another host must not receive a key from the user's shell: the run fails before any call,
/// naming both sources, and the host sees nothing. Every endpoint that is not the real host is named with its source.
/// </summary>
public sealed class EndpointTrustTests : IAsyncLifetime
{
    private readonly string _work = Directory.CreateTempSubdirectory("imagesdk-trust-").FullName;
    private RecordingServer _attacker = null!;
    private FakeProviderServer _fake = null!;

    public async Task InitializeAsync()
    {
        _attacker = await RecordingServer.StartAsync();
        _fake = await FakeProviderServer.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _attacker.DisposeAsync();
        await _fake.DisposeAsync();
        Directory.Delete(_work, recursive: true);
    }

    public static TheoryData<string, string, string, string> Attacks() => new()
    {
        { "OPENAI_API_KEY", FakeProviderServer.OpenAIKey, "IMAGESDK_OPENAI_ENDPOINT", "gpt-image-2" },
        { "GEMINI_API_KEY", FakeProviderServer.GoogleKey, "IMAGESDK_GOOGLE_ENDPOINT", "google/nano-banana" },
        { "GOOGLE_API_KEY", FakeProviderServer.GoogleKey, "IMAGESDK_GOOGLE_ENDPOINT", "google/nano-banana" },
        { "REPLICATE_API_TOKEN", FakeProviderServer.ReplicateKey, "IMAGESDK_REPLICATE_ENDPOINT", "flux-schnell" },
        { "TRANSLOADIT_SECRET", FakeTransloadit.Secret, "TRANSLOADIT_ENDPOINT", "remote" },
    };

    [Theory]
    [MemberData(nameof(Attacks))]
    public void A_dotenv_endpoint_never_receives_a_key_from_the_environment_and_the_run_names_both_sources(string keyVariable, string key, string endpointVariable, string model)
    {
        // The user's shell holds the key; the cloned repository's .env points the endpoint at another host.
        File.WriteAllText(Path.Combine(_work, ".env"), $"# looks harmless\n{endpointVariable}={_attacker.Endpoint.AbsoluteUri}\n");
        var environment = new Dictionary<string, string> { [keyVariable] = key, [endpointVariable] = string.Empty };
        if (model == "remote")
        {
            environment["TRANSLOADIT_KEY"] = FakeTransloadit.Key;
        }

        var assembly = Path.Combine(_work, "a.json");
        File.WriteAllText(assembly, """{"steps": {"g": {"robot": "/image/generate", "prompt": "A fox", "model": "MODEL"}}}""".Replace("MODEL", model == "remote" ? "flux-schnell" : model, StringComparison.Ordinal));
        string[] args = model == "remote" ? ["run", assembly, "--json", "--out", "out", "--remote", "transloadit"] : ["run", assembly, "--json", "--out", "out"];

        var (code, output, stdout) = ProviderCliTests.Cli(_fake.Endpoint, _work, environment, args);

        Assert.Empty(_attacker.Requests); // nothing at all, so no key, no signature
        Assert.False(_attacker.Saw(key));
        Assert.Equal(2, code);
        using var json = JsonDocument.Parse(stdout);
        Assert.Equal("PROVIDER_CONFIGURATION_INVALID", json.RootElement.GetProperty("error").GetString());
        var message = json.RootElement.GetProperty("message").GetString()!;
        Assert.Contains(endpointVariable + " in the .env file", message, StringComparison.Ordinal);
        Assert.Contains(keyVariable + " in the environment", message, StringComparison.Ordinal);
        Assert.DoesNotContain(key, output, StringComparison.Ordinal);
        Assert.Empty(Directory.Exists(Path.Combine(_work, "out")) ? Directory.GetFiles(Path.Combine(_work, "out"), "*", SearchOption.AllDirectories) : []);
    }

    [Fact]
    public void Generate_and_assemblies_refuse_the_same_attack_before_any_call()
    {
        File.WriteAllText(Path.Combine(_work, ".env"), $"export IMAGESDK_GOOGLE_ENDPOINT=\"{_attacker.Endpoint.AbsoluteUri}v1beta\"\nTRANSLOADIT_ENDPOINT='{_attacker.Endpoint.AbsoluteUri}'\n");
        var environment = new Dictionary<string, string>
        {
            ["GOOGLE_API_KEY"] = FakeProviderServer.GoogleKey,
            ["IMAGESDK_GOOGLE_ENDPOINT"] = string.Empty,
            ["TRANSLOADIT_KEY"] = FakeTransloadit.Key,
            ["TRANSLOADIT_SECRET"] = FakeTransloadit.Secret,
        };

        var (generate, generated, _) = ProviderCliTests.Cli(_fake.Endpoint, _work, environment, "generate", "--prompt", "A fox", "--model", "google/nano-banana", "-o", "fox.png");
        var (get, got, _) = ProviderCliTests.Cli(_fake.Endpoint, _work, environment, "assemblies", "get", "a1b2c3");

        Assert.Empty(_attacker.Requests);
        Assert.Equal((2, 2), (generate, get));
        Assert.Contains("GOOGLE_API_KEY in the environment", generated, StringComparison.Ordinal);
        Assert.Contains("TRANSLOADIT_SECRET in the environment", got, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_work, "fox.png")));
    }

    [Theory]
    [InlineData(CredentialSource.Options, CredentialSource.Options, true)]
    [InlineData(CredentialSource.Options, CredentialSource.Environment, false)]
    [InlineData(CredentialSource.Options, CredentialSource.DotEnv, false)]
    [InlineData(CredentialSource.Environment, CredentialSource.Options, true)]
    [InlineData(CredentialSource.Environment, CredentialSource.Environment, true)]
    [InlineData(CredentialSource.Environment, CredentialSource.DotEnv, false)]
    [InlineData(CredentialSource.DotEnv, CredentialSource.Options, true)]
    [InlineData(CredentialSource.DotEnv, CredentialSource.Environment, true)]
    [InlineData(CredentialSource.DotEnv, CredentialSource.DotEnv, true)]
    [InlineData(CredentialSource.Environment, CredentialSource.None, true)]
    public void A_key_goes_only_to_an_endpoint_at_least_as_trusted_as_itself(CredentialSource keyFrom, CredentialSource endpointFrom, bool allowed)
    {
        var options = new ImageSdkOptions { WorkingDirectory = _work };
        var environment = new Dictionary<string, string>();
        var dotEnv = new List<string>();
        Put(keyFrom, "OPENAI_API_KEY", FakeProviderServer.OpenAIKey, v => options.OpenAI.ApiKey = v);
        Put(endpointFrom, "IMAGESDK_OPENAI_ENDPOINT", _attacker.Endpoint.AbsoluteUri, v => options.OpenAI.Endpoint = new Uri(v));
        File.WriteAllLines(Path.Combine(_work, ".env"), dotEnv);

        var settings = ProviderCredentials.Resolve("openai", options, name => environment.GetValueOrDefault(name));

        Assert.Equal((keyFrom, endpointFrom), (settings.Source, settings.EndpointSource));
        Assert.Equal(allowed, settings.Problem is null);
        if (!allowed)
        {
            Assert.Contains(endpointFrom == CredentialSource.DotEnv ? "IMAGESDK_OPENAI_ENDPOINT in the .env file" : "IMAGESDK_OPENAI_ENDPOINT in the environment", settings.Problem, StringComparison.Ordinal);
            Assert.Contains(keyFrom == CredentialSource.Options ? "the options set in code" : "OPENAI_API_KEY in the environment", settings.Problem, StringComparison.Ordinal);
            Assert.DoesNotContain(FakeProviderServer.OpenAIKey, settings.Problem, StringComparison.Ordinal);
        }

        void Put(CredentialSource where, string name, string value, Action<string> set)
        {
            switch (where)
            {
                case CredentialSource.Options: set(value); break;
                case CredentialSource.Environment: environment[name] = value; break;
                case CredentialSource.DotEnv: dotEnv.Add($"{name}={value}"); break;
            }
        }
    }

    [Fact]
    public async Task A_key_set_in_code_is_not_sent_to_a_dotenv_endpoint_the_runner_is_refused_before_any_call()
    {
        File.WriteAllText(Path.Combine(_work, ".env"), $"IMAGESDK_GOOGLE_ENDPOINT={_attacker.Endpoint.AbsoluteUri}\nTRANSLOADIT_ENDPOINT={_attacker.Endpoint.AbsoluteUri}\n");
        using (var services = new ServiceCollection().AddImageSdk(o => (o.WorkingDirectory, o.Google.ApiKey) = (_work, FakeProviderServer.GoogleKey)).BuildServiceProvider())
        {
            var refused = Assert.Throws<ArgumentException>(() => services.GetRequiredService<AssemblyRunner>());
            Assert.Contains("IMAGESDK_GOOGLE_ENDPOINT in the .env file", refused.Message, StringComparison.Ordinal);
            Assert.Contains("the options set in code", refused.Message, StringComparison.Ordinal);
        }

        using (var services = new ServiceCollection().AddImageSdk(o => (o.WorkingDirectory, o.Transloadit.Key, o.Transloadit.Secret) = (_work, FakeTransloadit.Key, FakeTransloadit.Secret)).BuildServiceProvider())
        {
            var refused = Assert.Throws<ArgumentException>(() => services.GetRequiredService<ImageSdk.Remote.TransloaditClient>());
            Assert.Contains("TRANSLOADIT_ENDPOINT in the .env file", refused.Message, StringComparison.Ordinal);
        }

        // The same .env with its own key is the user's own choice, and is used.
        File.WriteAllText(Path.Combine(_work, ".env"), $"IMAGESDK_GOOGLE_ENDPOINT={_fake.Endpoint.AbsoluteUri}\nGEMINI_API_KEY={FakeProviderServer.GoogleKey}\n");
        using (var services = new ServiceCollection().AddImageSdk(o => o.WorkingDirectory = _work).BuildServiceProvider())
        {
            var google = services.GetServices<IImageProvider>().OfType<GoogleImageProvider>().Single();
            Assert.Equal((CredentialSource.DotEnv, CredentialSource.DotEnv), (google.Settings.Source, google.Settings.EndpointSource));
        }

        Assert.Empty(_attacker.Requests);
        await Task.CompletedTask;
    }

    [Fact]
    public void Providers_names_every_endpoint_that_is_not_the_real_host_with_its_source_and_the_refused_combination()
    {
        File.WriteAllText(Path.Combine(_work, ".env"), $"IMAGESDK_REPLICATE_ENDPOINT={_attacker.Endpoint.AbsoluteUri}\nTRANSLOADIT_ENDPOINT=http://user:hunter2pass@127.0.0.1:9/\n");
        var environment = new Dictionary<string, string> { ["REPLICATE_API_TOKEN"] = FakeProviderServer.ReplicateKey, ["IMAGESDK_REPLICATE_ENDPOINT"] = string.Empty, ["IMAGESDK_GOOGLE_ENDPOINT"] = string.Empty };

        var (code, output, stdout) = ProviderCliTests.Cli(_fake.Endpoint, _work, environment, "providers", "--json");

        Assert.Equal(1, code);
        using var list = JsonDocument.Parse(stdout);
        var byName = list.RootElement.EnumerateArray().ToDictionary(p => p.GetProperty("name").GetString()!);
        Assert.Equal(("default", "https://generativelanguage.googleapis.com/"), (byName["google"].GetProperty("endpoint_source").GetString(), byName["google"].GetProperty("endpoint").GetString()));
        Assert.Equal(("env", "IMAGESDK_OPENAI_ENDPOINT"), (byName["openai"].GetProperty("endpoint_source").GetString(), byName["openai"].GetProperty("endpoint_variable").GetString()));
        var replicate = byName["replicate"];
        Assert.Equal((".env", "IMAGESDK_REPLICATE_ENDPOINT", _attacker.Endpoint.AbsoluteUri), (replicate.GetProperty("endpoint_source").GetString(), replicate.GetProperty("endpoint_variable").GetString(), replicate.GetProperty("endpoint").GetString()));
        Assert.Contains("REPLICATE_API_TOKEN in the environment", replicate.GetProperty("problem").GetString(), StringComparison.Ordinal);
        var transloadit = byName["transloadit"];
        Assert.Equal((".env", "http://127.0.0.1:9/", false), (transloadit.GetProperty("endpoint_source").GetString(), transloadit.GetProperty("endpoint").GetString(), transloadit.TryGetProperty("problem", out _)));
        Assert.Contains("IMAGESDK_REPLICATE_ENDPOINT in the .env file", output[stdout.Length..], StringComparison.Ordinal); // on stderr too
        Assert.DoesNotContain("hunter2pass", output, StringComparison.Ordinal);
        Assert.DoesNotContain(FakeProviderServer.ReplicateKey, output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_run_names_each_endpoint_that_is_not_the_real_host_on_stderr()
    {
        var assembly = Path.Combine(_work, "a.json");
        File.WriteAllText(assembly, """{"steps": {"g": {"robot": "/image/generate", "prompt": "A fox", "model": "flux-schnell"}}}""");
        File.WriteAllText(Path.Combine(_work, ".env"), $"TRANSLOADIT_ENDPOINT={_attacker.Endpoint.AbsoluteUri}\n");

        var (code, output, stdout) = ProviderCliTests.Cli(_fake.Endpoint, _work, new Dictionary<string, string> { ["REPLICATE_API_TOKEN"] = FakeProviderServer.ReplicateKey }, "run", assembly, "--json", "--out", "out");

        Assert.True(code == 0, output);
        var stderr = output[stdout.Length..];
        Assert.Contains($"replicate is reached at {_fake.Endpoint.AbsoluteUri} (IMAGESDK_REPLICATE_ENDPOINT in the environment)", stderr, StringComparison.Ordinal);
        Assert.Contains("openai is reached at", stderr, StringComparison.Ordinal);
        Assert.Contains($"transloadit is reached at {_attacker.Endpoint.AbsoluteUri} (TRANSLOADIT_ENDPOINT in the .env file)", stderr, StringComparison.Ordinal);
        Assert.Empty(_attacker.Requests);
    }

    [Fact]
    public void An_endpoint_that_is_not_a_url_is_shown_without_its_user_info()
    {
        var assembly = Path.Combine(_work, "a.json");
        File.WriteAllText(assembly, """{"steps": {"g": {"robot": "/image/generate", "prompt": "x"}}}""");

        var (code, output, _) = ProviderCliTests.Cli(_fake.Endpoint, _work, new Dictionary<string, string> { ["IMAGESDK_OPENAI_ENDPOINT"] = "htps:/user:hunter2pass@api.example.com" }, "run", assembly, "--json");

        Assert.Equal(2, code);
        Assert.Contains("IMAGESDK_OPENAI_ENDPOINT is not an http(s) URL", output, StringComparison.Ordinal);
        Assert.Contains("@api.example.com", output, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2pass", output, StringComparison.Ordinal);
    }
}
