using System;
using System.IO;
using System.Linq;
using ImageSdk.Cli.Commands;
using Xunit;

namespace ImageSdk.Tests.Validation;

/// <summary>
/// The plain call <c>imagesdk validate FILE...</c>, which runs without building the command line's parser (start-up), against
/// the same files through the parser.
/// </summary>
public sealed class ValidatePlainCallTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("imagesdk-plain-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Theory]
    [InlineData("validate|a.json", true)]
    [InlineData("validate|/home/x.json|b.json", true)]
    [InlineData("validate|/hx|/?x|/H|/help|a=b|c:d|run|validate|[diagram]", true)] // files to the parser too
    [InlineData("validate", false)] // no file: the parser's usage error
    [InlineData("validate|a.json|--json", false)]
    [InlineData("validate|-", false)] // standard input
    [InlineData("validate|--|a.json", false)]
    [InlineData("validate|@args.rsp", false)] // a response file
    [InlineData("validate|/h", false)] // the help option's aliases
    [InlineData("validate|/?", false)]
    [InlineData("validate|a.json|/h:x", false)]
    [InlineData("validate|/?=x", false)]
    [InlineData("validate|", false)]
    [InlineData("robots|a.json", false)]
    [InlineData("Validate|a.json", false)]
    public void Only_files_after_validate_are_a_plain_call(string args, bool plain)
    {
        Assert.Equal(plain, ValidateCommand.IsPlainCall(args.Split('|')));
    }

    [Fact]
    public void A_plain_call_prints_and_exits_as_the_same_files_through_the_parser()
    {
        var valid = Path.Combine(Corpus.Directory, "seed-inpaint.json");
        var invalid = Path.Combine(Corpus.Directory, "invalid-num-outputs-eleven.json");
        var warning = Path.Combine(Corpus.Directory, "valid-warning-size-ignored.json");
        var odd = Path.Combine(_work, "a=b:c [d].json"); // characters the parser splits options at
        File.WriteAllText(odd, """{"steps": {"g": {"robot": "/image/generate", "prompt": "x", "num_outputs": 0}}}""");
        var missing = Path.Combine(_work, "missing.json");
        var notJson = Path.Combine(_work, "run");
        File.WriteAllText(notJson, "not json");

        foreach (var files in new[] { new[] { valid }, new[] { invalid, warning }, new[] { odd, missing, _work, notJson, valid } })
        {
            var plain = CliHarness.Run(null, new[] { "validate" }.Concat(files).ToArray());
            var parsed = CliHarness.Run(null, new[] { "validate", "--" }.Concat(files).ToArray());

            Assert.Equal(parsed, plain);
            Assert.NotEmpty(plain.Stdout);
        }
    }

    [Fact]
    public void Help_aliases_and_response_files_still_reach_the_parser()
    {
        Assert.Contains("imagesdk validate <FILE>...", CliHarness.Run(null, "validate", "/h").Stdout, StringComparison.Ordinal);
        Assert.Contains("imagesdk validate <FILE>...", CliHarness.Run(null, "validate", "/?").Stdout, StringComparison.Ordinal);

        var file = Path.Combine(Corpus.Directory, "invalid-num-outputs-eleven.json");
        var rsp = Path.Combine(_work, "args.rsp");
        File.WriteAllText(rsp, file + "\n--json\n");
        var (code, stdout, stderr) = CliHarness.Run(null, "validate", "@" + rsp);

        Assert.Equal(1, code);
        Assert.Empty(stderr);
        Assert.StartsWith("[", stdout.TrimStart(), StringComparison.Ordinal); // the response file's --json was read
        Assert.Contains("IMG1303", stdout, StringComparison.Ordinal);
    }
}
