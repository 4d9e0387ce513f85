using System;
using System.Collections.Generic;
using System.Globalization;
using ImageSdk.Tables;

namespace ImageSdk.Validation.Engine;

/// <summary>What a planned fix does to the document.</summary>
internal enum FixAction : byte
{
    /// <summary>No fix.</summary>
    None,

    /// <summary>Writes <see cref="PlannedFix.Text"/> in place of the value, in the value's own form: a string stays a string, a number a number.</summary>
    Replace,

    /// <summary>Renames the member to <see cref="PlannedFix.Text"/>.</summary>
    Rename,

    /// <summary>Adds <see cref="PlannedFix.Parameter"/>, the string <see cref="PlannedFix.Text"/>, to the step that holds the value: a model for a step that names none.</summary>
    Add,
}

/// <summary>The one fix of a finding, as <see cref="FixPlanner"/> chose it; every front end applies exactly this.</summary>
/// <param name="Action">What it does.</param>
/// <param name="Node">The value it changes (for <see cref="FixAction.Add"/>, the value it adds a parameter beside).</param>
/// <param name="Text">The value or name it writes: a string's text, or a number as JSON writes it.</param>
/// <param name="Quoted">Whether what it writes is a string.</param>
/// <param name="Parameter">The parameter it adds (<see cref="FixAction.Add"/>), or whose enum value it writes; null otherwise.</param>
internal readonly record struct PlannedFix(FixAction Action, int Node, string Text, bool Quoted, ParameterSpec? Parameter = null);

/// <summary>
/// Decides the one fix for each finding, for both fixers: the analyzer hands it to the code fix as the diagnostic's
/// properties, and <c>validate --fix</c> writes it into the JSON text. The rules say what could fix a finding (a did-you-mean,
/// the nearest allowed number, the model's own format, a model that can); the planner picks one and checks it by running the
/// rules again on the changed document. A fix never introduces a new error: a candidate is dropped when an error appears that
/// was not there before, unless that error has a fix of its own that passes the same check (a renamed parameter whose value
/// is then clamped; a corrected model that cannot draw svg, whose format then changes). A model for svg is taken only for a
/// step that names no model, and only when it brings no new finding at all, warnings included (its inputs, sizes, ratios and
/// styles all still fit); otherwise the format changes to the one the model delivers.
/// </summary>
internal static class FixPlanner
{
    /// <summary>How many fixes deep a revealed error may be fixed in turn (rename, then did-you-mean, then format).</summary>
    private const int RevealDepth = 3;

    private const string RobotKey = "robot";

    /// <summary>
    /// The fix of each of <paramref name="findings"/> (same order; <see cref="FixAction.None"/> where there is none). The fixes
    /// are planned one after another on a copy of the document, each checked with those before it applied, so all of them
    /// together are safe: a front end applies them at once.
    /// </summary>
    public static PlannedFix[] Plan(InstructionDocument doc, ValidationOptions options, IReadOnlyList<RawFinding> findings)
    {
        if (findings.Count == 0)
        {
            return Array.Empty<PlannedFix>(); // a valid assembly allocates nothing here
        }

        var plans = new PlannedFix[findings.Count];
        var any = false;
        for (var i = 0; i < findings.Count && !any; i++)
        {
            any = findings[i].Fix is not null && findings[i].Node != InstructionDocument.None;
        }

        if (!any)
        {
            return plans;
        }

        var working = doc.Clone();
        var current = Check(working, options);
        for (var i = 0; i < findings.Count; i++)
        {
            var finding = findings[i];
            if (finding.Fix is null || finding.Node == InstructionDocument.None || !TryFind(current, finding, out var now))
            {
                continue; // no fix, or gone with a fix planned before it
            }

            foreach (var (candidate, alternative) in Candidates(working, now))
            {
                var trial = Apply(working, candidate);
                var after = Check(trial, options);
                if (Removes(current, after, now) && IsSafe(current, after, trial, options, RevealDepth, strict: alternative))
                {
                    plans[i] = candidate;
                    working = trial;
                    current = after;
                    break;
                }
            }
        }

        return plans;
    }

    /// <summary>What could fix <paramref name="finding"/>, best first; <c>Alternative</c> marks one that must bring no new finding at all, since another follows.</summary>
    private static IEnumerable<(PlannedFix Fix, bool Alternative)> Candidates(InstructionDocument doc, RawFinding finding)
    {
        var fix = finding.Fix!;
        var node = finding.Node;
        var kind = doc[node].Kind;
        if (finding.AtName)
        {
            // A parameter's did-you-mean, unless the step has that parameter already (the rename would repeat it).
            if (fix.TryGetValue(FixProperty.Replace, out var name) && doc[node].Parent != InstructionDocument.None && doc.Member(doc[node].Parent, name) == InstructionDocument.None)
            {
                yield return (new PlannedFix(FixAction.Rename, node, name, Quoted: true), false);
            }

            yield break;
        }

        if (fix.TryGetValue(FixProperty.Replace, out var replacement) && kind == InstructionKind.String)
        {
            yield return (new PlannedFix(FixAction.Replace, node, replacement, Quoted: true), false);
        }

        if (fix.TryGetValue(FixProperty.Clamp, out var clamp) && kind is InstructionKind.Number or InstructionKind.String)
        {
            yield return (new PlannedFix(FixAction.Replace, node, clamp, Quoted: kind == InstructionKind.String), false);
        }

        // A value the model cannot take: a model that can, for a step that names none; else the value the model delivers.
        if (fix.TryGetValue(FixProperty.Value, out var value) && kind == InstructionKind.String && StepOf(doc, node) is { } owner)
        {
            var (step, plan) = owner;
            if (fix.TryGetValue(FixProperty.Model, out var model) && plan.CatalogOrdinal >= 0
                && doc.Member(step, plan.Parameters[plan.CatalogOrdinal].Name) == InstructionDocument.None)
            {
                yield return (new PlannedFix(FixAction.Add, node, model, Quoted: true, plan.Parameters[plan.CatalogOrdinal]), true);
            }

            var ordinal = doc[node].Name is { } parameter ? plan.IndexOf(parameter) : -1;
            yield return (new PlannedFix(FixAction.Replace, node, value, Quoted: true, ordinal >= 0 ? plan.Parameters[ordinal] : null), false);
        }
    }

