using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using CsCheck;
using ImageSdk.Validation;
using ImageSdk.Validation.Engine;
using Xunit;

namespace ImageSdk.Tests.Validation;

/// <summary>
/// The front end's plain path (its own scanner for plain JSON, <c>JsonFrontEnd.Plain.cs</c>) reads what the reader's path
/// reads: the same answer, findings, nodes (kinds, names, texts, numbers, offsets, links) and shared string instances, on
/// random documents, valid and not, under the default limits and small ones.
/// </summary>
public class PlainPathTests
{
    // The first PlainSpace are JSON white space.
    private const int PlainSpace = 7;

    private static readonly string[] s_space = { "", "", " ", "\n", "\r\n", "\t", "  ", "\f", "\u00a0" };

    // Table names, short and long ASCII (decoded once per document, or not), non-ASCII, escaped (one unescapes to a table
    // name), raw control characters, the empty name, and names that share a length and first character.
    private static readonly string[] s_names =
    {
        "robot", "use", "steps", "width", "prompt", "model", "format", ":original", "/image/resize", "generated", "thumbs", "exported",
        "a", "ab", "ac", "", "caf\u00e9", "pr\\u006fmpt", "u\\u0073e", "a\tb", "a\\nb", new string('n', 70), "w1", "w2", "w3",
    };

    private static readonly string[] s_strings =
    {
        "generated", "thumbs", "/image/resize", "/image/generate", "png", "fit", "google/nano-banana-pro", "${unique_prefix}/${file.url_name}",
        "", "x", "caf\u00e9", "\ud83d\ude00", "a\\u0062c", "tab\\there", "a\u0001b", new string('x', 64), new string('x', 65),
        "a lighthouse on a cliff at dawn, watercolour", "\\ud800", "\\\"", "/", "\u2028",

        // Past the first sixteen bytes (the scanner looks at sixteen at a time): a non-ASCII letter, an escape, a control character.
        new string('y', 20) + "\u00e9z", new string('y', 17) + "\\n", new string('y', 31) + "\u0001", new string('y', 16) + "\u00ff\u0080",
    };

    // The first PlainScalars are valid JSON.
    private const int PlainScalars = 18;

    private static readonly string[] s_scalars =
    {
        "0", "-0", "7", "256", "-12", "123456789012345", "1234567890123456", "99999999999999999999", "1.5", "1e3", "1E400", "-1.5e-3",
        "2.0", "0.0001", "1e+2", "true", "false", "null", "01", "1.", "-", ".5", "+1", "1e", "0x10", "1.5e+", "Infinity", "NaN", "-Infinity",
        "tru", "nul", "True", "truex", "nulll", "falsey",
    };

    // Bytes a mutation inserts or writes: structure, quotes and escapes, digits and signs, white space valid and not,
    // a comment's slash, a NUL, and bytes that are no UTF-8 (a lone continuation, a lead without its tail, 0xFF).
    private static readonly byte[] s_bytes = "{}[],:\"\\ \t\n\r0123456789-+.eEtrufalsn/x*"u8.ToArray().Concat(new byte[] { 0, 0x0C, 0x80, 0xC3, 0xE2, 0xFF }).ToArray();

    [Fact]
    public void The_plain_path_reads_what_the_readers_path_reads_on_random_documents()
    {
        var plain = 0;
        var total = 0;
        Gen.Select(Gen.Int, Gen.Int[0, 3]).Sample((seed, limits) =>
        {
            var random = new Random(seed);
            var utf8 = Mutate(Encoding.UTF8.GetBytes(Document(random, plain: random.Next(2) == 0)), random);
            var options = limits switch
            {
                0 => new ValidationOptions { MaxDepth = 3 },
                1 => new ValidationOptions { MaxValues = 12 },
                _ => ValidationOptions.Default,
            };

            total++;
            plain += JsonFrontEnd.ReadPlain(utf8, new InstructionDocument(8), options) ? 1 : 0;
            AssertSameRead(utf8, options);
        }, iter: 20000);

        // Both paths are exercised: a fair share of the documents is plain, and many are not.
        Assert.InRange(plain, total / 10, total - (total / 10));
    }

