using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using ImageSdk.Validation;
using ImageSdk.Validation.Engine;

namespace ImageSdk.Running;

/// <summary>
/// The instructions as the runner reads them: the validator's own document (never a second parse of the text), with
/// <c>${...}</c> variables filled in and checked again by the same rules. Local runs fill <c>${fields.NAME}</c> and
/// <c>${assembly.id}</c>; a step holding any other variable fails with <c>ASSEMBLY_VARIABLE_UNSUPPORTED</c> when it runs.
/// </summary>
internal sealed class RunInstructions
{
    private static readonly Regex s_variable = new(@"\$\{([^}]*)\}", RegexOptions.CultureInvariant | RegexOptions.Compiled);

    private RunInstructions(InstructionDocument doc, IReadOnlyList<StepInstructions> steps)
    {
        Document = doc;
        Steps = steps;
    }

    public InstructionDocument Document { get; }

    /// <summary>The steps, in the order of the instructions.</summary>
    public IReadOnlyList<StepInstructions> Steps { get; }

    /// <summary>The outcome of reading: the instructions, or the findings and message of why they cannot run.</summary>
    public sealed record Outcome(RunInstructions? Instructions, ValidationResult Validation, string? Error, string? Message);

    /// <summary>Validates, fills in variables, validates again.</summary>
    public static Outcome Read(ReadOnlySpan<byte> utf8, RunOptions options, string assemblyId)
    {
        var validation = AssemblyValidator.Read(utf8, options.Validation, out var doc);
        if (!validation.IsValid || doc is null)
        {
            return new Outcome(null, validation, "INVALID_ASSEMBLY_INSTRUCTIONS", "The assembly instructions are invalid; nothing ran.");
        }

        var fields = Fields(doc, options);
        var missing = new SortedSet<string>(StringComparer.Ordinal);
        var stepsNode = doc.Member(0, "steps");
        var steps = new List<StepInstructions>();
        for (var step = doc[stepsNode].FirstChild; step != InstructionDocument.None; step = doc[step].NextSibling)
        {
            if (doc.Member(stepsNode, doc[step].Name!) != step)
            {
                continue; // a step name given twice: the last one wins (IMG1004 said so), as in every JSON parser
            }

            var unsupported = new SortedSet<string>(StringComparer.Ordinal);
            var (all, paths) = Switches(doc, doc.Member(step, InterpolateKey));
            var filter = doc.Member(step, "robot") is var robot and not InstructionDocument.None && doc[robot].Text == FileFilterStep.RobotName;
            for (var member = doc[step].FirstChild; member != InstructionDocument.None; member = doc[member].NextSibling)
            {
                if (doc[member].Name is not ("robot" or "use" or InterpolateKey))
                {
                    // /file/filter's conditions read ${file.*} per file: its executor fills them in.
                    var perFile = filter && doc[member].Name is FileFilterStep.ParameterNames.Accepts or FileFilterStep.ParameterNames.Declines;
                    Interpolate(doc, member, doc[member].Name!, all, paths, fields, assemblyId, missing, unsupported, perFile);
                }
            }

            steps.Add(new StepInstructions(doc, step, unsupported));
        }

        if (missing.Count > 0)
        {
            var names = string.Join(", ", missing.Select(m => "${fields." + m + "}"));
            return new Outcome(null, ValidationResult.Create(Array.Empty<ValidationFinding>()), "ASSEMBLY_VARIABLES_MISSING",
                ImageSdk.Tables.Printable.Escape($"No value for {names}; give it in \"fields\" or with --field NAME=VALUE."));
        }

        var filled = AssemblyValidator.Recheck(utf8, doc, options.Validation);
        if (!filled.IsValid)
        {
            return new Outcome(null, filled, "INVALID_ASSEMBLY_INSTRUCTIONS", "The assembly instructions are invalid once their variables are filled in; nothing ran.");
        }

        return new Outcome(new RunInstructions(doc, steps), validation, null, null);
    }

    /// <summary>The assembly's <c>fields</c> as text (strings as they are, other values as JSON), then the options' over them.</summary>
    private static Dictionary<string, string> Fields(InstructionDocument doc, RunOptions options)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        var own = doc.Member(0, "fields");
        if (own != InstructionDocument.None && doc[own].Kind == InstructionKind.Object)
        {
            for (var field = doc[own].FirstChild; field != InstructionDocument.None; field = doc[field].NextSibling)
            {
                fields[doc[field].Name!] = doc[field].Kind == InstructionKind.String ? doc[field].Text! : InstructionJson.Write(doc, field, indented: false);
            }
        }

