using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;
using ImageSdk.Validation.Engine;

namespace ImageSdk.Validation;

/// <summary>One change <see cref="AssemblyFixer"/> made to the text.</summary>
/// <param name="Code">The IMG code of the finding it fixed.</param>
/// <param name="Path">The JSON Pointer of the value (or key) it changed.</param>
/// <param name="Line">The 1-based line of the change in the text before it.</param>
/// <param name="Column">The 1-based column (in characters) of the change in the text before it.</param>
/// <param name="Before">The JSON text it replaced (empty for an insertion).</param>
/// <param name="After">The JSON text it wrote.</param>
public sealed record AppliedFix(string Code, string Path, int Line, int Column, string Before, string After);

/// <summary>What <see cref="AssemblyFixer.Fix"/> made: the fixed text, each change, and the findings that remain.</summary>
/// <param name="Utf8Json">The fixed text: the input with only the fixed values changed.</param>
/// <param name="Fixes">The changes, in the order they were made.</param>
/// <param name="Remaining">The validation of the fixed text.</param>
public sealed record FixResult(byte[] Utf8Json, IReadOnlyList<AppliedFix> Fixes, ValidationResult Remaining);

/// <summary>
/// Applies the fixes the analyzer's code fixes make, to assembly JSON text (<c>imagesdk validate --fix</c>, after Transloadit's
/// <c>assemblies lint --fix</c>): the one fix per finding that the shared planner chooses (<c>FixPlanner</c>, which the
/// analyzer runs too), so both fixers change the same values the same way. The fixes: the did-you-mean of a model (IMG1501),
/// a step in <c>use</c> (IMG1402), a parameter name (IMG1204), a robot (IMG1203) or a listed value (IMG1306); a number clamped into its range or rounded to an integer
/// (IMG1303, IMG1308, IMG1309); and for svg from a model that cannot draw it (IMG1502), a model that can (<c>recraft-v3</c>)
/// for a step that names no model where that model takes the step's inputs and brings no new finding, else the model's own
/// format. No fix introduces an error that was not there before. Only the fixed tokens change: spacing, key order and every
/// other byte stay as they were.
/// </summary>
public static class AssemblyFixer
{
    /// <summary>Fixes that reveal others (a corrected model changes which formats are allowed) are applied in rounds, at most this many.</summary>
    private const int MaxRounds = 8;

    private static readonly byte[] s_byteOrderMark = [0xEF, 0xBB, 0xBF];

    /// <summary>Fixes what has a fix in <paramref name="utf8Json"/> and validates the result.</summary>
    /// <param name="utf8Json">The assembly instructions.</param>
    /// <param name="options">How strictly to validate; <see cref="ValidationOptions.Default"/> when null.</param>
    public static FixResult Fix(ReadOnlySpan<byte> utf8Json, ValidationOptions? options = null)
    {
        options ??= ValidationOptions.Default;
        var bom = utf8Json.StartsWith(s_byteOrderMark);
        var text = (bom ? utf8Json[s_byteOrderMark.Length..] : utf8Json).ToArray();
        var fixes = new List<AppliedFix>();
        for (var round = 0; round < MaxRounds; round++)
        {
            var edits = Edits(text, options);
            if (edits.Count == 0)
            {
                break;
            }

            // Applied from the end, so earlier offsets stay true; an edit overlapping one already taken waits for the next round.
            var output = new List<byte>(text);
            var taken = int.MaxValue;
            var applied = new List<AppliedFix>();
            foreach (var edit in edits.OrderByDescending(e => e.Start))
            {
                if (edit.Start + edit.Length > taken)
                {
                    continue;
                }

                output.RemoveRange(edit.Start, edit.Length);
                output.InsertRange(edit.Start, Encoding.UTF8.GetBytes(edit.After));
                taken = edit.Start;
                applied.Add(edit.Fix);
            }

            applied.Reverse(); // in text order
            fixes.AddRange(applied);
            text = output.ToArray();
        }

        var remaining = AssemblyValidator.Validate(text, options);
        return new FixResult(bom ? [.. s_byteOrderMark, .. text] : text, fixes, remaining);
    }

    private readonly record struct Edit(int Start, int Length, string After, AppliedFix Fix);

    private static List<Edit> Edits(byte[] text, ValidationOptions options)
    {
        var edits = new List<Edit>();
        var raws = AssemblyValidator.ReadRaw(text, options, out var doc);
        if (doc is null)
        {
            return edits;
        }

        var lines = new LineMap(text);
        var plans = FixPlanner.Plan(doc, options, raws); // the same plan the analyzer hands the code fix
        for (var i = 0; i < raws.Count; i++)
        {
            var plan = plans[i];
            if (plan.Action == FixAction.None)
            {
                continue;
            }

            ref readonly var node = ref doc[plan.Node];
            switch (plan.Action)
            {
                case FixAction.Replace:
                    Add(edits, text, lines, doc, raws[i], node.Offset, plan.Quoted ? JsonString(plan.Text) : plan.Text); // a string stays a string, a number a number
                    break;
                case FixAction.Rename:
                    Add(edits, text, lines, doc, raws[i], node.NameOffset, JsonString(plan.Text));
                    break;
                case FixAction.Add when node.NameOffset >= 0:
                    Insert(edits, text, lines, doc, raws[i], node.NameOffset, JsonString(plan.Parameter!.Name) + ": " + JsonString(plan.Text) + ", "); // in front of the member that was wrong
                    break;
            }
        }

        return edits;
    }

    private static void Add(List<Edit> edits, byte[] text, LineMap lines, InstructionDocument doc, RawFinding raw, int offset, string after)
    {
        if (offset < 0 || TokenLength(text, offset) is not { } length)
        {
            return;
        }

        var before = Encoding.UTF8.GetString(text, offset, length);
        if (before != after)
        {
            var (line, column) = lines.Locate(text, offset);
            edits.Add(new Edit(offset, length, after, new AppliedFix(raw.Rule.Code, doc.PointerOf(raw.Node), line, column, before, after)));
        }
    }

    private static void Insert(List<Edit> edits, byte[] text, LineMap lines, InstructionDocument doc, RawFinding raw, int offset, string inserted)
    {
        var (line, column) = lines.Locate(text, offset);
        edits.Add(new Edit(offset, 0, inserted, new AppliedFix(raw.Rule.Code, doc.PointerOf(raw.Node), line, column, string.Empty, inserted.TrimEnd(',', ' '))));
    }

    /// <summary>The length in bytes of the one JSON token (a string, number or literal) at <paramref name="offset"/>, or null.</summary>
    private static int? TokenLength(byte[] text, int offset)
    {
        if (offset >= text.Length)
        {
            return null;
        }

        var end = offset + 1;
        if (text[offset] == (byte)'"')
        {
            for (; end < text.Length && text[end] != (byte)'"'; end++)
            {
                end += text[end] == (byte)'\\' ? 1 : 0; // an escaped character, a quote included
            }

            return end < text.Length ? end + 1 - offset : null;
        }

        while (end < text.Length && text[end] is not ((byte)',' or (byte)'}' or (byte)']' or (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
        {
            end++;
        }

        return end - offset;
    }

    private static string JsonString(string value) =>
        "\"" + JsonEncodedText.Encode(value, System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping) + "\"";
}