    [Fact]
    public void The_four_robot_document_and_the_documents_of_each_shape_take_the_plain_path()
    {
        var plainDocuments = new[]
        {
            """{"steps": {":original": {"robot": "/upload/handle"}, "generated": {"robot": "/image/generate", "use": ":original", "model": "google/nano-banana-pro", "prompt": "a lighthouse on a cliff at dawn, watercolour", "format": "png"}, "thumbs": {"robot": "/image/resize", "use": "generated", "width": 256, "height": 256, "resize_strategy": "fit"}, "exported": {"robot": "/s3/store", "use": ["generated", "thumbs"], "credentials": "my_s3", "path": "${unique_prefix}/${file.url_name}"}}}""",
            "{}", "[]", "0", "-1.5e-3", "\"caf\u00e9\"", " [ true , false , null , {} , [ [ ] ] ] \r\n", "{\"a\":{\"a\":{\"a\":1}},\"b\":[1,2,3]}",
        };
        foreach (var json in plainDocuments)
        {
            var doc = new InstructionDocument(8);
            Assert.True(JsonFrontEnd.ReadPlain(Encoding.UTF8.GetBytes(json), doc, ValidationOptions.Default), json);
            AssertSameRead(Encoding.UTF8.GetBytes(json), ValidationOptions.Default);
        }

        // Left to the reader's path: an escape, a raw control character, bytes that are no UTF-8, a duplicate key, a syntax
        // error, a trailing comma, a comment, two values, nothing, too deep, too many values.
        var readerDocuments = new[]
        {
            "{\"a\\u0062\": 1}", "\"a\tb\"", "{\"a\": 1, \"a\": 2}", "{\"a\": 1,}", "[1 2]", "[1] /* c */", "1 2", "", "   ", "[01]", "[tru]", "{\"a\" 1}",
            new string('[', 65) + new string(']', 65),
        };
        foreach (var json in readerDocuments)
        {
            Assert.False(JsonFrontEnd.ReadPlain(Encoding.UTF8.GetBytes(json), new InstructionDocument(8), ValidationOptions.Default), json);
            AssertSameRead(Encoding.UTF8.GetBytes(json), ValidationOptions.Default);
        }

        Assert.False(JsonFrontEnd.ReadPlain(new byte[] { (byte)'"', 0xC3, (byte)'"' }, new InstructionDocument(8), ValidationOptions.Default));
        var fewValues = new ValidationOptions { MaxValues = 12 };
        var many = Encoding.UTF8.GetBytes("[" + string.Join(",", Enumerable.Range(0, 12)) + "]");
        Assert.False(JsonFrontEnd.ReadPlain(many, new InstructionDocument(8), fewValues));
        AssertSameRead(many, fewValues);
        Assert.True(JsonFrontEnd.ReadPlain(many.AsSpan(0, many.Length - 4).ToArray().Append((byte)']').ToArray(), new InstructionDocument(8), fewValues));
    }

    [Fact]
    public void A_number_is_the_double_Utf8JsonReader_TryGetDouble_gives_on_both_paths()
    {
        // Both paths convert with one function; it must give what the reader gave (NaN where TryGetDouble declines).
        var digits = Gen.Int[0, 9].Select(d => (char)('0' + d)).Array[1, 25].Select(a => new string(a));
        var number = Gen.Select(Gen.Bool, digits, Gen.OneOf(Gen.Const(""), digits.Select(d => "." + d)), Gen.OneOf(Gen.Const(""), Gen.Select(Gen.Int[-400, 400], Gen.Bool).Select((e, upper) => (upper ? "E" : "e") + e)))
            .Select((minus, whole, fraction, exponent) => (minus ? "-" : "") + (whole.Length > 1 ? whole.TrimStart('0').PadLeft(1, '1') : whole) + fraction + exponent);
        number.Sample(text =>
        {
            var reader = new System.Text.Json.Utf8JsonReader(Encoding.UTF8.GetBytes(text));
            Assert.True(reader.Read(), text);
            var expected = reader.TryGetDouble(out var value) ? value : double.NaN;
            foreach (var plainPath in new[] { true, false })
            {
                var doc = new InstructionDocument(8);
                Assert.True(JsonFrontEnd.Read(Encoding.UTF8.GetBytes(text), doc, new FindingSink(), ValidationOptions.Default, plainPath), text);
                Assert.True(BitConverter.DoubleToInt64Bits(expected) == BitConverter.DoubleToInt64Bits(doc[0].Number), $"{text}: {expected} read as {doc[0].Number}");
            }
        }, iter: 20000);
    }

