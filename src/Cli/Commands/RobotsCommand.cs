using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using ImageSdk.Tables;

namespace ImageSdk.Cli.Commands;

/// <summary>
/// <c>imagesdk robots [ROBOT] [--json]</c>: lists the robots of the schema tables with their tier (local or remote-only)
/// and docs link, or shows one robot's parameters with their types and defaults.
/// </summary>
public static class RobotsCommand
{
    private const string Local = "local";
    private const string RemoteOnly = "remote-only";

    /// <summary>Creates the command, writing to <paramref name="stdout"/>.</summary>
    /// <param name="stdout">Where the listing goes.</param>
    /// <param name="stderr">Where an unknown robot is reported.</param>
    public static Command Create(TextWriter stdout, TextWriter? stderr = null)
    {
        stderr ??= Console.Error;
        var json = new Option<bool>("--json") { Description = "Print JSON (snake_case keys): an array of robots, or one robot with its parameters." };
        var name = new Argument<string?>("ROBOT") { Description = "Show one robot, e.g. /image/resize (the leading / may be left out): its parameters, types, defaults, tier and docs link.", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("robots", "List the robots with their tier (local, or remote-only: runs on Transloadit) and docs link, or show one.") { name, json };
        command.SetAction(parse =>
        {
            if (parse.GetValue(name) is { } wanted)
            {
                var robot = Find(wanted);
                if (robot is null)
                {
                    var names = SchemaTables.Robots.Select(r => r.Name).ToList();
                    var suggestion = ImageSdk.Validation.Engine.DidYouMean.Suggest(wanted.StartsWith('/') ? wanted : "/" + wanted, names);
                    stderr.WriteLine($"imagesdk: unknown robot '{Printable.Escape(wanted)}'{(suggestion is null ? string.Empty : $" (did you mean '{suggestion}'?)")}; run 'imagesdk robots' for the list");
                    return ImageSdkCli.Invalid;
                }

                stdout.Write(parse.GetValue(json) ? RobotJson(robot) : RobotText(robot));
                return ImageSdkCli.Success;
            }

            stdout.Write(parse.GetValue(json) ? ListJson() : ListText());
            return ImageSdkCli.Success;
        });
        return command;
    }

    /// <summary>
    /// The tier of a robot: <c>local</c> when the runtime's executor registry runs it (the runner's built-in executors),
    /// else <c>remote-only</c>.
    /// </summary>
    /// <param name="robot">The robot name, e.g. <c>/image/resize</c>.</param>
    public static string TierOf(string robot) => ImageSdk.Running.AssemblyRunner.BuiltInExecutors().Any(e => e.Robot == robot) ? Local : RemoteOnly;

    /// <summary>The robot's page in Transloadit's docs: <c>/image/resize</c> is https://transloadit.com/docs/robots/image-resize/.</summary>
    /// <param name="robot">The robot name.</param>
    public static string DocsLink(string robot) => "https://transloadit.com/docs/robots/" + robot.Trim('/').Replace('/', '-') + "/";

    private static RobotSpec? Find(string name) => SchemaTables.FindRobot(name) ?? SchemaTables.FindRobot("/" + name.Trim('/'));

    private static string ListText()
    {
        var robots = SchemaTables.Robots;
        var width = robots.Max(r => r.Name.Length);
        var text = new StringBuilder();
        text.Append("Robot".PadRight(width)).Append("  Tier         Parameters  Docs\n");
        foreach (var robot in robots)
        {
            text.Append(robot.Name.PadRight(width)).Append("  ").Append(TierOf(robot.Name).PadRight(11)).Append("  ")
                .Append(robot.Parameters.Count.ToString(System.Globalization.CultureInfo.InvariantCulture).PadLeft(10)).Append("  ").Append(DocsLink(robot.Name)).Append('\n');
        }

        var local = robots.Count(r => TierOf(r.Name) == Local);
        text.Append($"{robots.Count} robots: {local} run locally, {robots.Count - local} remote-only (imagesdk run --remote transloadit). 'imagesdk robots ROBOT' shows one.\n");
        return text.ToString();
    }

    private static string RobotText(RobotSpec robot)
    {
        var text = new StringBuilder();
        text.Append(robot.Name).Append(robot.BuilderTypeName is { } builder ? $" (C#: {builder})" : string.Empty).Append('\n');
        text.Append("Tier: ").Append(TierOf(robot.Name) == Local ? "local (imagesdk run executes it on this machine)" : "remote-only (runs on Transloadit: imagesdk run --remote transloadit)").Append('\n');
        text.Append("Docs: ").Append(DocsLink(robot.Name)).Append('\n');
        if (robot.RequiredStepName is { } step)
        {
            text.Append("Step name: ").Append(step).Append('\n');
        }

        text.Append($"Parameters ({robot.Parameters.Count}):\n");
        var width = robot.Parameters.Count == 0 ? 0 : robot.Parameters.Max(p => p.Name.Length);
        foreach (var p in robot.Parameters)
        {
            text.Append("  ").Append(p.Name.PadRight(width)).Append("  ").Append(p.Schema is null && !p.Accepts(ValueForms.Use) ? string.Join(" | ", TypesOf(p)) : Forms(p.Description));
            if (p.Required)
            {
                text.Append("  (required)");
            }

            if (p.DefaultJson is { } value)
            {
                text.Append("  default ").Append(value);
            }

            text.Append('\n');
        }

        // The C# names a newcomer cannot guess from the JSON: the types the builder's methods take (enums are named after
        // the robot and the parameter, ImageResizeResizeStrategy), read from the generator's contract in the tables.
        var typed = robot.Parameters.Select(p => (p.Name, Type: p.ArgumentTypeName ?? (p.Takes(BuilderArguments.Catalog) ? p.Catalog : null))).Where(p => p.Type is not null).ToList();
        if (robot.BuilderTypeName is { } type && robot.Parameters.Count > 0)
        {
            var example = robot.Parameters[0].Name == "use" && robot.Parameters.Count > 1 ? robot.Parameters[1] : robot.Parameters[0];
            text.Append($"C#: new {type}(), a method per parameter ({example.Name}: .{example.MemberName}(...)){(typed.Count > 0 ? "; the types they take:" : ".")}\n");
            foreach (var (parameter, argument) in typed)
            {
                text.Append("  ").Append(parameter.PadRight(width)).Append("  ").Append(argument).Append('\n');
            }
        }

        return text.ToString();
    }

    /// <summary>
    /// The forms of a parameter its schema judges (a union, array, object or imported enum), or of <c>use</c>, in the words of
    /// its description: the value types alone would say "string" for a list of 202 names, and "use" for the
    /// four forms of <c>use</c>. A description may begin with what the parameter is for (the import's meanings), so all of it
    /// is kept but its default, which has its own column.
    /// </summary>
    private static string Forms(string description)
    {
        var end = description.IndexOf(" Default: ", StringComparison.Ordinal);
        end = end >= 0 ? end : description.IndexOf(" Has a default.", StringComparison.Ordinal);
        return (end < 0 ? description : description.Substring(0, end)).TrimEnd('.');
    }

    /// <summary>The forms a parameter's value takes, in words a schema reader knows.</summary>
    private static List<string> TypesOf(ParameterSpec p)
    {
        var types = new List<string>();
        void Add(ValueForms form, string type)
        {
            if (p.Accepts(form) && !types.Contains(type))
            {
                types.Add(type);
            }
        }

        Add(ValueForms.Use, "use");
        Add(ValueForms.String, "string");
        Add(ValueForms.Integer, "integer");
        Add(ValueForms.Number, "number");
        Add(ValueForms.Boolean, "boolean");
        if (p.Accepts(ValueForms.Enum) && p.EnumValues.Count > 0)
        {
            types.Add("enum: " + string.Join(", ", p.EnumValues));
        }

        Add(ValueForms.EnumArray, "array");
        Add(ValueForms.StringArray, "array");
        Add(ValueForms.BooleanMap, "object");
        Add(ValueForms.Object, "object");
        Add(ValueForms.Scalar, "object");
        Add(ValueForms.Null, "null");
        Add(ValueForms.IntegerString, "number string");
        Add(ValueForms.BooleanString, "\"true\"/\"false\"");
        Add(ValueForms.Interpolation, "${...}");
        if (types.Count == 0)
        {
            types.Add("any");
        }

        return types;
    }

    private static string ListJson() => Write(w =>
    {
        w.WriteStartArray();
        foreach (var robot in SchemaTables.Robots)
        {
            w.WriteStartObject();
            Head(w, robot);
            w.WriteNumber("parameter_count", robot.Parameters.Count);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    });

    private static string RobotJson(RobotSpec robot) => Write(w =>
    {
        w.WriteStartObject();
        Head(w, robot);
        if (robot.RequiredStepName is { } step)
        {
            w.WriteString("step_name", step);
        }

        w.WriteStartArray("parameters");
        foreach (var p in robot.Parameters)
        {
            w.WriteStartObject();
            w.WriteString("name", p.Name);
            w.WriteStartArray("types");
            foreach (var type in TypesOf(p))
            {
                w.WriteStringValue(type);
            }

            w.WriteEndArray();
            w.WriteBoolean("required", p.Required);
            if (p.DefaultJson is { } value)
            {
                using var parsed = JsonDocument.Parse(value);
                w.WritePropertyName("default");
                parsed.RootElement.WriteTo(w);
            }

            if (p.Accepts(ValueForms.Enum) && p.EnumValues.Count > 0)
            {
                w.WriteStartArray("enum");
                foreach (var e in p.EnumValues)
                {
                    w.WriteStringValue(e);
                }

                w.WriteEndArray();
            }

            w.WriteString("description", p.Description);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    });

    private static void Head(Utf8JsonWriter w, RobotSpec robot)
    {
        w.WriteString("name", robot.Name);
        w.WriteString("tier", TierOf(robot.Name));
        w.WriteString("docs", DocsLink(robot.Name));
        if (robot.BuilderTypeName is { } builder)
        {
            w.WriteString("builder", builder);
        }
    }

    private static string Write(Action<Utf8JsonWriter> write)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            write(w);
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }
}
