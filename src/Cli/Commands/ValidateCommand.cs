using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using ImageSdk.Running;
using ImageSdk.Validation;

namespace ImageSdk.Cli.Commands;

/// <summary>
/// <c>imagesdk validate FILE... [--json]</c>: validates assembly JSON. Findings print in the MSBuild canonical form
/// <c>FILE(LINE,COL): error IMGnnnn: message</c>, or with <c>--json</c> as one array of
/// <c>{file, valid, errors: [{code, severity, path, line, column, message}], warnings: [...]}</c> in argument order.
/// Exit codes: 0 all valid, 1 some invalid, 2 usage or I/O (a file that cannot be read; the others are still validated).
/// With <c>--fix</c> it first applies the analyzer's fixes (<see cref="AssemblyFixer"/>): each file is rewritten in place, only
/// the fixed values changed, and <c>-</c> writes the fixed JSON to standard output; the changes are printed as
/// <c>FILE(LINE,COL): fixed IMGnnnn: PATH: BEFORE -> AFTER</c> (on standard error for <c>-</c>), and the exit code reflects what remains.
/// </summary>
public static class ValidateCommand
{
    /// <summary>The file name that stands for standard input.</summary>
    public const string StandardInput = "-";

    /// <summary>Creates the command.</summary>
    /// <param name="stdout">Where findings go.</param>
    /// <param name="stdin">Opens standard input, for the file <c>-</c>.</param>
    /// <param name="stderr">Where the changes of <c>--fix -</c> go, since the fixed JSON takes standard output.</param>
    public static Command Create(TextWriter stdout, Func<Stream> stdin, TextWriter? stderr = null)
    {
        stderr ??= stdout;
        var files = new Argument<string[]>("FILE") { Description = "Assembly JSON files; - reads standard input.", Arity = ArgumentArity.OneOrMore };
        var json = new Option<bool>("--json") { Description = "Print a JSON array of {file, valid, errors: [{code, severity, path, line, column, message}], warnings: [...]}." };
        var unknownModels = new Option<bool>("--unknown-models-as-warnings") { Description = "Report models the catalog does not know as warnings, for remote models newer than the catalog." };
        var warningsAsErrors = new Option<bool>("--warnings-as-errors") { Description = "Report every warning as an error." };
        var fix = new Option<bool>("--fix") { Description = "Apply the fixes the analyzer offers (did-you-mean names and values, clamped numbers, a format or model for svg), in place; with - the fixed JSON goes to standard output." };
        var command = new Command("validate", "Validate assembly JSON: syntax, robots, parameters, use references and model combinations.")
        {
            files, json, unknownModels, warningsAsErrors, fix,
        };
        // A synchronous action: an async one costs every call of this short process the JIT of the async machinery (generic
        // code over this assembly's state machines, which ReadyToRun cannot precompile) and a thread-pool thread.
        command.SetAction(parse => Run(
            parse.GetValue(files) ?? Array.Empty<string>(),
            parse.GetValue(json),
            parse.GetValue(fix),
            new ValidationOptions { UnknownModelsAsWarnings = parse.GetValue(unknownModels), WarningsAsErrors = parse.GetValue(warningsAsErrors) },
            stdout,
            stdin,
            stderr));
        return command;
    }

