using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using System.Text;
using ImageSdk.Running;
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
        var output = new Option<string?>("--output", "-o") { HelpName = "PATH", Description = "Write to this file instead of standard output." };
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

            if (extension == ".json" && NameClash(options.ClassName, options.MethodName, result.Output!) is { } clash)
            {
                stderr.WriteLine($"imagesdk: the class name '{options.ClassName}' {clash}; give another with --class.");
                return System.Threading.Tasks.Task.FromResult(ImageSdkCli.Usage);
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

    /// <summary>
    /// Why <paramref name="className"/> would not compile in <paramref name="code"/>, or null: it is a contextual keyword
    /// (<c>record</c>, <c>var</c>), the name of the method it holds (CS0542), or the name of a type in a namespace the code
    /// imports (<c>AssemblyBuilder</c> would hide ImageSdk's own, CS0722), read from the loaded assemblies, not a list.
    /// </summary>
    private static string? NameClash(string className, string methodName, string code)
    {
        if (Microsoft.CodeAnalysis.CSharp.SyntaxFacts.GetContextualKeywordKind(className) != Microsoft.CodeAnalysis.CSharp.SyntaxKind.None)
        {
            return "is a C# keyword";
        }

        if (className == methodName)
        {
            return $"is the name of its method {methodName}";
        }

        var imported = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in code.Split('\n'))
        {
            var text = line.Trim().TrimStart('\uFEFF');
            if (text.StartsWith("using ", StringComparison.Ordinal) && text.EndsWith(';'))
            {
                imported.Add(text["using ".Length..^1].Trim());
            }
        }

        if (imported.Any(n => n.Split('.').Contains(className, StringComparer.Ordinal)))
        {
            return "is a namespace the code imports";
        }

        var anchors = new[] { typeof(ImageSdk.AssemblyBuilder).Assembly, typeof(System.Text.Json.Nodes.JsonNode).Assembly, typeof(System.Collections.Generic.List<>).Assembly };
        foreach (var assembly in AppDomain.CurrentDomain.GetAssemblies().Concat(anchors).Distinct())
        {
            if (assembly.IsDynamic)
            {
                continue;
            }

            Type[] types;
            try
            {
                types = assembly.GetExportedTypes();
            }
            catch (Exception ex) when (ex is NotSupportedException or System.Reflection.ReflectionTypeLoadException or System.IO.FileNotFoundException)
            {
                continue;
            }

            foreach (var type in types)
            {
                if (type.DeclaringType is null && type.Namespace is { } ns && imported.Contains(ns) && type.Name.Split('`')[0] == className)
                {
                    return $"is the name of {type.FullName!.Split('`')[0]}, in a namespace the code imports";
                }
            }
        }

        return null;
    }

    /// <summary>Replaces the target whole or not at all, through <see cref="AtomicFile"/> (never through a link planted at a temporary name).</summary>
    private static void WriteAtomically(string target, string text)
    {
        var bytes = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(text.EndsWith('\n') ? text : text + "\n");
        AtomicFile.ReplaceAsync(target, (stream, token) => stream.WriteAsync(bytes, token).AsTask(), System.Threading.CancellationToken.None).GetAwaiter().GetResult();
    }
}
