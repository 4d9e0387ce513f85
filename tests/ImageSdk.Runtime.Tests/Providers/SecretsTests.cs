using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using ImageSdk.Providers;
using ImageSdk.Running;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ImageSdk.Tests.Providers;

/// <summary>
/// API keys never reach logs, exception messages, results, warnings or CLI output, even when the provider echoes them
/// back in its error bodies: every way a call can fail is run against fakes that echo keys, and everything surfaced is searched.
/// </summary>
public sealed class SecretsTests : FakeProviderTests
{
    private const string WrongKey = "sk-wrong-key-that-must-not-leak-42";
    public SecretsTests()
        : base("imagesdk-secrets-")
    {
    }


    /// <inheritdoc/>
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Fake.EchoKeys = true;
    }

    private static readonly string[] Keys = [FakeProviderServer.GoogleKey, FakeProviderServer.OpenAIKey, FakeProviderServer.ReplicateKey, WrongKey];

    [Fact]
    public async Task No_key_is_in_any_log_line_result_warning_or_exception_of_runs_that_fail_in_every_way()
    {
        var logs = new CapturingLogger();
        var surfaced = new List<string>();
        var models = new[] { ("google", "google/nano-banana"), ("openai", "gpt-image-2"), ("replicate", "flux-schnell") };
        foreach (var (provider, model) in models)
        {
            var route = provider == "replicate" ? "replicate.create" : provider;
            var runs = new (string Name, Action<ImageSdkOptions>? Tweak, Fault? Fault)[]
            {
                ("wrong key", o => o.For(provider)!.ApiKey = WrongKey, null),
                ("429 to the end", o => o.For(provider)!.MaxRetries = 0, new Fault(FaultKind.Status, 429, RetryAfter: "0")),
                ("500", null, new Fault(FaultKind.Status, 500)),
                ("503 to the end", o => o.For(provider)!.MaxRetries = 0, new Fault(FaultKind.Status, 503)),
                ("malformed", null, new Fault(FaultKind.MalformedJson)),
                ("timeout", o => o.For(provider)!.AttemptTimeout = TimeSpan.FromMilliseconds(300), new Fault(FaultKind.SlowFirstByte, Delay: TimeSpan.FromMinutes(1))),
                ("success", null, null),
            };
            foreach (var (name, tweak, fault) in runs)
            {
                if (fault is not null)
                {
                    Fake.Inject(route, fault);
                }

                using var services = ProviderTests.Services(Fake.Endpoint, tweak, logs);
                var result = await services.GetRequiredService<AssemblyRunner>().RunAsync(
                    Encoding.UTF8.GetBytes("{\"steps\": {\"g\": {\"robot\": \"/image/generate\", \"prompt\": \"x\", \"model\": \"" + model + "\"}}}"),
                    [], new RunOptions { OutputDirectory = Out }, new Progress<RunProgress>(p => surfaced.Add(p.ToString())));
                Assert.True(name == "success" ? result.Completed : !result.Completed, $"{provider} {name}: {result.Message}");
                surfaced.Add(result.ToJson(includePaths: true));
                surfaced.Add(result.Message);
                surfaced.AddRange(result.Warnings);

                // On a loaded machine the client can give up before the fake even reads the request; the fault it
                // did not play must not leak into the next run.
                Fake.Faults.Clear();
            }

            // The provider's own exception, as a library user catching it would see it.
            using (var services = ProviderTests.Services(Fake.Endpoint, o => o.For(provider)!.ApiKey = WrongKey, logs))
            {
                var hosted = services.GetServices<IImageProvider>().Single(p => p.Name == provider);
                var spec = Tables.SchemaTables.FindModel(model)!;
                var request = new ProviderRequest(spec, spec.Providers.First(r => r.Provider == provider).ModelId, "x", 1, 1, 1024, 1024, "1:1", "png", null, null, null, spec.Providers.First(r => r.Provider == provider));
                var exception = await Assert.ThrowsAsync<ProviderException>(() => hosted.GenerateAsync(request, CancellationToken.None));
                Assert.Equal(ProviderErrors.AuthFailed, exception.Code);
                surfaced.Add(exception.ToString());
            }
        }

        var everything = string.Join("\n", surfaced.Concat(logs.Lines));
        Assert.Contains("[redacted]", everything, StringComparison.Ordinal); // the fakes did echo keys
        foreach (var key in Keys)
        {
            Assert.DoesNotContain(key, everything, StringComparison.Ordinal);
        }

        Assert.True(logs.Lines.Count > 20, "the capture saw the logs");
    }

    [Fact]
    public void Redact_catches_a_key_echoed_in_another_case_percent_encoded_hex_or_base64_at_any_offset()
    {
        const string Key = "Sk-Echo/Key+Value=42 ok";
        Secrets.Register(Key);
        var bytes = Encoding.UTF8.GetBytes(Key);
        var echoes = new List<string>
        {
            Key.ToLowerInvariant(),
            Key.ToUpperInvariant(),
            Uri.EscapeDataString(Key),
            Uri.EscapeDataString(Key).ToLowerInvariant(),
            System.Net.WebUtility.UrlEncode(Key),
            string.Concat(bytes.Select(b => "%" + b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture))),
            Convert.ToHexString(bytes).ToLowerInvariant(),
        };
        foreach (var prefix in new[] { string.Empty, "u:", "ab:" })
        {
            var encoded = Convert.ToBase64String(Encoding.UTF8.GetBytes(prefix + Key));
            echoes.Add("Basic " + encoded);
            echoes.Add(encoded.Replace('+', '-').Replace('/', '_').TrimEnd('='));
        }

        foreach (var echo in echoes)
        {
            var redacted = Secrets.Redact($"the service said: {echo} (end)");
            Assert.Contains("[redacted]", redacted, StringComparison.Ordinal);
            Assert.DoesNotContain(echo, redacted, StringComparison.Ordinal);
            Assert.DoesNotMatch("[A-Za-z0-9+/_%-]{12,}", redacted); // at most the few characters a base64 group shares with its neighbours are left
        }

        Assert.Equal("an ordinary sentence stays", Secrets.Redact("an ordinary sentence stays"));
    }

    /// <summary>Every log line and exception text, at every level.</summary>
    private sealed class CapturingLogger : ILoggerProvider, ILogger
    {
        private readonly ConcurrentQueue<string> _lines = new();

        public IReadOnlyCollection<string> Lines => _lines;

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull
        {
            _lines.Enqueue("scope: " + state);
            return null;
        }

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            _lines.Enqueue(formatter(state, exception) + " " + state + " " + exception);
        }

        public void Dispose()
        {
        }
    }
}
