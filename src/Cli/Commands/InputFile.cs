using System;
using System.IO;
using ImageSdk.Running;
using ImageSdk.Tables;

namespace ImageSdk.Cli.Commands;

/// <summary>Reads a file the command line was given, within a size limit, with a message that says truly what is wrong.</summary>
internal static class InputFile
{
    /// <summary>The largest assembly or C# file read: 4 MiB, the validator's own document limit.</summary>
    public const long MaxBytes = 4 * 1024 * 1024;

    /// <summary>Reads <paramref name="path"/> whole, or says why not: it does not exist, is a folder, cannot be read, or is larger than <paramref name="maxBytes"/>.</summary>
    public static byte[]? TryRead(string path, long maxBytes, out string? error)
    {
        error = Problem(path);
        if (error is not null)
        {
            return null;
        }

        try
        {
            return BoundedFile.ReadAllBytes(path, maxBytes);
        }
        catch (InvalidDataException ex)
        {
            error = ex.Message;
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            error = BoundedFile.NotRegular(path) ?? $"cannot read '{Printable.Escape(path)}': {(ex is UnauthorizedAccessException ? "permission denied" : Printable.Escape(ex.Message))}";
            return null;
        }
    }

    /// <summary>Why <paramref name="path"/> is not a readable file (missing, a folder, a FIFO, a device), or null when it may be one.</summary>
    public static string? Problem(string path) =>
        path.Length == 0 ? "the file name is empty"
        : Directory.Exists(path) ? $"'{Printable.Escape(path)}' is a folder, not a file"
        : !File.Exists(path) ? $"'{Printable.Escape(path)}' does not exist"
        : BoundedFile.NotRegular(path); // a FIFO would wait for a writer, /dev/zero never ends: refused before they are opened
}
