using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using ImageSdk.Running;
using ImageSdk.Tables;
using Microsoft.Extensions.DependencyInjection;
using Parameter = ImageSdk.ImageGenerateStep.ParameterNames;

namespace ImageSdk.Cli.Commands;

/// <summary>
/// <c>imagesdk generate --prompt P [--model M] [--format F] [--seed N] [--aspect-ratio R] [--width W] [--height H]
/// [--style S] [--num-outputs N] [--input PATH]... [--provider P] [-o OUT] [--json]</c>, after Transloadit's
/// <c>transloadit image generate</c>: one <c>/image/generate</c> step without writing an assembly (with an upload step and
/// <c>use: ":original"</c> when there are inputs), validated and run like <c>imagesdk run</c>. <c>-o</c> is a file for one
/// output, or a folder (created if missing) for several, or when it names a folder. Exit codes as <c>run</c>.
/// </summary>
public static class GenerateCommand
{
    /// <summary>The name of the step <c>generate</c> writes.</summary>
    public const string StepName = "generated";

    /// <summary>Creates the command.</summary>
    /// <param name="stdout">Where the result goes.</param>
    /// <param name="stderr">Where errors go.</param>
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var prompt = new Option<string>("--prompt") { Description = "What to generate, or for an input image what to change.", Required = true };
        var model = new Option<string?>("--model") { Description = "The model: a catalog id or alias (imagesdk models); google/nano-banana when omitted." };
        var format = new Option<string?>("--format") { Description = "jpeg, jpg, png, gif, webp or svg (svg from recraft-v3); the model's default when omitted." };
        var seed = new Option<long?>("--seed") { Description = "The seed; several outputs use seed, seed+1, ..." };
        var aspectRatio = new Option<string?>("--aspect-ratio") { Description = "W:H, e.g. 16:9." };
        var width = new Option<long?>("--width") { Description = "Width in pixels." };
        var height = new Option<long?>("--height") { Description = "Height in pixels." };
        var style = new Option<string?>("--style") { Description = "A style from the model's list (recraft-v3)." };
        var numOutputs = new Option<long?>("--num-outputs") { Description = "How many images, 1 to 10." };
        var inputs = new Option<string[]>("--input") { HelpName = "[FIELD=]PATH", Description = "An input image (as [FIELD=]PATH; the field image or mask sets its role). Repeatable." };
        var provider = new Option<string?>("--provider") { Description = ImageSdk.Providers.ProviderRegistration.NamesText + "; chosen from the configured keys when omitted." };
        var output = new Option<string>("--output", "-o") { HelpName = "PATH", Description = "A file for one output, or a folder for several (created if missing).", DefaultValueFactory = _ => "." };
        var json = new Option<bool>("--json") { Description = "Print the result JSON (Transloadit's shape, with path on every file)." };
        var command = new Command("generate", "Generate (or, with --input, edit) images with one /image/generate step, without writing an assembly.")
        {
            prompt, model, format, seed, aspectRatio, width, height, style, numOutputs, inputs, provider, output, json,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var asJson = parse.GetValue(json);
            var uploads = (parse.GetValue(inputs) ?? Array.Empty<string>()).Select(RunCommand.ParseUpload).ToList();
            if (uploads.Select(u => InputFile.Problem(u.Path)).FirstOrDefault(p => p is not null) is { } inputProblem)
            {
                stderr.WriteLine($"imagesdk: --input: {inputProblem}");
                return ImageSdkCli.Usage;
            }

            var target = parse.GetValue(output)!;
            if (string.IsNullOrWhiteSpace(target))
            {
                stderr.WriteLine("imagesdk: -o is empty; give a file or a folder");
                return ImageSdkCli.Usage;
            }

            // -o is checked before any (paid) call: a file for several images, or one that cannot be replaced, is refused now.
            if (OutputProblem(target, parse.GetValue(numOutputs) ?? 1) is { } outputProblem)
            {
                stderr.WriteLine("imagesdk: " + outputProblem);
                return ImageSdkCli.Usage;
            }

            if (parse.GetValue(provider) is { } named && !ProvidersCommand.Names.Contains(named))
            {
                stderr.WriteLine($"imagesdk: --provider '{Printable.Escape(named)}' is not a provider; use one of {string.Join(", ", ProvidersCommand.Names)}");
                return ImageSdkCli.Usage;
            }

            var instructions = Instructions(uploads.Count > 0, writer =>
            {
                Text(writer, Parameter.Model, parse.GetValue(model));
                Text(writer, Parameter.Prompt, parse.GetValue(prompt));
                Text(writer, Parameter.Format, parse.GetValue(format));
                Number(writer, Parameter.Seed, parse.GetValue(seed));
                Text(writer, Parameter.AspectRatio, parse.GetValue(aspectRatio));
                Number(writer, Parameter.Width, parse.GetValue(width));
                Number(writer, Parameter.Height, parse.GetValue(height));
                Text(writer, Parameter.Style, parse.GetValue(style));
                Number(writer, Parameter.NumOutputs, parse.GetValue(numOutputs));
                Text(writer, Parameter.Provider, parse.GetValue(provider));
            });

            // The run writes beside the target (one file system, so the files move there atomically), then they move.
            var full = Path.GetFullPath(target);
            var folder = Directory.Exists(full) || EndsWithSeparator(target) ? full : Path.GetDirectoryName(full)!;
            var work = Path.Combine(folder, ".imagesdk-generate-" + Guid.NewGuid().ToString("N")[..12]);
            using var services = ProvidersCommand.Services(null, stderr);
            AssemblyResult result;
            try
            {
                Directory.CreateDirectory(folder);
                result = await services.GetRequiredService<AssemblyRunner>()
                    .RunAsync(instructions, uploads, new RunOptions { OutputDirectory = work, Provider = parse.GetValue(provider) }, null, cancellationToken)
                    .ConfigureAwait(false);
                if (result.Completed)
                {
                    await PlaceAsync(result.Results.TryGetValue(StepName, out var files) ? files : Array.Empty<ResultFile>(), target, full, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                stderr.WriteLine("imagesdk: " + Printable.Escape(ex.Message));
                return ImageSdkCli.Usage;
            }
            catch (Exception ex) when (ex is ArgumentException or Microsoft.Extensions.Options.OptionsValidationException)
            {
                stderr.WriteLine("imagesdk: PROVIDER_CONFIGURATION_INVALID: " + Printable.Escape(Providers.Secrets.Redact(ex.Message))); // e.g. a .env endpoint for a key from the environment
                return ImageSdkCli.Usage;
            }
            catch (AssemblyCanceledException)
            {
                stderr.WriteLine("imagesdk: cancelled; no partial file was left.");
                return RunCommand.Cancelled;
            }
            finally
            {
                if (Directory.Exists(work))
                {
                    Directory.Delete(work, recursive: true);
                }
            }

            if (asJson)
            {
                stdout.WriteLine(result.ToJson(includePaths: true));
            }
            else if (result.Completed)
            {
                foreach (var warning in result.Warnings)
                {
                    stdout.WriteLine("note: " + Printable.Escape(warning));
                }

                foreach (var file in result.Results.TryGetValue(StepName, out var files) ? files : Array.Empty<ResultFile>())
                {
                    stdout.WriteLine($"wrote {Printable.Escape(file.Path!)} ({file.Mime}, {file.Size:N0} bytes)");
                }
            }
            else
            {
                foreach (var finding in result.Findings)
                {
                    // Findings point into JSON the user never wrote: name the option instead (/steps/generated/aspect_ratio -> --aspect-ratio).
                    var option = finding.Path.StartsWith("/steps/" + StepName + "/", StringComparison.Ordinal) ? "--" + finding.Path.Split('/')[^1].Replace('_', '-') : "generate";
                    stderr.WriteLine($"imagesdk: {finding.SeverityName} {finding.Code}: {option}: {Printable.Escape(finding.Message)}");
                }

                stderr.WriteLine($"imagesdk: {result.Error}: {Printable.Escape(result.Message)}");
            }

            return result.Completed ? ImageSdkCli.Success : ImageSdkCli.Invalid;
        });
        return command;
    }

