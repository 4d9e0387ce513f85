using System;
using System.CommandLine;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using ImageSdk.Tables;
using Spectre.Console;

namespace ImageSdk.Cli.Commands;

/// <summary><c>imagesdk models [--json]</c>: lists the model catalog from the generated schema tables.</summary>
public static class ModelsCommand
{
    /// <summary>Creates the command, writing to <paramref name="stdout"/>.</summary>
    /// <param name="stdout">Where the listing goes.</param>
    public static Command Create(TextWriter stdout)
    {
        var json = new Option<bool>("--json") { Description = "Print a JSON array of {id, aliases, providers, ...capabilities}." };
        var command = new Command("models", "List the models of the catalog with their providers and capabilities.") { json };
        command.SetAction(parse =>
        {
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
                w.WriteString("displayName", model.DisplayName);
                w.WriteString("description", model.Description);
                Strings(w, "providers", model.Providers.Select(p => p.Provider));
                w.WriteStartArray("routes");
                foreach (var route in model.Providers)
                {
                    w.WriteStartObject();
                    w.WriteString("provider", route.Provider);
                    w.WriteString("modelId", route.ModelId);
                    if (route.Native is { } native)
                    {
                        w.WriteStartObject("native");
                        Strings(w, "formats", native.Formats);
                        w.WriteNumber("maxOutputsPerCall", native.MaxOutputsPerCall);
                        Strings(w, "aspectRatios", native.AspectRatios);
                        w.WriteString("mask", native.Mask);
                        w.WriteBoolean("seed", native.Seed);
                        if (native.Styles.Count > 0)
                        {
                            Strings(w, "styles", native.Styles);
                        }

                        if (native.SvgModelId is { } svg)
                        {
                            w.WriteString("svgModelId", svg);
                        }

                        w.WriteEndObject();
                    }

                    w.WriteEndObject();
                }

                w.WriteEndArray();
                Strings(w, "formats", c.Formats);
                w.WriteString("defaultFormat", c.DefaultFormat);
                w.WriteBoolean("imageInput", c.ImageInput);
                w.WriteBoolean("maskInput", c.MaskInput);
                Strings(w, "requiredInputs", c.RequiredInputs);
                w.WriteNumber("maxOutputsPerCall", c.MaxOutputsPerCall);
                Strings(w, "aspectRatios", c.AspectRatios);
                w.WriteString("defaultAspectRatio", c.DefaultAspectRatio);
                w.WriteStartObject("size");
                w.WriteBoolean("supported", c.Size.Supported);
                Number(w, "min", c.Size.Min);
                Number(w, "max", c.Size.Max);
                Number(w, "multipleOf", c.Size.MultipleOf);
                w.WriteEndObject();
                Strings(w, "styles", c.Styles);
                w.WriteBoolean("seed", c.Seed);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WriteTable(System.Collections.Generic.IEnumerable<ModelSpec> models, TextWriter stdout)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(stdout) });
        if (Console.IsOutputRedirected || !ReferenceEquals(stdout, Console.Out))
        {
            console.Profile.Width = 160;
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
                Markup.Escape(string.Join(",", c.Formats)),
                Markup.Escape(inputs.Trim().Length == 0 ? "-" : inputs.Trim()),
                c.MaxOutputsPerCall.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Markup.Escape(c.AspectRatios.Count == 0 ? "from size" : c.AspectRatios.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                Markup.Escape(size),
                c.Styles.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
                c.Seed ? "yes" : "no");
        }

        console.Write(table);
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
