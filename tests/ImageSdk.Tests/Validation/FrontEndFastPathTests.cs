using System;
using System.Linq;
using System.Text;
using System.Text.Json;
using CsCheck;
using ImageSdk.Tables;
using ImageSdk.Validation;
using ImageSdk.Validation.Engine;
using Xunit;

namespace ImageSdk.Tests.Validation;

/// <summary>
/// The per-document fast paths of the JSON front end and the rules give the answers of the plain code they stand beside:
/// plain ASCII strings decoded once per document, plain integers read without the general parser, the reserved step names,
/// the ASCII test of a safe file name, and the parameter slots reset between steps.
/// </summary>
public class FrontEndFastPathTests
{
    // Strings that each path of the front end takes: table strings, short ASCII (decoded once and shared), non-ASCII, escaped
    // (also one that unescapes to a table string), the longest kept and one past it, empty, and a ${...} variable.
    private static readonly string[] s_strings =
    {
        "\"generated\"", "\"thumbs\"", "\"robot\"", "\"/image/resize\"", "\"g\u00e9n\u00e9r\u00e9\"", "\"a\\u0062c\"", "\"pr\\u006fmpt\"",
        "\"tab\\there\"", "\"\"", "\"" + new string('x', 64) + "\"", "\"" + new string('x', 65) + "\"", "\"${fields.x}\"", "\"\ud83d\ude00\"",
        "\"generate\"", "\"generatee\"",
    };

    private static readonly string[] s_numbers =
    {
        "0", "7", "-0", "-12", "256", "123456789012345", "1234567890123456", "99999999999999999999", "1.5", "1e3", "2.0", "1E400",
    };

    [Fact]
    public void Strings_and_numbers_read_as_System_Text_Json_reads_them_on_random_documents()
    {
        var value = Gen.OneOf(Gen.Int[0, s_strings.Length - 1].Select(i => s_strings[i]), Gen.Int[0, s_numbers.Length - 1].Select(i => s_numbers[i]));
        var member = Gen.Select(Gen.Int[0, s_strings.Length - 1], value).Select((k, v) => "{" + s_strings[k] + ": " + v + "}");
        var item = Gen.OneOf(value, member);
        item.Array[1, 24].Select(items => "[" + string.Join(", ", items) + "]").Sample(json =>
        {
            var utf8 = Encoding.UTF8.GetBytes(json);
            var doc = new InstructionDocument(8);
            Assert.True(JsonFrontEnd.Read(utf8, doc, new FindingSink(), ValidationOptions.Default), json);
            using var expected = JsonDocument.Parse(utf8);
            var node = doc[0].FirstChild;
            foreach (var element in expected.RootElement.EnumerateArray())
            {
                if (element.ValueKind == JsonValueKind.Object)
                {
                    var property = element.EnumerateObject().Single();
                    Assert.Equal(property.Name, doc[doc[node].FirstChild].Name);
                    AssertSame(property.Value, doc[doc[node].FirstChild], json);
                }
                else
                {
                    AssertSame(element, doc[node], json);
                }

                node = doc[node].NextSibling;
            }

            Assert.Equal(InstructionDocument.None, node);
        }, iter: 3000);
    }

    private static void AssertSame(JsonElement expected, in InstructionNode actual, string json)
    {
        if (expected.ValueKind == JsonValueKind.String)
        {
            Assert.Equal(InstructionKind.String, actual.Kind);
            Assert.Equal(expected.GetString(), actual.Text);
        }
        else
        {
            Assert.Equal(InstructionKind.Number, actual.Kind);
            var number = expected.TryGetDouble(out var d) ? d : double.NaN;
            Assert.True(number.Equals(actual.Number) && double.IsNegative(number) == double.IsNegative(actual.Number), $"{json}: {number} read as {actual.Number}");
        }
    }

    // Names that share a length and a first character (the front end's quick test of a new name cannot tell them apart),
    // escaped and table names, and enough of them to pass the 16 members past which an object's names go into a set.
    private static readonly string[] s_names =
    {
        "ab", "ac", "ad", "robot", "rabid", "use", "u\\u0073e", "x", "y", "z", "", "width", "wider", "w1", "w2", "w3", "w4", "w5", "w6", "w7", "w8",
    };

    [Fact]
    public void Duplicate_names_are_found_and_the_last_wins_on_random_nested_objects()
    {
        // An object: its names, each member a number or (one level down) an object of its own.
        var inner = Gen.Int[0, s_names.Length - 1].Array[0, 20];
        var member = Gen.Select(Gen.Int[0, s_names.Length - 1], Gen.Bool, inner);
        member.Array[0, 24].Sample(members =>
        {
            var json = new StringBuilder("{");
            var expectedDuplicates = 0;
            var expected = new System.Collections.Generic.List<string>();
            for (var m = 0; m < members.Length; m++)
            {
                var (name, nested, innerNames) = members[m];
                json.Append(m > 0 ? ", " : string.Empty).Append('"').Append(s_names[name]).Append("\": ");
                if (nested)
                {
                    json.Append('{').Append(string.Join(", ", innerNames.Select((n, i) => "\"" + s_names[n] + "\": " + i))).Append('}');
                    var names = innerNames.Select(n => Unescaped(s_names[n])).ToList();
                    expectedDuplicates += names.Count - names.Distinct(StringComparer.Ordinal).Count();
                }
                else
                {
                    json.Append(m);
                }

                var unescaped = Unescaped(s_names[name]);
                expectedDuplicates += expected.Remove(unescaped) ? 1 : 0;
                expected.Add(unescaped);
            }

            var text = json.Append('}').ToString();
            var doc = new InstructionDocument(8);
            var sink = new FindingSink();
            Assert.True(JsonFrontEnd.Read(Encoding.UTF8.GetBytes(text), doc, sink, ValidationOptions.Default), text);
            Assert.Equal(expectedDuplicates, sink.Findings.Count(f => f.Rule == ValidationRules.DuplicateKey));
            var actual = new System.Collections.Generic.List<string>();
            for (var child = doc[0].FirstChild; child != InstructionDocument.None; child = doc[child].NextSibling)
            {
                actual.Add(doc[child].Name!);
            }

            Assert.Equal(expected, actual);
        }, iter: 3000);
    }

