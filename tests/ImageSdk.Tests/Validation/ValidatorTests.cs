using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using ImageSdk.Validation;
using Xunit;

namespace ImageSdk.Tests.Validation;

/// <summary>The public API, exact positions, options and hostile input.</summary>
public class ValidatorTests
{
    private const string SvgFromNanoBanana = """
        {
          "steps": {
            "generated": {
              "robot": "/image/generate",
              "prompt": "A red fox",
              "model": "google/nano-banana",
              "format": "svg"
            }
          }
        }
        """;

    [Fact]
    public void A_finding_has_code_severity_pointer_line_column_message_and_Transloadits_code()
    {
        var finding = Assert.Single(AssemblyValidator.Validate(SvgFromNanoBanana).Findings);

        Assert.Equal("IMG1502", finding.Code);
        Assert.Equal(ValidationSeverity.Error, finding.Severity);
        Assert.Equal("/steps/generated/format", finding.Path);
        Assert.Equal((7, 17), (finding.Line, finding.Column));
        Assert.Equal("google/nano-banana cannot deliver format 'svg'; it delivers png, jpeg, jpg, webp, gif; 'svg' comes from recraft-v3", finding.Message);
        Assert.Equal("IMAGE_GENERATE_VALIDATION", finding.TransloaditCode);
        Assert.Equal("a.json(7,17): error IMG1502: " + finding.Message, finding.ToCanonicalString("a.json"));
    }