    private static void AssertSameRead(byte[] utf8, ValidationOptions options)
    {
        var text = Encoding.UTF8.GetString(utf8);
        var expected = new InstructionDocument(8);
        var expectedSink = new FindingSink();
        var expectedRead = JsonFrontEnd.Read(utf8, expected, expectedSink, options, plainPath: false);
        var actual = new InstructionDocument(8);
        var actualSink = new FindingSink();
        var actualRead = JsonFrontEnd.Read(utf8, actual, actualSink, options);

        Assert.True(expectedRead == actualRead, text);
        Assert.Equal(expectedSink.Findings, actualSink.Findings);
        Assert.True(expected.Count == actual.Count, text);
        var expectedStrings = new List<string>();
        var actualStrings = new List<string>();
        for (var i = 0; i < expected.Count; i++)
        {
            var (e, a) = (expected[i], actual[i]);
            var same = e.Kind == a.Kind && e.Boolean == a.Boolean && e.Literal == a.Literal && e.Parent == a.Parent && e.FirstChild == a.FirstChild
                && e.LastChild == a.LastChild && e.NextSibling == a.NextSibling && e.ChildCount == a.ChildCount && e.Offset == a.Offset
                && e.NameOffset == a.NameOffset && e.Name == a.Name && e.Text == a.Text && BitConverter.DoubleToInt64Bits(e.Number) == BitConverter.DoubleToInt64Bits(a.Number);
            if (!same)
            {
                Assert.Fail($"node {i} of {text}");
            }

            Add(expectedStrings, e.Name, e.Text);
            Add(actualStrings, a.Name, a.Text);
        }

        // The same instances: a table string is the table's own, and a repeated short string is one string in both (pairs
        // compared on documents of up to 500 values).
        for (var i = 0; i < expectedStrings.Count && expectedStrings.Count <= 1000; i++)
        {
            if (IsInterned(expectedStrings[i]) != IsInterned(actualStrings[i]))
            {
                Assert.Fail($"string {i} of {text}");
            }

            for (var j = i + 1; j < expectedStrings.Count; j++)
            {
                if (ReferenceEquals(expectedStrings[i], expectedStrings[j]) != ReferenceEquals(actualStrings[i], actualStrings[j]))
                {
                    Assert.Fail($"strings {i} and {j} of {text}");
                }
            }
        }
    }

    private static void Add(List<string> strings, string? name, string? text)
    {
        strings.Add(name ?? "<no name>");
        strings.Add(text ?? "<no text>");
    }

    private static bool IsInterned(string text) => string.IsInterned(text) is { } interned && ReferenceEquals(interned, text);

    /// <summary>A random document: mostly an object of objects, as assembly instructions are, at times another value or none.</summary>
    private static string Document(Random random, bool plain) => random.Next(10) switch
    {
        0 => Value(random, 3, plain),
        1 => string.Empty,
        2 => Value(random, 2, plain) + Space(random, plain) + Value(random, 1, plain),
        _ => Space(random, plain) + Object(random, 4, plain) + Space(random, plain),
    };

    private static string Value(Random random, int depth, bool plain) => random.Next(depth > 0 ? 6 : 3) switch
    {
        0 => "\"" + Pick(random, s_strings, plain) + "\"",
        1 => plain ? s_scalars[random.Next(PlainScalars)] : Pick(random, s_scalars),
        2 => "\"" + Pick(random, s_names, plain) + "\"",
        3 or 4 => Object(random, depth - 1, plain),
        _ => Array(random, depth - 1, plain),
    };

    private static string Object(Random random, int depth, bool plain)
    {
        var members = Enumerable.Range(0, random.Next(0, random.Next(10) == 0 ? 20 : 6))
            .Select(_ => Space(random, plain) + "\"" + Pick(random, s_names, plain) + "\"" + Space(random, plain) + (random.Next(40) == 0 ? string.Empty : ":") + Space(random, plain) + Value(random, depth, plain) + Space(random, plain));
        return "{" + string.Join(random.Next(40) == 0 ? string.Empty : ",", members) + (random.Next(40) == 0 ? "," : string.Empty) + Space(random, plain) + "}";
    }

    private static string Array(Random random, int depth, bool plain)
    {
        var items = Enumerable.Range(0, random.Next(0, 5)).Select(_ => Space(random, plain) + Value(random, depth, plain) + Space(random, plain));
        return "[" + string.Join(",", items) + (random.Next(40) == 0 ? "," : string.Empty) + Space(random, plain) + "]";
    }

    private static string Space(Random random, bool plain) => random.Next(3) != 0 ? string.Empty : plain ? s_space[random.Next(PlainSpace)] : Pick(random, s_space);

    private static string Pick(Random random, string[] items) => items[random.Next(items.Length)];

    /// <summary>With <paramref name="plain"/>, only an item with no escape and no control character.</summary>
    private static string Pick(Random random, string[] items, bool plain)
    {
        var item = Pick(random, items);
        while (plain && item.Any(c => c == '\\' || c < ' '))
        {
            item = Pick(random, items);
        }

        return item;
    }

    /// <summary>A third of the documents: one to three bytes inserted, overwritten or removed, or the text cut short.</summary>
    private static byte[] Mutate(byte[] utf8, Random random)
    {
        if (random.Next(3) != 0)
        {
            return utf8;
        }

        var bytes = new List<byte>(utf8);
        for (var edits = random.Next(1, 4); edits > 0; edits--)
        {
            var at = random.Next(bytes.Count + 1);
            switch (random.Next(4))
            {
                case 0:
                    bytes.Insert(at, s_bytes[random.Next(s_bytes.Length)]);
                    break;
                case 1 when at < bytes.Count:
                    bytes[at] = s_bytes[random.Next(s_bytes.Length)];
                    break;
                case 2 when at < bytes.Count:
                    bytes.RemoveAt(at);
                    break;
                case 3:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
            }
        }

        return bytes.ToArray();
    }
}
