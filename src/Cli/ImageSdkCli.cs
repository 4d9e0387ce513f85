using System;
using System.CommandLine;
using System.IO;
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
        var root = new RootCommand("ImageSdk: typed Transloadit-style Assembly Instructions for the /image/generate robot.")
        {
            RunCommand.Create(stdout, stderr),
            ValidateCommand.Create(stdout, () => stdin ?? Console.OpenStandardInput(), stderr),
            ModelsCommand.Create(stdout),
            TranspileCommand.Create(stdout, stderr),
            ProvidersCommand.Create(stdout, stderr),
            AssembliesCommand.Create(stdout, stderr),
        };

        try
        {
            var parse = root.Parse(args);
            if (parse.Errors.Count > 0)
            {
                foreach (var error in parse.Errors)
                {
                    stderr.WriteLine("imagesdk: " + error.Message);
                }

                stderr.WriteLine("Run 'imagesdk --help' for usage.");
                return Usage;
            }

            return parse.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null });
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
    }
}
