using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using ImageSdk.Cli.Commands;

namespace ImageSdk.Cli;

/// <summary>The <c>imagesdk</c> command line. Exit codes: 0 success, 1 invalid input or a failed assembly, 2 usage or I/O.</summary>
public static class ImageSdkCli
{
    /// <summary>Exit code: success.</summary>
    public const int Success = 0;

    /// <summary>Exit code: invalid input, or a failed assembly.</summary>
    public const int Invalid = 1;

    /// <summary>Exit code: usage or I/O error.</summary>
    public const int Usage = 2;

    /// <summary>Runs the command line with the given output streams; never throws.</summary>
    /// <param name="args">The arguments.</param>
    /// <param name="stdout">Standard output.</param>
    /// <param name="stderr">Standard error.</param>
    /// <param name="stdin">Standard input, read for the file name <c>-</c>; the console's when null.</param>
    /// <returns>The exit code.</returns>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, Stream? stdin = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        try
        {
            // The plain `validate FILE...` (the common call, and the per-call cost issue 26 measures) skips the parser: its
            // commands and options and their generic code over bool cost more than the validation of a small file.
            return ValidateCommand.IsPlainCall(args)
                ? ValidateCommand.Run(args.AsSpan(1).ToArray(), json: false, fix: false, new ImageSdk.Validation.ValidationOptions(), stdout, () => stdin ?? Console.OpenStandardInput(), stderr)
                : Parse(args, stdout, stderr, stdin);
        }
        catch (IOException ex)
        {
            stderr.WriteLine("imagesdk: " + ex.Message);
            return Usage;
        }
        catch (UnauthorizedAccessException ex)
        {
            stderr.WriteLine("imagesdk: " + ex.Message);
            return Usage;
        }
        catch (Exception ex) when (Running.StepException.NativeLibraryProblem(ex) is { } native)
        {
            // A missing libvips outside a step (a step reports it as its error): a clear line, never an abort (exit 134).
            stderr.WriteLine("imagesdk: " + native);
            return Usage;
        }
    }

    /// <summary>Builds the command line (the root and the named command, or all commands), parses <paramref name="args"/> and runs the command.</summary>
    private static int Parse(string[] args, TextWriter stdout, TextWriter stderr, Stream? stdin)
    {
        var (parse, problems) = ParseArguments(args, stdout, stderr, stdin);
        if (problems.Count > 0)
        {
            // An option the command does not have is named as one, never taken for a file or blamed on the next token.
            foreach (var problem in problems)
            {
                stderr.WriteLine("imagesdk: " + problem);
            }

            stderr.WriteLine($"Run '{CommandLine(parse.CommandResult)} --help' for usage.");
            return Usage;
        }

        return parse.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null });
    }

    /// <summary>
    /// Parses <paramref name="args"/> as <see cref="Run"/> does, running nothing: the parse, and the usage errors <see cref="Run"/>
    /// would report with exit 2 (unknown options first, else the parser's errors), empty when the arguments are well formed.
    /// </summary>
    internal static (ParseResult Parse, IReadOnlyList<string> Problems) ParseArguments(string[] args, TextWriter stdout, TextWriter stderr, Stream? stdin)
    {
        // --version prints this tool's version (the package's), not the host process's, as VersionOption would in a test host.
        var version = new Option<bool>("--version") { Description = "Show the version." };
        // Named imagesdk, as the tool installs it, whatever the executable is called (dotnet ImageSdk.Cli.dll, a test host).
        var root = new Command("imagesdk", "ImageSdk: Transloadit Assembly Instructions with every robot: validate them, turn them into C# builders and back, and run them here or on Transloadit.")
        {
            new System.CommandLine.Help.HelpOption(),
            version,
        };
        var commands = new (string Name, Func<Command> Create)[]
        {
            ("run", () => RunCommand.Create(stdout, stderr)),
            ("generate", () => GenerateCommand.Create(stdout, stderr)),
            ("validate", () => ValidateCommand.Create(stdout, () => stdin ?? Console.OpenStandardInput(), stderr)),
            ("models", () => ModelsCommand.Create(stdout, stderr)),
            ("robots", () => RobotsCommand.Create(stdout, stderr)),
            ("schema", () => SchemaCommand.Create(stdout)),
            ("transpile", () => TranspileCommand.Create(stdout, stderr)),
            ("providers", () => ProvidersCommand.Create(stdout, stderr)),
            ("assemblies", () => AssembliesCommand.Create(stdout, stderr)),
        };

        // Start-up: a call builds only the command it names (each command's options, actions and the types they touch
        // cost type loads and JIT at every start); the root's help, --version and a mistyped command get them all.
        var named = false;
        foreach (var (name, _) in commands)
        {
            named |= args.Length > 0 && name == args[0]; // a loop, not Array.FindIndex over tuples: generic code ReadyToRun leaves to the JIT
        }

        foreach (var (name, create) in commands)
        {
            if (!named || name == args[0])
            {
                root.Add(create());
            }
        }

        root.SetAction(parse =>
        {
            if (!parse.GetValue(version))
            {
                stderr.WriteLine("imagesdk: give a command; run 'imagesdk --help' for the list.");
                return Usage;
            }

            var informational = typeof(ImageSdkCli).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
                .OfType<System.Reflection.AssemblyInformationalVersionAttribute>().FirstOrDefault()?.InformationalVersion ?? "unknown";
            stdout.WriteLine(informational.Split('+')[0]);
            return Success;
        });

        var parse = root.Parse(args);
        var problems = UnknownOptions(parse);
        if (problems.Count == 0)
        {
            problems = Unmatched(parse);
        }

        return (parse, problems.Count > 0 ? problems : parse.Errors.Select(Describe).Distinct(StringComparer.Ordinal).ToList());
    }

    /// <summary>The command as typed, e.g. <c>imagesdk assemblies get</c>, for "see 'imagesdk assemblies get --help'".</summary>
    private static string CommandLine(System.CommandLine.Parsing.CommandResult command)
    {
        var names = new List<string>();
        for (System.CommandLine.Parsing.SymbolResult? current = command; current is System.CommandLine.Parsing.CommandResult result; current = current.Parent)
        {
            names.Insert(0, result.Command.Name);
        }

        return string.Join(' ', names);
    }

    /// <summary>
    /// Words the parser took for nothing: at the top, an unknown command, with a did-you-mean and the list; after a command,
    /// an argument it does not take. Options are <see cref="UnknownOptions"/>'s.
    /// </summary>
    private static List<string> Unmatched(ParseResult parse)
    {
        var command = parse.CommandResult.Command;
        var problems = new List<string>();
        if (parse.UnmatchedTokens.Count > 0 && command == parse.RootCommandResult.Command)
        {
            // The first word names the command; the words after it are that command's, unknown with it.
            var token = parse.UnmatchedTokens[0];
            var names = command.Subcommands.Select(c => c.Name).ToList();
            var suggestion = ImageSdk.Validation.Engine.DidYouMean.Suggest(token, names);
            problems.Add($"unknown command '{ImageSdk.Tables.Printable.Escape(token)}'{ImageSdk.Validation.Engine.DidYouMean.Hint(suggestion)}; commands: {string.Join(", ", names)}");
            return problems;
        }

        foreach (var token in parse.UnmatchedTokens)
        {
            problems.Add($"'{CommandLine(parse.CommandResult)["imagesdk ".Length..]}' does not take the argument '{ImageSdk.Tables.Printable.Escape(token)}'");
        }

        return problems;
    }

    /// <summary>
    /// A parse error in the tool's words: a missing argument or option value is named with its help text ("'run' needs
    /// ASSEMBLY: ..."), and a value that is not a whole number for a numeric option is "--width: 'abc' is not a whole number",
    /// never the parser's "as expected type 'System.Nullable`1[System.Int64]'"; other errors as the parser says them.
    /// </summary>
    private static string Describe(System.CommandLine.Parsing.ParseError error)
    {
        // A command's argument or an option given no value: what it is, in the words of its help.
        switch (error.SymbolResult)
        {
            case System.CommandLine.Parsing.ArgumentResult { Tokens.Count: 0, Parent: System.CommandLine.Parsing.CommandResult command } missing:
                return $"'{CommandLine(command)["imagesdk ".Length..]}' needs {missing.Argument.Name}: {missing.Argument.Description}";
            case System.CommandLine.Parsing.OptionResult { Tokens.Count: 0 } empty when empty.Option.Arity.MinimumNumberOfValues > 0:
                return $"{empty.Option.Name} needs a value: {empty.Option.Description}";
        }

        var (option, tokens) = error.SymbolResult switch
        {
            System.CommandLine.Parsing.OptionResult o => (o.Option, o.Tokens),
            System.CommandLine.Parsing.ArgumentResult { Parent: System.CommandLine.Parsing.OptionResult o } a => (o.Option, a.Tokens),
            _ => (null, null),
        };
        var type = option is null ? null : Nullable.GetUnderlyingType(option.ValueType) ?? option.ValueType;
        if ((type != typeof(int) && type != typeof(long)) || tokens is null)
        {
            return error.Message;
        }

        foreach (var token in tokens)
        {
            var digits = token.Value.TrimStart('-', '+');
            if (digits.Length == 0 || !digits.All(char.IsAsciiDigit))
            {
                return $"{option!.Name}: '{ImageSdk.Tables.Printable.Escape(token.Value)}' is not a whole number";
            }

            if (!long.TryParse(token.Value, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var value)
                || (type == typeof(int) && value is < int.MinValue or > int.MaxValue))
            {
                return $"{option!.Name}: {token.Value} is out of range";
            }
        }

        return error.Message;
    }

    /// <summary>
    /// The tokens that look like options (<c>--jsno</c>, <c>-x</c>; <c>-</c> alone is standard input, <c>-3</c> a number) but are no option of the
    /// command being run, each as "unknown option '--jsno' (did you mean '--json'?)".
    /// </summary>
    private static List<string> UnknownOptions(ParseResult parse)
    {
        var command = parse.CommandResult.Command;
        var known = command.Options.Concat(parse.RootCommandResult.Command.Options.Where(o => o.Recursive))
            .SelectMany(o => o.Aliases.Prepend(o.Name))
            .ToList();
        var afterSeparator = false;
        var unknown = new List<string>();
        foreach (var token in parse.Tokens)
        {
            afterSeparator |= token.Value == "--";
            var text = token.Value.Split('=', 2)[0];
            if (!afterSeparator && text.Length > 1 && text[0] == '-' && !IsNumber(text) && token.Type != System.CommandLine.Parsing.TokenType.Option && !known.Contains(text, StringComparer.Ordinal))
            {
                var suggestion = ImageSdk.Validation.Engine.DidYouMean.Suggest(text, known);
                unknown.Add($"unknown option '{text}' for '{command.Name}'{ImageSdk.Validation.Engine.DidYouMean.Hint(suggestion)}");
            }
        }

        return unknown;
    }

    /// <summary>Whether <paramref name="text"/> is a negative number (<c>-3</c>, <c>-0.5</c>): an option's value, never an option.</summary>
    private static bool IsNumber(string text) =>
        double.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign | System.Globalization.NumberStyles.AllowDecimalPoint, System.Globalization.CultureInfo.InvariantCulture, out _);
}