    /// <summary>The one-step assembly: an upload step and <c>use</c> when there are inputs.</summary>
    private static byte[] Instructions(bool hasInputs, Action<Utf8JsonWriter> parameters)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartObject("steps");
            if (hasInputs)
            {
                writer.WriteStartObject(UploadHandleStep.RequiredStepName);
                writer.WriteString("robot", UploadHandleStep.RobotName);
                writer.WriteEndObject();
            }

            writer.WriteStartObject(StepName);
            writer.WriteString("robot", ImageGenerateStep.RobotName);
            if (hasInputs)
            {
                writer.WriteString(Parameter.Use, UploadHandleStep.RequiredStepName);
            }

            parameters(writer);
            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static void Text(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }

    private static void Number(Utf8JsonWriter writer, string name, long? value)
    {
        if (value is { } number)
        {
            writer.WriteNumber(name, number);
        }
    }

    private static bool EndsWithSeparator(string path) => path.EndsWith('/') || path.EndsWith(Path.DirectorySeparatorChar);

    /// <summary>Why -o <paramref name="target"/> cannot take <paramref name="count"/> images, or null.</summary>
    private static string? OutputProblem(string target, long count)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(target));
        if (Directory.Exists(full))
        {
            return null;
        }

        if (EndsWithSeparator(target))
        {
            return File.Exists(full) ? $"-o '{Printable.Escape(target)}' is a file, not a folder" : null;
        }

        if (count > 1 && File.Exists(full))
        {
            return $"-o '{Printable.Escape(target)}' is a file, but --num-outputs {count} makes {count} images; give a folder (created if missing)";
        }

        return count > 1 ? null : AtomicFile.CannotReplace(target);
    }

    /// <summary>
    /// Puts the outputs at <paramref name="target"/>: the file itself for one output (replaced as curl -o does, through
    /// <see cref="AtomicFile"/>), else into the folder, never over another file there.
    /// </summary>
    private static async Task PlaceAsync(IReadOnlyList<ResultFile> files, string target, string full, CancellationToken cancellationToken)
    {
        if (files.Count == 1 && !Directory.Exists(full) && !EndsWithSeparator(target))
        {
            files[0].Path = await AtomicFile.ReplaceAsync(full, (stream, token) => CopyAsync(files[0].Path!, stream, token), cancellationToken).ConfigureAwait(false);
            return;
        }

        Directory.CreateDirectory(full);
        foreach (var file in files)
        {
            var names = AtomicFile.Numbered(full, Path.GetFileName(file.Path!));
            file.Path = await AtomicFile.CreateAsync(full, names, 10_000, (stream, token) => CopyAsync(file.Path!, stream, token), cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task CopyAsync(string source, Stream destination, CancellationToken cancellationToken)
    {
        await using var input = File.OpenRead(source); // the run's own file, in its private work folder
        await input.CopyToAsync(destination, cancellationToken).ConfigureAwait(false);
    }
}
