using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using ImageSdk.Tests.Providers;

namespace ImageSdk.Tests.Remote;

/// <summary>
/// <c>imagesdk run --remote transloadit</c> and <c>imagesdk assemblies</c> as a process, against the loopback Transloadit:
/// credentials from the environment, signed requests only to the configured endpoint, and hostile answers printed
/// redacted and escaped.
/// </summary>
public sealed class RemoteCommandTests : FakeTransloaditTests
{
    [Fact]
    public void The_cli_assemblies_get_and_cancel_of_a_foreign_url_exit_2_and_send_nothing_there()
    {
        var environment = TransloaditEnvironment();
        foreach (var verb in new[] { "get", "cancel" })
        {
            var (code, output, _) = ProviderCliTests.Cli(Fake.Endpoint, Work, environment, "assemblies", verb, Elsewhere.Endpoint.AbsoluteUri + "assemblies/a1b2c3");

            Assert.Equal(2, code);
            Assert.Contains("is not on the configured endpoint", output, StringComparison.Ordinal);
        }

        Assert.Empty(Elsewhere.Requests);
        Assert.False(ElsewhereSawSomethingSigned());
    }

    private (int Code, string Output, string Stdout) Cli(params string[] args) => ProviderCliTests.Cli(Fake.Endpoint, Work, TransloaditEnvironment(), ["run", Samples.Path("assemblies/seed-inpaint.json"), "--file", Samples.CoastWithHole, "--remote", "transloadit", "--out", "dir", .. args]);

    /// <summary>The forms of the secret an echo may take.</summary>
    private static readonly string[] SecretForms =
    [
        FakeTransloadit.Secret,
        FakeTransloadit.Secret.ToUpperInvariant(),
        Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(FakeTransloadit.Secret)),
        Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("x:" + FakeTransloadit.Secret)),
        string.Concat(System.Text.Encoding.UTF8.GetBytes(FakeTransloadit.Secret).Select(b => "%" + b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture))),
    ];

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void An_error_echoing_the_secret_in_any_field_and_form_is_printed_redacted_and_escaped(bool json)
    {
        Fake.Tamper = status =>
        {
            if (status["ok"]?.ToString() != "ASSEMBLY_COMPLETED")
            {
                return;
            }

            status.Remove("ok");
            status["error"] = "SIGNED_WITH_" + FakeTransloadit.Secret + "\u001b[31m";
            status["message"] = "\u001b]0;pwned\u0007 " + string.Join(" / ", SecretForms);
            status["reason"] = SecretForms[1];
        };

        var (code, output, stdout) = Cli(json ? ["--json"] : []);

        Assert.Equal(1, code);
        foreach (var form in SecretForms)
        {
            Assert.DoesNotContain(form, output, StringComparison.OrdinalIgnoreCase);
        }

        Assert.Contains("SIGNED_WITH_[redacted]", output, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', output);
        Assert.DoesNotContain('\u0007', output);
        if (json)
        {
            using var document = System.Text.Json.JsonDocument.Parse(stdout);
            Assert.StartsWith("SIGNED_WITH_[redacted]", document.RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Result_fields_with_terminal_escapes_are_printed_escaped()
    {
        Fake.Tamper = status =>
        {
            foreach (var file in (status["results"] as System.Text.Json.Nodes.JsonObject ?? []).SelectMany(r => r.Value!.AsArray()).OfType<System.Text.Json.Nodes.JsonObject>())
            {
                file["mime"] = "image/png\u001b]8;;http://evil\u0007";
                file["meta"]!["width"] = "\u001b[2J640";
            }
        };

        var (code, output, _) = Cli();

        Assert.True(code == 0, output);
        Assert.Contains("image/png\\u001B]8;;http://evil\\u0007", output, StringComparison.Ordinal);
        Assert.Contains("\\u001B[2J640x427", output, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', output);
    }

    [Fact]
    public void The_cli_runs_on_transloadit_from_the_environment_and_a_wrong_secret_exits_1_without_printing_it()
    {
        var environment = TransloaditEnvironment();
        var (code, output, stdout) = ProviderCliTests.Cli(Fake.Endpoint, Work, environment, "run", Samples.Path("assemblies/seed-inpaint.json"), "--file", Samples.CoastWithHole, "--remote", "transloadit", "--json", "--out", "dir");

        Assert.True(code == 0, output);
        using (var json = JsonDocument.Parse(stdout))
        {
            Assert.True(File.Exists(json.RootElement.GetProperty("results").GetProperty("inpainted")[0].GetProperty("path").GetString()));
        }

        Fake.Echo = true;
        environment["TRANSLOADIT_SECRET"] = "wrong-secret-for-the-cli-42";
        (code, output, _) = ProviderCliTests.Cli(Fake.Endpoint, Work, environment, "run", Samples.Path("assemblies/seed-inpaint.json"), "--file", Samples.CoastWithHole, "--remote", "transloadit", "--json", "--out", "dir");
        Assert.Equal(1, code);
        Assert.Contains("INVALID_SIGNATURE", output, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-secret-for-the-cli-42", output, StringComparison.Ordinal); // the process's own secret, though the fake echoed its signature
    }
}
