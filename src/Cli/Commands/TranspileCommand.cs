using System;
using System.CommandLine;
using System.IO;
using System.Text;
using ImageSdk.Transpiler;

namespace ImageSdk.Cli.Commands;

/// <summary>
/// <c>imagesdk transpile FILE.json [-o OUT.cs] [--namespace N] [--class C]</c> writes builder code;
/// <c>imagesdk transpile FILE.cs [-o OUT.json]</c> writes indented assembly JSON. Without <c>-o</c> the output goes to
/// standard output. Exit codes: 0 done, 1 input that cannot be transpiled (the reasons on standard error, in the MSBuild
/// canonical form), 2 usage or I/O. Nothing is written on failure, and <c>-o</c> is replaced whole or not at all.
/// </summary>
public static class TranspileCommand
{
    /// <summary>Creates the command.</summary>
    /// <param name="stdout">Where the output goes without <c>-o</c>.</param>
    /// <param name="stderr">Where the reasons go.</param>
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var file = new Argument<string>("FILE") { Description = "Assembly JSON (.json) to turn into C#, or C# (.cs) to turn into assembly JSON." };
        var output = new Option<string?>("-o", "--output") { Description = "Write to this file instead of standard output." };
        var ns = new Option<string?>("--namespace") { Description = "The namespace of the C# (JSON input only). Default: Assemblies." };
        var className = new Option<string?>("--class") { Description = "The static class of the C# (JSON input only). Default: from the file name." };
        var chain = new Option<string?>("--chain") { Description = "The chain to read from a C# file with several: the method, property or variable it belongs to (the error lists them)." };
        var command = new Command("transpile", "Convert assembly JSON into C# builder code, or C# builder code into assembly JSON.")
        {
            file, output, ns, className, chain,
        };
        command.SetAction((parse, cancellationToken) =>
        {
            var path = parse.GetValue(file)!;
            var extension = Path.GetExtension(path).ToLowerInvariant();
            if (extension is not (".json" or ".cs"))
            {
                stderr.WriteLine($"imagesdk: '{path}' must end in .json (JSON to C#) or .cs (C# to JSON).");
                return System.Threading.Tasks.Task.FromResult(ImageSdkCli.Usage);
            }

            var namespaceName = parse.GetValue(ns);
            var classNameValue = parse.GetValue(className);
            if (extension == ".cs" && (namespaceName is not null || classNameValue is not null))
            {
                stderr.WriteLine("imagesdk: --namespace and --class apply to JSON input, which becomes C#.");
                return System.Threading.Tasks.Task.FromResult(ImageSdkCli.Usage);
            }

            if (extension == ".json" && parse.GetValue(chain) is not null)
            {
                stderr.WriteLine("imagesdk: --chain applies to C# input, which may hold several chains.");
                return System.Threading.Tasks.Task.FromResult(ImageSdkCli.Usage);
            }

            var options = new CSharpOptions(namespaceName ?? "Assemblies", classNameValue ?? CSharpOptions.ClassNameFor(path));
            if (options.Check() is { } problem)
            {
                stderr.WriteLine("imagesdk: " + problem);
                return System.Threading.Tasks.Task.FromResult(ImageSdkCli.Usage);
            }

            if (InputFile.TryRead(path, InputFile.MaxBytes, out var readProblem) is not { } input)
            {
                stderr.WriteLine("imagesdk: " + readProblem);
                return System.Threading.Tasks.Task.FromResult(ImageSdkCli.Usage);
            }

            var result = extension == ".json"
                ? AssemblyTranspiler.ToCSharp(input, options)
                : AssemblyTranspiler.ToJson(new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetString(input).TrimStart('\uFEFF'), path, parse.GetValue(chain), cancellationToken);
            if (!result.Succeeded)
            {
                foreach (var error in result.Errors)
                {
                    stderr.WriteLine(error.ToCanonicalString(path));
                }

                stderr.WriteLine($"{path}: cannot be transpiled ({result.Errors.Count} reason{(result.Errors.Count == 1 ? string.Empty : "s")}).");
                return System.Threading.Tasks.Task.FromResult(ImageSdkCli.Invalid);
            }

            if (parse.GetValue(output) is { } target)
            {
                WriteAtomically(target, result.Output!);
            }
            else
            {
                stdout.Write(result.Output);
                if (!result.Output!.EndsWith('\n'))
                {
                    stdout.WriteLine();
                }
            }

            return System.Threading.Tasks.Task.FromResult(ImageSdkCli.Success);
        });
        return command;
    }

    /// <summary>Writes a temporary file beside the target and renames it over, so the target is never half-written.</summary>
    private static void WriteAtomically(string target, string text)
    {
        var full = Path.GetFullPath(target);
        var directory = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"{target}: the folder {directory} does not exist.");
        }

        var temp = Path.Combine(directory, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            File.WriteAllText(temp, text.EndsWith('\n') ? text : text + "\n", new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }
}