    /// <summary>The step that holds <paramref name="node"/> as a parameter, and its robot; null when the node is not a parameter of a known robot's step.</summary>
    private static (int Step, RobotPlan Plan)? StepOf(InstructionDocument doc, int node)
    {
        var step = doc[node].Parent;
        if (step == InstructionDocument.None || doc[step].Kind != InstructionKind.Object)
        {
            return null;
        }

        var robot = doc.Member(step, RobotKey);
        return robot != InstructionDocument.None && doc[robot].Kind == InstructionKind.String && RobotPlan.Find(doc[robot].Text!) is { } plan ? (step, plan) : null;
    }

    /// <summary>A copy of <paramref name="doc"/> with <paramref name="fix"/> applied.</summary>
    private static InstructionDocument Apply(InstructionDocument doc, PlannedFix fix)
    {
        var copy = doc.Clone();
        switch (fix.Action)
        {
            case FixAction.Replace when copy[fix.Node].Kind == InstructionKind.Number:
                copy.SetNumber(fix.Node, double.Parse(fix.Text, NumberStyles.Float, CultureInfo.InvariantCulture), fix.Text);
                break;
            case FixAction.Replace:
                copy.SetText(fix.Node, fix.Text);
                break;
            case FixAction.Rename:
                copy.Rename(fix.Node, fix.Text);
                break;
            case FixAction.Add:
                copy.AddString(copy[fix.Node].Parent, fix.Parameter!.Name, fix.Text);
                break;
        }

        return copy;
    }

    private static IReadOnlyList<RawFinding> Check(InstructionDocument doc, ValidationOptions options)
    {
        var sink = new FindingSink();
        new AssemblyChecker().Run(doc, options, sink);
        return sink.Findings;
    }

    /// <summary>Whether no finding in <paramref name="after"/> is new, but errors that a fix of their own (at most <paramref name="depth"/> deep) removes safely; <paramref name="strict"/>: no new finding at all.</summary>
    private static bool IsSafe(IReadOnlyList<RawFinding> before, IReadOnlyList<RawFinding> after, InstructionDocument changed, ValidationOptions options, int depth, bool strict)
    {
        var counts = Counts(before);
        foreach (var finding in after)
        {
            var key = Key(finding);
            if (counts.TryGetValue(key, out var count) && count > 0)
            {
                counts[key] = count - 1; // there before
                continue;
            }

            if (strict)
            {
                return false;
            }

            if (finding.Severity != ValidationSeverity.Error)
            {
                continue; // a warning the fix reveals (a ratio the corrected model snaps) is no error
            }

            if (depth == 0 || finding.Fix is null || finding.Node == InstructionDocument.None || !FixesInTurn(after, changed, finding, options, depth - 1))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether an error a fix revealed has a fix of its own that removes it safely.</summary>
    private static bool FixesInTurn(IReadOnlyList<RawFinding> findings, InstructionDocument doc, RawFinding revealed, ValidationOptions options, int depth)
    {
        foreach (var (candidate, alternative) in Candidates(doc, revealed))
        {
            var trial = Apply(doc, candidate);
            var after = Check(trial, options);
            if (Removes(findings, after, revealed) && IsSafe(findings, after, trial, options, depth, alternative))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether <paramref name="after"/> holds fewer findings like <paramref name="finding"/> than <paramref name="before"/>.</summary>
    private static bool Removes(IReadOnlyList<RawFinding> before, IReadOnlyList<RawFinding> after, RawFinding finding)
    {
        var key = Key(finding);
        var count = 0;
        foreach (var item in before)
        {
            count += Key(item).Equals(key) ? 1 : 0;
        }

        foreach (var item in after)
        {
            count -= Key(item).Equals(key) ? 1 : 0;
        }

        return count > 0;
    }

    /// <summary>The finding of <paramref name="findings"/> with the same rule, value and place as <paramref name="finding"/>.</summary>
    private static bool TryFind(IReadOnlyList<RawFinding> findings, RawFinding finding, out RawFinding found)
    {
        var key = Key(finding);
        foreach (var item in findings)
        {
            if (Key(item).Equals(key))
            {
                found = item;
                return true;
            }
        }

        found = default;
        return false;
    }

    /// <summary>A finding by what it is about: its rule, its value (node indices stay when a fix changes the document) and whether it is the name.</summary>
    private static (string Code, int Node, bool AtName) Key(RawFinding finding) => (finding.Rule.Code, finding.Node, finding.AtName);

    private static Dictionary<(string, int, bool), int> Counts(IReadOnlyList<RawFinding> findings)
    {
        var counts = new Dictionary<(string, int, bool), int>();
        foreach (var finding in findings)
        {
            var key = Key(finding);
            counts[key] = counts.TryGetValue(key, out var count) ? count + 1 : 1;
        }

        return counts;
    }
}