    [Fact]
    public void An_unknown_key_points_at_the_key_and_suggests_the_nearest_name()
    {
        var finding = Assert.Single(AssemblyValidator.Validate("""{"steps": {"g": {"robot": "/image/generate", "prompt": "x", "num_output": 2}}}""").Findings);

        Assert.Equal(("IMG1204", "/steps/g/num_output", 1, 61), (finding.Code, finding.Path, finding.Line, finding.Column));
        Assert.Contains("did you mean 'num_outputs'?", finding.Message, StringComparison.Ordinal);
        Assert.Contains("parameters: use, model, prompt", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Columns_count_characters_not_bytes()
    {
        var json = "{\"steps\": {\"g\": {\"robot\": \"/image/generate\", \"prompt\": \"Füchse 🦊\", \"seed\": true}}}";
        var finding = Assert.Single(AssemblyValidator.Validate(json).Findings);

        Assert.Equal("/steps/g/seed", finding.Path);
        Assert.Equal(json.IndexOf("true", StringComparison.Ordinal) + 1, finding.Column);
    }

    [Fact]
    public async Task Bytes_string_stream_and_builder_give_the_same_findings()
    {
        var assembly = new AssemblyBuilder()
            .Step("generated", new ImageGenerateStep().Prompt("A red fox").Model(ImageModel.GoogleNanoBanana).Format(ImageFormat.Svg));
        var json = assembly.ToJson(indented: true);

        var fromString = AssemblyValidator.Validate(json);
        var fromBytes = AssemblyValidator.Validate(Encoding.UTF8.GetBytes(json));
        var fromStream = await AssemblyValidator.ValidateAsync(new MemoryStream(Encoding.UTF8.GetBytes(json)));
        var fromBuilder = AssemblyValidator.Validate(assembly);

        Assert.Equal("IMG1502", Assert.Single(fromString.Findings).Code);
        Assert.Equal(fromString.Findings, fromBytes.Findings);
        Assert.Equal(fromString.Findings, fromStream.Findings);
        Assert.Equal(fromString.Findings, fromBuilder.Findings);
    }

    [Fact]
    public void Unknown_models_can_be_warnings_and_warnings_can_be_errors()
    {
        const string json = """{"steps": {"g": {"robot": "/image/generate", "prompt": "x", "model": "black-forest-labs/flux-2-pro"}}}""";

        var strict = AssemblyValidator.Validate(json);
        var lenient = AssemblyValidator.Validate(json, new ValidationOptions { UnknownModelsAsWarnings = true });
        var warningsAsErrors = AssemblyValidator.Validate(json, new ValidationOptions { UnknownModelsAsWarnings = true, WarningsAsErrors = true });

        Assert.Equal(ValidationSeverity.Error, Assert.Single(strict.Findings).Severity);
        Assert.False(strict.IsValid);
        Assert.Equal(ValidationSeverity.Warning, Assert.Single(lenient.Findings).Severity);
        Assert.True(lenient.IsValid);
        Assert.False(warningsAsErrors.IsValid);
    }

    /// <summary>
    /// A lone step with no use brings files, or the assembly has none (IMG1106), as Transloadit's linter judged each of these
    /// (its missing-input error, @transloadit/node 4.12.0); the rule comes from the robots' x-imagesdk-files-without-use.
    /// </summary>
    [Theory]
    [InlineData("""{"s": {"robot": "/image/resize", "width": 10}}""", true)]
    [InlineData("""{":original": {"robot": "/image/resize", "width": 10}}""", false)]
    [InlineData("""{"s": {"robot": "/http/import", "url": "https://example.com/a.png"}}""", false)]
    [InlineData("""{"s": {"robot": "/image/generate", "prompt": "x"}}""", false)]
    [InlineData("""{"s": {"robot": "/html/convert", "format": "png"}}""", true)]
    [InlineData("""{"s": {"robot": "/html/convert", "url": ""}}""", false)]
    [InlineData("""{"s": {"robot": "/text/speak", "prompt": ""}}""", true)]
    [InlineData("""{"s": {"robot": "/text/speak", "prompt": "hello"}}""", false)]
    [InlineData("""{"s": {"robot": "/text/speak", "prompt": "${fields.text}"}}""", false)]
    public void A_step_without_use_brings_files_as_Transloadits_linter_judges_it(string steps, bool missingInput)
    {
        var result = AssemblyValidator.Validate("{\"steps\": " + steps + "}");

        Assert.Equal(missingInput, result.Findings.Any(f => f.Code == "IMG1106"));
    }

    [Fact]
    public void Interpolated_values_skip_static_checks_but_not_use_or_robot()
    {
        var valid = AssemblyValidator.Validate("""{"steps": {"g": {"robot": "/image/generate", "prompt": "x", "num_outputs": "${fields.n}", "model": "${fields.m}", "format": "${fields.f}"}}}""");
        var invalid = AssemblyValidator.Validate("""{"steps": {"g": {"robot": "${fields.robot}", "prompt": "x"}}}""");

        Assert.Empty(valid.Findings);
        Assert.Equal("IMG1203", Assert.Single(invalid.Findings, f => f.Severity == ValidationSeverity.Error && f.Code != "IMG1106").Code);
    }

    [Fact]
    public void Invalid_utf8_is_a_finding_at_the_bad_byte()
    {
        var bytes = Encoding.UTF8.GetBytes("{\"steps\": {\"g\": {\"prompt\": \"ab").Concat(new byte[] { 0xC3, 0x28 }).Concat(Encoding.UTF8.GetBytes("\"}}}")).ToArray();

        var finding = Assert.Single(AssemblyValidator.Validate(bytes).Findings);

        Assert.Equal(("IMG1002", 1, 31), (finding.Code, finding.Line, finding.Column));
    }

    [Fact]
    public void Truncated_json_is_a_syntax_error_with_its_position()
    {
        var finding = Assert.Single(AssemblyValidator.Validate("{\n  \"steps\": {\n    \"g\": {\"robot\": ").Findings);

        Assert.Equal("IMG1001", finding.Code);
        Assert.Equal(3, finding.Line);
        Assert.StartsWith("invalid JSON: ", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_hundred_thousand_nested_arrays_give_a_clear_error_and_no_stack_overflow()
    {
        var json = new string('[', 100_000) + new string(']', 100_000);

        var finding = Assert.Single(AssemblyValidator.Validate(json).Findings);

        Assert.Equal("IMG1003", finding.Code);
        Assert.Equal((1, 65), (finding.Line, finding.Column));
        Assert.Contains("deeper than 64 levels", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_50_MB_stream_is_refused_after_reading_little_more_than_the_limit()
    {
        var stream = new CountingStream(50L * 1024 * 1024);
        var before = GC.GetAllocatedBytesForCurrentThread();

        var result = await AssemblyValidator.ValidateAsync(stream);

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal("IMG1005", Assert.Single(result.Findings).Code);
        Assert.True(stream.BytesRead < 5L * 1024 * 1024, $"read {stream.BytesRead:N0} bytes of 50 MB");
        Assert.True(allocated < 16L * 1024 * 1024, $"allocated {allocated:N0} bytes");
    }

    [Fact]
    public void A_huge_flat_document_within_the_size_limit_is_bounded_by_the_value_limit()
    {
        var json = "[" + string.Join(",", Enumerable.Repeat("0", 1_500_000)) + "]";

        var finding = Assert.Single(AssemblyValidator.Validate(json).Findings);

        Assert.Equal("IMG1005", finding.Code);
        Assert.Contains("100,000 values", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_duplicate_key_is_a_warning_at_the_second_key_and_the_last_value_is_checked()
    {
        var result = AssemblyValidator.Validate("{\"steps\": {\"g\": {\"robot\": \"/image/generate\", \"prompt\": \"x\", \"num_outputs\": 2, \"num_outputs\": 20}}}");

        Assert.Collection(
            result.Findings,
            f => Assert.Equal(("IMG1004", ValidationSeverity.Warning, "/steps/g/num_outputs", 79), (f.Code, f.Severity, f.Path, f.Column)),
            f => Assert.Equal(("IMG1303", "/steps/g/num_outputs", 94), (f.Code, f.Path, f.Column)));
    }

    [Fact]
    public void A_key_that_unescapes_to_an_earlier_one_is_a_duplicate()
    {
        // "pr\u006fmpt" is "prompt": names from the schema tables are compared by reference, so the escaped one must become the same string.
        var result = AssemblyValidator.Validate("{\"steps\": {\"g\": {\"robot\": \"/image/generate\", \"prompt\": \"x\", \"pr\\u006fmpt\": \"y\"}}}");

        var finding = Assert.Single(result.Findings);
        Assert.Equal(("IMG1004", ValidationSeverity.Warning, "/steps/g/prompt"), (finding.Code, finding.Severity, finding.Path));

        var reversed = AssemblyValidator.Validate("{\"steps\": {\"g\": {\"robot\": \"/image/generate\", \"pr\\u006fmpt\": \"x\", \"prompt\": \"y\"}}}");
        Assert.Equal("IMG1004", Assert.Single(reversed.Findings).Code);
    }

    [Fact]
    public void Findings_on_many_lines_are_in_text_order_with_their_own_lines_and_columns()
    {
        // The engine reports the missing prompt after the values it checks; text order puts each finding at its place.
        var json = "{\n  \"steps\": {\n    \"a\": {\"robot\": \"/image/generate\", \"seed\": true},\n\n    \"b\": {\"robot\": \"/image/generate\", \"prompt\": \"Füchse 🦊\", \"num_outputs\": 0, \"fromat\": \"png\"}\n  }\n}";
        var lines = json.Split('\n');

        var result = AssemblyValidator.Validate(json);

        Assert.Equal(
            new[]
            {
                ("IMG1301", "/steps/a", 3, lines[2].IndexOf('{', StringComparison.Ordinal) + 1),
                ("IMG1302", "/steps/a/seed", 3, lines[2].IndexOf("true", StringComparison.Ordinal) + 1),
                ("IMG1303", "/steps/b/num_outputs", 5, lines[4].IndexOf(": 0", StringComparison.Ordinal) + 3),
                ("IMG1204", "/steps/b/fromat", 5, lines[4].IndexOf("\"fromat\"", StringComparison.Ordinal) + 1),
            },
            result.Findings.Select(f => (f.Code, f.Path, f.Line, f.Column)).ToArray());
    }

    [Fact]
    public void A_byte_order_mark_is_skipped()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("""{"steps": {"g": {"robot": "/image/generate", "prompt": "x"}}}""")).ToArray();

        Assert.Empty(AssemblyValidator.Validate(bytes).Findings);
    }

    [Fact]
    public void Every_rule_has_a_row_in_docs_diagnostics_with_an_example_and_a_fix()
    {
        var docs = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "docs", "diagnostics.md"));
        Assert.All(ValidationRules.All, rule =>
        {
            var row = docs.Split('\n').SingleOrDefault(line => line.StartsWith($"| <a id=\"{rule.Code.ToLowerInvariant()}\"></a>{rule.Code} ", StringComparison.Ordinal));
            Assert.True(row is not null, $"{rule.Code} has no row in docs/diagnostics.md");
            Assert.True(row!.Split('|').Length >= 8, $"{rule.Code}: the row needs severity, title, Transloadit code, example and fix");
        });
        Assert.Equal(ValidationRules.All.Count, ValidationRules.All.Select(r => r.Code).Distinct().Count());
    }

    /// <summary>A stream of '[' bytes that counts what is read.</summary>
    private sealed class CountingStream(long length) : Stream
    {
        public long BytesRead { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => length;

        public override long Position { get => BytesRead; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = (int)Math.Min(count, length - BytesRead);
            buffer.AsSpan(offset, n).Fill((byte)'[');
            BytesRead += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