    /// <summary>
    /// Whether <paramref name="args"/> is the plain call <c>validate FILE...</c>: one or more files, no option, no standard
    /// input, no response file (<c>@FILE</c>) and no help alias (<c>/h</c>, <c>/?</c>): a call that
    /// <see cref="ImageSdkCli.Run"/> runs without building the command line's parser (System.CommandLine's commands, options
    /// and parse cost every start; docs/benchmarks.md, "imagesdk validate FILE start-up, third round"). What the parser
    /// would make of any of these tokens is the same: each is one file, in order.
    /// </summary>
    internal static bool IsPlainCall(string[] args)
    {
        if (args.Length < 2 || args[0] != "validate")
        {
            return false;
        }

        for (var i = 1; i < args.Length; i++)
        {
            var arg = args[i];
            // '-': an option, standard input or "--"; '@': a response file; "/h" and "/?" (alone or with ":" or "=" after
            // them): the help option's aliases.
            if (arg.Length == 0 || arg[0] == '-' || arg[0] == '@'
                || (arg.Length >= 2 && arg[0] == '/' && (arg[1] == 'h' || arg[1] == '?') && (arg.Length == 2 || arg[2] == ':' || arg[2] == '=')))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Validates (or with <paramref name="fix"/> fixes) <paramref name="files"/> and prints the findings: the command's action,
    /// which <see cref="ImageSdkCli.Run"/> also calls directly for a plain call (<see cref="IsPlainCall"/>).
    /// </summary>
    /// <returns>The exit code: 0 all valid, 1 some invalid, 2 a file that could not be read.</returns>
    internal static int Run(IReadOnlyList<string> files, bool json, bool fix, ValidationOptions options, TextWriter stdout, Func<Stream> stdin, TextWriter stderr)
    {
        var reports = new List<FileReport>();
        foreach (var file in files)
        {
            reports.Add(fix
                ? FixFileAsync(file, options, stdin, stdout, stderr, CancellationToken.None).GetAwaiter().GetResult()
                : ValidateFile(file, options, stdin));
        }

        // With --fix -, standard output carries the fixed JSON: the report goes to standard error.
        var report = fix && reports.Exists(r => r.File == StandardInput) ? stderr : stdout;
        if (json)
        {
            WriteJson(reports, report);
        }
        else
        {
            WriteText(reports, report);
        }

        return reports.Exists(r => r.Unreadable) ? ImageSdkCli.Usage
            : reports.TrueForAll(r => r.Result.IsValid) ? ImageSdkCli.Success
            : ImageSdkCli.Invalid;
    }

    private sealed record FileReport(string File, ValidationResult Result, bool Unreadable, IReadOnlyList<AppliedFix>? Fixes = null);

    /// <summary>Fixes one file: rewritten in place (atomically, and only when something changed), or written to standard output for <c>-</c>.</summary>
    private static async Task<FileReport> FixFileAsync(string file, ValidationOptions options, Func<Stream> stdin, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        try
        {
            if ((file == StandardInput ? StandardInputProblem() : InputFile.Problem(file)) is { } problem)
            {
                return Unreadable(file, problem);
            }

            byte[] bytes;
            if (file == StandardInput)
            {
                // Counted as it comes: `head -c 3G /dev/zero | imagesdk validate --fix -` stops at the limit.
                await using var input = stdin();
                bytes = await BoundedFile.ReadAllAsync(input, InputFile.MaxBytes, "standard input", cancellationToken).ConfigureAwait(false);
            }
            else if (InputFile.TryRead(file, InputFile.MaxBytes, out var readProblem) is { } read)
            {
                bytes = read;
            }
            else
            {
                return Unreadable(file, readProblem!);
            }

            var result = AssemblyFixer.Fix(bytes, options);
            if (file == StandardInput)
            {
                stdout.Write(System.Text.Encoding.UTF8.GetString(result.Utf8Json));
                stdout.Flush();
            }
            else if (result.Fixes.Count > 0)
            {
                // AtomicFile: a temporary file created exclusively beside the file (a link, the file's own if it is one),
                // then renamed over it; a link, the mode and hard links are kept or the file is refused. The changes are
                // printed only once they are written, so a failure never follows a "fixed" line.
                await AtomicFile.ReplaceAsync(file, (stream, token) => stream.WriteAsync(result.Utf8Json, token).AsTask(), cancellationToken).ConfigureAwait(false);
            }

            var name = file == StandardInput ? "stdin" : file;
            foreach (var change in result.Fixes)
            {
                var line = $"{ImageSdk.Tables.Printable.Escape(name)}({change.Line},{change.Column}): fixed {change.Code}: {ImageSdk.Tables.Printable.Escape(change.Path)}: {(change.Before.Length == 0 ? "added" : ImageSdk.Tables.Printable.Escape(change.Before))} -> {ImageSdk.Tables.Printable.Escape(change.After)}";
                (file == StandardInput ? stderr : stdout).WriteLine(line);
            }

            return new FileReport(file, result.Remaining, Unreadable: false, result.Fixes);
        }
        catch (InvalidDataException ex)
        {
            return Unreadable(file, ex.Message);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            return Unreadable(file, "fix", ex);
        }
    }

    private static FileReport ValidateFile(string file, ValidationOptions options, Func<Stream> stdin)
    {
        try
        {
            if ((file == StandardInput ? StandardInputProblem() : InputFile.Problem(file)) is { } problem)
            {
                return Unreadable(file, problem);
            }

            using var stream = file == StandardInput ? stdin() : BoundedFile.OpenRead(file);
            if (stream.CanSeek && stream.Length - stream.Position <= options.MaxDocumentBytes)
            {
                // A file within the limit (the common call) is read whole, at once, and validated without the stream API's
                // async machinery: generic code that ReadyToRun cannot precompile, so it would be compiled at each start.
                var bytes = new byte[stream.Length - stream.Position];
                var length = stream.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false);
                return new FileReport(file, AssemblyValidator.Validate(bytes.AsSpan(0, length), options), Unreadable: false);
            }

            // Standard input, and a file over the limit (the validator reads just past it and says so).
            var result = AssemblyValidator.ValidateAsync(stream, options).GetAwaiter().GetResult();
            return new FileReport(file, result, Unreadable: false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            return Unreadable(file, "read", ex);
        }
    }

    /// <summary>A file that could not be read or written, as "cannot VERB 'FILE': why".</summary>
    private static FileReport Unreadable(string file, string verb, Exception exception)
    {
        var reason = exception switch
        {
            FileNotFoundException or DirectoryNotFoundException => "the file does not exist",
            UnauthorizedAccessException => "permission denied",
            _ => exception.Message,
        };
        return Unreadable(file, $"cannot {verb} '{file}': {reason}" + (verb == "fix" && !reason.Contains("nothing was changed", StringComparison.Ordinal) ? "; nothing was changed" : string.Empty));
    }

    private static FileReport Unreadable(string file, string message) =>
        new(file, ValidationResult.Create(new[] { new ValidationFinding(ValidationRules.Unreadable.Code, ValidationSeverity.Error, string.Empty, 1, 1, ImageSdk.Tables.Printable.Escape(message), null) }), Unreadable: true);

    /// <summary>
    /// Null, or why standard input cannot be read. A process started with standard input closed gets file descriptor 0
    /// reused by the runtime for one of its own pipes, and a read there would wait forever; on Linux that pipe is
    /// recognised by its other end, which this process holds too.
    /// </summary>
    private static string? StandardInputProblem()
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        try
        {
            var target = new FileInfo("/proc/self/fd/0").LinkTarget;
            if (target is null || !target.StartsWith("pipe:", StringComparison.Ordinal))
            {
                return null;
            }

            foreach (var fd in Directory.EnumerateFileSystemEntries("/proc/self/fd"))
            {
                if (Path.GetFileName(fd) != "0" && new FileInfo(fd).LinkTarget == target && IsWriteEnd(Path.GetFileName(fd)))
                {
                    return "standard input is closed; pipe the assembly in (imagesdk validate - < FILE), or name the file";
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // no /proc: read as usual
        }

        return null;
    }

    /// <summary>Whether this process opened descriptor <paramref name="fd"/> for writing (O_WRONLY in /proc/self/fdinfo's octal flags).</summary>
    private static bool IsWriteEnd(string fd)
    {
        foreach (var line in File.ReadLines("/proc/self/fdinfo/" + fd))
        {
            if (line.StartsWith("flags:", StringComparison.Ordinal))
            {
                var flags = Convert.ToInt64(line["flags:".Length..].Trim(), 8);
                return (flags & 3) == 1;
            }
        }

        return false;
    }

    private static void WriteText(List<FileReport> reports, TextWriter stdout)
    {
        int errors = 0, warnings = 0, invalid = 0;
        foreach (var report in reports)
        {
            var name = report.File == StandardInput ? "stdin" : report.File;
            foreach (var finding in report.Result.Findings)
            {
                stdout.WriteLine(finding.ToCanonicalString(name));
            }

            errors += report.Result.ErrorCount;
            warnings += report.Result.WarningCount;
            invalid += report.Result.IsValid ? 0 : 1;
        }

        var files = reports.Count == 1 ? "1 file" : $"{reports.Count} files";
        var verdict = invalid == 0 ? "valid" : $"{reports.Count - invalid} valid, {invalid} invalid";
        stdout.WriteLine($"{files}: {verdict}; {Count(errors, "error")}, {Count(warnings, "warning")}.");
    }

    private static string Count(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";

    private static void WriteJson(List<FileReport> reports, TextWriter stdout)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartArray();
            foreach (var report in reports)
            {
                w.WriteStartObject();
                w.WriteString("file", report.File);
                w.WriteBoolean("valid", report.Result.IsValid);
                if (report.Fixes is { } fixes)
                {
                    w.WriteStartArray("fixed");
                    foreach (var change in fixes)
                    {
                        w.WriteStartObject();
                        w.WriteString("code", change.Code);
                        w.WriteString("path", change.Path);
                        w.WriteNumber("line", change.Line);
                        w.WriteNumber("column", change.Column);
                        w.WriteString("before", change.Before);
                        w.WriteString("after", change.After);
                        w.WriteEndObject();
                    }

                    w.WriteEndArray();
                }

                // Each list holds what its name says: errors make the file invalid, warnings do not.
                foreach (var (name, errors) in new[] { ("errors", true), ("warnings", false) })
                {
                    w.WriteStartArray(name);
                    foreach (var finding in report.Result.Findings.Where(f => (f.Severity == ValidationSeverity.Error) == errors))
                    {
                        finding.WriteTo(w);
                    }

                    w.WriteEndArray();
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        stdout.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
    }
}