    private static string Unescaped(string name) => name.Replace("\\u0073", "s", StringComparison.Ordinal);

    [Fact]
    public void A_repeated_plain_string_is_one_string_per_document_and_not_kept_after_it()
    {
        var utf8 = Encoding.UTF8.GetBytes("""{"steps": {"generated": {"use": "generated"}, "thumbs": {"use": ["generated", "thumbs"]}}}""");
        var doc = new InstructionDocument(8);
        Assert.True(JsonFrontEnd.Read(utf8, doc, new FindingSink(), ValidationOptions.Default));
        var steps = doc[0].FirstChild;
        var generated = doc[steps].FirstChild;
        var use = doc[generated].FirstChild;
        Assert.Same(doc[generated].Name, doc[use].Text);
        var thumbs = doc[generated].NextSibling;
        var items = doc[doc[thumbs].FirstChild].FirstChild;
        Assert.Same(doc[generated].Name, doc[items].Text);
        Assert.Same(doc[thumbs].Name, doc[doc[items].NextSibling].Text);

        // The next document decodes its own strings: nothing of the first is handed out again.
        var other = new InstructionDocument(8);
        Assert.True(JsonFrontEnd.Read(utf8, other, new FindingSink(), ValidationOptions.Default));
        Assert.Equal("generated", other[other[other[0].FirstChild].FirstChild].Name);
        Assert.NotSame(doc[generated].Name, other[other[other[0].FirstChild].FirstChild].Name);
    }

    [Fact]
    public void Reserving_is_the_first_robot_in_table_order_that_requires_the_name()
    {
        var required = SchemaTables.RequiredStepNames;
        Assert.Contains(required, name => name is not null);
        var probes = required.Where(name => name is not null).Select(name => name!)
            .SelectMany(name => new[] { name, new string(name.ToCharArray()), name + "x", name.Substring(1) })
            .Concat(new[] { string.Empty, "generated", "uploads", ":ORIGINAL" });
        foreach (var probe in probes)
        {
            var plain = Array.FindIndex(required, name => string.Equals(name, probe, StringComparison.Ordinal));
            Assert.Equal(plain < 0 ? null : SchemaTables.Robots[plain].Name, RobotPlan.Reserving(probe)?.Spec.Name);
        }
    }

    [Fact]
    public void A_name_of_one_ASCII_character_between_two_letters_is_safe_as_the_rule_says()
    {
        // The rule: no control character (C0, DEL, C1), none of / \ < > : " | ? *, no line or paragraph separator, no surrogate half.
        for (var c = (char)0; c < 0x200; c++)
        {
            var safe = c >= ' ' && c != 0x7F && !(c >= 0x80 && c <= 0x9F) && "/\\<>:\"|?*".IndexOf(c) < 0;
            Assert.True(safe == SafeFileName.IsSafe("a" + c + "a"), $"U+{(int)c:X4}");
            Assert.Equal(safe, SafeFileName.From("a" + c + "a") == "a" + c + "a");
        }

        Assert.False(SafeFileName.IsSafe("a\u2028a"));
        Assert.False(SafeFileName.IsSafe("a\ud800a"));
    }

    [Fact]
    public void A_step_after_one_of_another_robot_sees_none_of_its_parameters()
    {
        // The first step sets many parameter slots; the second, of another robot, lacks its required prompt: that must be found
        // whatever came before, in this document and in the one validated before it on the same thread.
        const string Missing = """{"steps": {"thumbs": {"robot": "/image/resize", "use": ":original", "width": 1, "height": 2, "resize_strategy": "fit", "background": "#000000", "format": "png", "quality": 80, "strip": true}, "generated": {"robot": "/image/generate", "use": ":original"}}}""";
        const string Full = """{"steps": {"generated": {"robot": "/image/generate", "use": ":original", "prompt": "a cat", "format": "png", "model": "google/nano-banana-pro"}}}""";
        var alone = AssemblyValidator.Validate(Missing);
        Assert.Contains(alone.Findings, f => f.Message.Contains("prompt", StringComparison.Ordinal) && f.Path == "/steps/generated");
        Assert.True(AssemblyValidator.Validate(Full).IsValid, string.Join("; ", AssemblyValidator.Validate(Full).Findings.Select(f => f.Message)));
        var after = AssemblyValidator.Validate(Missing);
        Assert.Equal(alone.Findings.Select(f => (f.Code, f.Path, f.Line, f.Column, f.Message)), after.Findings.Select(f => (f.Code, f.Path, f.Line, f.Column, f.Message)));
    }
}