        foreach (var (key, value) in options.Fields)
        {
            fields[key] = value;
        }

        return fields;
    }

    /// <summary>The shared parameter that decides which values are interpolated; it is never interpolated itself.</summary>
    private const string InterpolateKey = "interpolate";

    /// <summary>
    /// A step's <c>interpolate</c>: whether values are filled in by default (false for <c>false</c> / <c>"false"</c>), and
    /// the switches of an object of parameter name or dotted path to boolean.
    /// </summary>
    private static (bool All, Dictionary<string, bool>? Paths) Switches(InstructionDocument doc, int index)
    {
        static bool? Switch(InstructionDocument doc, int node) => doc[node].Kind switch
        {
            InstructionKind.Boolean => doc[node].Boolean,
            InstructionKind.String when doc[node].Text is "true" or "false" => doc[node].Text == "true",
            _ => null,
        };

        if (index == InstructionDocument.None)
        {
            return (true, null);
        }

        if (doc[index].Kind != InstructionKind.Object)
        {
            return (Switch(doc, index) ?? true, null);
        }

        var paths = new Dictionary<string, bool>(StringComparer.Ordinal);
        for (var member = doc[index].FirstChild; member != InstructionDocument.None; member = doc[member].NextSibling)
        {
            if (Switch(doc, member) is { } on)
            {
                paths[doc[member].Name!] = on;
            }
        }

        return (true, paths);
    }

    /// <summary>Fills in the variables of every string under <paramref name="index"/> (at <paramref name="path"/>, dotted) that <c>interpolate</c> leaves on.</summary>
    private static void Interpolate(InstructionDocument doc, int index, string path, bool enabled, Dictionary<string, bool>? paths, Dictionary<string, string> fields, string assemblyId, SortedSet<string> missing, SortedSet<string> unsupported, bool perFile = false)
    {
        if (paths is not null && paths.TryGetValue(path, out var own))
        {
            enabled = own; // the nearest switch wins: {"output_meta": false, "output_meta.blurhash": true}
        }

        ref readonly var node = ref doc[index];
        if (node.Kind is InstructionKind.Object or InstructionKind.Array)
        {
            for (var child = node.FirstChild; child != InstructionDocument.None; child = doc[child].NextSibling)
            {
                var childPath = node.Kind == InstructionKind.Object ? path + "." + doc[child].Name : path;
                Interpolate(doc, child, childPath, enabled, paths, fields, assemblyId, missing, unsupported, perFile);
            }

            return;
        }

        if (!doc.IsVariable(index))
        {
            return;
        }

        if (!enabled)
        {
            doc.Fill(index, InstructionKind.String, node.Text, 0, boolean: false); // literal text, ${...} and all, as interpolate says
            return;
        }

        var text = node.Text!;
        var unfilled = false;
        var result = s_variable.Replace(text, match =>
        {
            var name = match.Groups[1].Value;
            if (name.StartsWith("fields.", StringComparison.Ordinal))
            {
                if (fields.TryGetValue(name["fields.".Length..], out var value))
                {
                    return value;
                }

                missing.Add(name["fields.".Length..]);
            }
            else if (name == "assembly.id")
            {
                return assemblyId;
            }
            else if (perFile && name.StartsWith("file.", StringComparison.Ordinal))
            {
                // left as written, for the executor to fill in per file
            }
            else
            {
                unsupported.Add(match.Value);
            }

            unfilled = true;
            return match.Value;
        });

        if (unfilled)
        {
            return; // the step fails when it runs (unsupported), or the whole run does (missing)
        }

        // A value that is one variable alone takes the field's JSON type, as Transloadit does: numbers and booleans stay so.
        var whole = s_variable.Match(text) is { Success: true } m && m.Length == text.Length;
        if (whole && long.TryParse(result, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            doc.Fill(index, InstructionKind.Number, result, integer, boolean: false);
        }
        else if (whole && result is "true" or "false")
        {
            doc.Fill(index, InstructionKind.Boolean, null, 0, result == "true");
        }
        else
        {
            doc.Fill(index, InstructionKind.String, result, 0, boolean: false);
        }
    }
}
