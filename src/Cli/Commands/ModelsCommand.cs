using System;
using System.CommandLine;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using ImageSdk.Tables;
using Spectre.Console;

namespace ImageSdk.Cli.Commands;

/// <summary><c>imagesdk models [MODEL] [--json]</c>: lists the model catalog from the generated schema tables, or shows one model in full.</summary>
public static class ModelsCommand
{
    /// <summary>Creates the command, writing to <paramref name="stdout"/>.</summary>
    /// <param name="stdout">Where the listing goes.</param>
    /// <param name="stderr">Where an unknown model is reported.</param>
    public static Command Create(TextWriter stdout, TextWriter? stderr = null)
    {
        stderr ??= Console.Error;
        var json = new Option<bool>("--json") { Description = "Print a JSON array of {id, aliases, providers, ...capabilities} (one object with MODEL)." };
        var id = new Argument<string?>("MODEL") { Description = "Show one model in full: its routes, capabilities, ratios and styles, listed.", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("models", "List the models of the catalog with their providers and capabilities, or show one.") { id, json };
        command.SetAction(parse =>
        {
            if (parse.GetValue(id) is { } name)
            {
                if (SchemaTables.FindModel(name) is not { } model)
                {
                    var suggestion = ImageSdk.Validation.Engine.DidYouMean.Suggest(name, SchemaTables.ModelNames);
                    stderr.WriteLine($"imagesdk: unknown model '{Printable.Escape(name)}'{(suggestion is null ? string.Empty : $" (did you mean '{suggestion}'?)")}; models: {string.Join(", ", SchemaTables.Models.Select(m => m.Id))}");
                    return ImageSdkCli.Usage;
                }

                if (parse.GetValue(json))
                {
                    using var array = JsonDocument.Parse(ToJson(new[] { model }));
                    stdout.WriteLine(JsonSerializer.Serialize(array.RootElement[0], new JsonSerializerOptions { WriteIndented = true }));
                }
                else
                {
                    WriteModel(model, stdout);
                }

                return ImageSdkCli.Success;
            }

            if (parse.GetValue(json))
            {
                stdout.Write(ToJson(SchemaTables.Models));
                stdout.WriteLine();
            }
            else
            {
                WriteTable(SchemaTables.Models, stdout);
            }

            return ImageSdkCli.Success;
        });
        return command;
    }

    /// <summary>The catalog as an indented JSON array: one object per model with its id, aliases, providers and capabilities.</summary>
    /// <param name="models">The models.</param>
    public static string ToJson(System.Collections.Generic.IEnumerable<ModelSpec> models)
    {
        ArgumentNullException.ThrowIfNull(models);
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartArray();
            foreach (var model in models)
            {
                var c = model.Capabilities;
                w.WriteStartObject();
                w.WriteString("id", model.Id);
                Strings(w, "aliases", model.Aliases);
                w.WriteString("display_name", model.DisplayName);
                w.WriteString("description", model.Description);
                Strings(w, "providers", model.Providers.Select(p => p.Provider));
                w.WriteStartArray("routes");
                foreach (var route in model.Providers)
                {
                    w.WriteStartObject();
                    w.WriteString("provider", route.Provider);
                    w.WriteString("model_id", route.ModelId);
                    if (route.Native is { } native)
                    {
                        w.WriteStartObject("native");
                        Strings(w, "formats", native.Formats);
                        w.WriteNumber("max_outputs_per_call", native.MaxOutputsPerCall);
                        Strings(w, "aspect_ratios", native.AspectRatios);
                        w.WriteString("mask", native.Mask.ToJsonValue());
                        w.WriteBoolean("seed", native.Seed);
                        if (native.Styles.Count > 0)
                        {
                            Strings(w, "styles", native.Styles);
                        }

                        if (native.SvgModelId is { } svg)
                        {
                            w.WriteString("svg_model_id", svg);
                        }

                        w.WriteEndObject();
                    }

                    w.WriteEndObject();
                }

                w.WriteEndArray();
                Strings(w, "formats", c.Formats);
                w.WriteString("default_format", c.DefaultFormat);
                w.WriteBoolean("image_input", c.ImageInput);
                w.WriteBoolean("mask_input", c.MaskInput);
                Strings(w, "required_inputs", c.RequiredInputs);
                w.WriteNumber("max_outputs_per_call", c.MaxOutputsPerCall);
                Strings(w, "aspect_ratios", c.AspectRatios);
                w.WriteString("default_aspect_ratio", c.DefaultAspectRatio);
                w.WriteStartObject("size");
                w.WriteBoolean("supported", c.Size.Supported);
                Number(w, "min", c.Size.Min);
                Number(w, "max", c.Size.Max);
                Number(w, "multiple_of", c.Size.MultipleOf);
                w.WriteEndObject();
                Strings(w, "styles", c.Styles);
                w.WriteBoolean("seed", c.Seed);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>One model in full, as lines: every list written out, not counted.</summary>
    private static void WriteModel(ModelSpec model, TextWriter stdout)
    {
        static string List(System.Collections.Generic.IEnumerable<string> values) => values.Any() ? string.Join(", ", values) : "-";
        var c = model.Capabilities;
        stdout.WriteLine($"{model.Id} ({model.DisplayName})");
        stdout.WriteLine($"  {model.Description}");
        stdout.WriteLine($"  aliases:         {List(model.Aliases)}");
        stdout.WriteLine($"  formats:         {List(c.Formats)} (default {c.DefaultFormat})");
        stdout.WriteLine($"  inputs:          {List(c.InputRoles)}{(c.RequiredInputs.Count > 0 ? $" (requires {string.Join(" and ", c.RequiredInputs)})" : string.Empty)}");
        stdout.WriteLine($"  outputs per call: {c.MaxOutputsPerCall}");
        stdout.WriteLine($"  aspect ratios:   {(c.AspectRatios.Count == 0 ? "any, from width and height" : List(c.AspectRatios))} (default {c.DefaultAspectRatio})");
        stdout.WriteLine($"  size:            {(c.Size.Supported ? $"{c.Size.Min?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"}..{c.Size.Max?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"} px{(c.Size.MultipleOf is { } m ? $", multiples of {m}" : string.Empty)}" : "ignored; use aspect_ratio")}");
        stdout.WriteLine($"  styles:          {List(c.Styles)}");
        if (c.SvgStyles.Count > 0)
        {
            stdout.WriteLine($"  styles for svg:  {List(c.SvgStyles)}");
        }

        stdout.WriteLine($"  seed:            {(c.Seed ? "yes" : "no")}");
        foreach (var route in model.Providers)
        {
            stdout.WriteLine($"  route {route.Provider}: {route.ModelId}");
            if (route.Native is { } n)
            {
                stdout.WriteLine($"    formats {List(n.Formats)}; {n.MaxOutputsPerCall} per call; up to {n.MaxInputImages} input image(s); mask {n.Mask.ToJsonValue()}; seed {(n.Seed ? "yes" : "no")}");
                stdout.WriteLine($"    aspect ratios {(n.AspectRatios.Count == 0 ? "any, as a pixel size" : List(n.AspectRatios))}");
                if (n.Styles.Count > 0)
                {
                    stdout.WriteLine($"    styles {List(n.Styles)}");
                }

                if (n.SvgModelId is { } svg)
                {
                    stdout.WriteLine($"    svg from {svg}");
                }
            }
        }
    }

    private static void WriteTable(System.Collections.Generic.IEnumerable<ModelSpec> models, TextWriter stdout)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(stdout) });
        if (Console.IsOutputRedirected || !ReferenceEquals(stdout, Console.Out))
        {
            console.Profile.Width = int.TryParse(Environment.GetEnvironmentVariable("COLUMNS"), out var columns) && columns > 0 ? columns : 160;
        }

        if (console.Profile.Width < 120)
        {
            WriteNarrow(models, stdout, console.Profile.Width); // a table that fits in fewer columns would break words
            return;
        }

        var table = new Table().Border(TableBorder.Rounded);
        foreach (var column in new[] { "Model", "Aliases", "Providers", "Formats", "Inputs", "Per call", "Aspect ratios", "Size", "Styles", "Seed" })
        {
            table.AddColumn(column is "Model" or "Aliases" or "Providers" ? new TableColumn(column).NoWrap() : new TableColumn(column));
        }

        foreach (var model in models)
        {
            var c = model.Capabilities;
            var inputs = (c.ImageInput ? "image" : string.Empty) + (c.MaskInput ? " mask" : string.Empty) +
                (c.RequiredInputs.Count > 0 ? " (requires " + string.Join("+", c.RequiredInputs) + ")" : string.Empty);
            var size = !c.Size.Supported ? "-" :
                $"{c.Size.Min?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"}..{c.Size.Max?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"}" +
                (c.Size.MultipleOf is { } step ? $" /{step}" : string.Empty);
            table.AddRow(
                Markup.Escape(model.Id),
                Markup.Escape(string.Join(", ", model.Aliases)),
                Markup.Escape(string.Join(", ", model.Providers.Select(p => p.Provider))),
                Markup.Escape(string.Join(", ", c.Formats)), // wrapped between names, never inside one
                Markup.Escape(inputs.Trim().Length == 0 ? "-" : inputs.Trim()),
                c.MaxOutputsPerCall.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Markup.Escape(c.AspectRatios.Count == 0 ? "from size" : c.AspectRatios.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                Markup.Escape(size),
                c.Styles.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
                c.Seed ? "yes" : "no");
        }

        console.Write(table);
    }

    /// <summary>The catalog in a narrow terminal: a few lines per model, wrapped between words.</summary>
    private static void WriteNarrow(System.Collections.Generic.IEnumerable<ModelSpec> models, TextWriter stdout, int width)
    {
        foreach (var model in models)
        {
            var c = model.Capabilities;
            stdout.WriteLine(model.Id + (model.Aliases.Count > 0 ? " (" + string.Join(", ", model.Aliases) + ")" : string.Empty));
            var inputs = c.InputRoles.Count == 0 ? "none" : string.Join(" and ", c.InputRoles);
            var ratios = c.AspectRatios.Count == 0 ? "any" : c.AspectRatios.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var text = $"providers {string.Join(", ", model.Providers.Select(p => p.Provider))}; formats {string.Join(", ", c.Formats)}; inputs {inputs}; "
                + $"{c.MaxOutputsPerCall} per call; {ratios} aspect ratios; {c.Styles.Count} styles; seed {(c.Seed ? "yes" : "no")}";
            foreach (var line in Wrap(text, Math.Max(20, width - 2)))
            {
                stdout.WriteLine("  " + line);
            }
        }

        stdout.WriteLine("imagesdk models MODEL shows one in full.");
    }

    /// <summary>Lines of at most <paramref name="width"/> characters, broken between words only.</summary>
    private static System.Collections.Generic.IEnumerable<string> Wrap(string text, int width)
    {
        var line = new StringBuilder();
        foreach (var word in text.Split(' '))
        {
            if (line.Length > 0 && line.Length + 1 + word.Length > width)
            {
                yield return line.ToString();
                line.Clear();
            }

            line.Append(line.Length > 0 ? " " : string.Empty).Append(word);
        }

        if (line.Length > 0)
        {
            yield return line.ToString();
        }
    }

    private static void Strings(Utf8JsonWriter writer, string name, System.Collections.Generic.IEnumerable<string> values)
    {
        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }

    private static void Number(Utf8JsonWriter writer, string name, int? value)
    {
        if (value is { } v)
        {
            writer.WriteNumber(name, v);
        }
        else
        {
            writer.WriteNull(name);
        }
    }
}
