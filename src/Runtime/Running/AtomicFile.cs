using System;
using System.Globalization;
using System.IO;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;
using ImageSdk.Tables;

namespace ImageSdk.Running;

/// <summary>
/// The one way ImageSdk writes a file: <c>validate --fix</c>, <c>-o</c> of <c>transpile</c> and <c>generate</c>, the output
/// folder of a run and Transloadit downloads. The content goes to a temporary file in the target's folder, created
/// exclusively (<see cref="FileMode.CreateNew"/>, so never through a link planted at its name) under an unpredictable name,
/// and is then renamed into place in one step: a reader never sees half a file, a failure leaves what was there, and a link
/// or file at any temporary name is left alone.
/// </summary>
internal static class AtomicFile
{
    /// <summary>
    /// Replaces the file <paramref name="target"/> with what <paramref name="write"/> writes, or creates it. A symbolic link
    /// is followed (the file it leads to is replaced; the link stays); the file keeps its permission bits. Refused, with
    /// nothing changed: a target that is not a regular file (a folder, a FIFO, a device), a read-only file (no owner write
    /// bit), and a file with several hard links (a rename would split them; a write in place could not be atomic).
    /// </summary>
    /// <returns>The full path of the file written (the link's target for a link).</returns>
    /// <exception cref="IOException">The target is refused (the message says why), or the write failed.</exception>
    /// <exception cref="UnauthorizedAccessException">The folder cannot be written.</exception>
    public static async Task<string> ReplaceAsync(string target, Func<Stream, CancellationToken, Task> write, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(write);
        var full = Resolve(target);
        if (CannotReplace(target, full) is { } problem)
        {
            throw new IOException(problem);
        }

        var facts = FileFacts.Of(full, followLinks: false);
        UnixFileMode? mode = facts.Kind == FileKind.Regular && !OperatingSystem.IsWindows() ? facts.Mode : null;
        var directory = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"cannot write '{Printable.Escape(target)}': the folder {Printable.Escape(directory)} does not exist");
        }

        var temporary = await WriteTemporaryAsync(directory, write, mode, cancellationToken).ConfigureAwait(false);
        try
        {
            File.Move(temporary, full, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }

        return full;
    }

    /// <summary>
    /// Why <see cref="ReplaceAsync"/> would refuse <paramref name="target"/> (not a regular file, read-only, several hard
    /// links), ending in "nothing was changed"; null when it would write it. For a check before costly work.
    /// </summary>
    public static string? CannotReplace(string target) => CannotReplace(target, Resolve(target));

    private static string? CannotReplace(string target, string full)
    {
        var facts = FileFacts.Of(full, followLinks: false);
        return facts.Kind == FileKind.Missing ? null
            : facts.Kind != FileKind.Regular ? FileFacts.NotRegular(target, facts.Kind) + "; nothing was changed"
            : !OperatingSystem.IsWindows() && (facts.Mode & UnixFileMode.UserWrite) == 0 ? $"'{Printable.Escape(target)}' is read-only; nothing was changed (make it writable, e.g. chmod u+w, to replace it)"
            : facts.Links > 1 ? $"'{Printable.Escape(target)}' has {facts.Links} hard links; replacing it would split them, so nothing was changed (write a copy instead)"
            : null;
    }

    /// <summary>The full path of <paramref name="target"/>, or of the file its link leads to.</summary>
    private static string Resolve(string target)
    {
        var full = Path.GetFullPath(target);
        return new FileInfo(full).LinkTarget is null ? full : new FileInfo(full).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? full;
    }

    /// <summary>
    /// Writes what <paramref name="write"/> writes under the first name of <c>name(1)</c>, <c>name(2)</c>, ... that no file
    /// has in <paramref name="directory"/>, and returns its full path; a file already there is never replaced, and two
    /// writers at once each get a name of their own.
    /// </summary>
    /// <param name="directory">The folder.</param>
    /// <param name="name">The candidate names, from 1: the name itself, then numbered ones.</param>
    /// <param name="maxNames">How many names to try.</param>
    /// <param name="write">Writes the content.</param>
    /// <param name="cancellationToken">Cancels the write; nothing is left behind.</param>
    /// <exception cref="IOException">All <paramref name="maxNames"/> names are taken.</exception>
    public static async Task<string> CreateAsync(string directory, Func<int, string> name, int maxNames, Func<Stream, CancellationToken, Task> write, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        var temporary = await WriteTemporaryAsync(directory, write, null, cancellationToken).ConfigureAwait(false);
        try
        {
            for (var n = 1; n <= maxNames; n++)
            {
                var candidate = name(n);
                if (File.Exists(candidate) || Directory.Exists(candidate) || new FileInfo(candidate).LinkTarget is not null)
                {
                    continue;
                }

                try
                {
                    // The name is claimed by creating it exclusively (O_EXCL: atomic on every file system, between runs and
                    // processes alike), then the finished file replaces the empty claim in one rename. File.Move without
                    // overwrite is not enough: where the kernel lacks RENAME_NOREPLACE it checks, then renames.
                    new FileStream(candidate, FileMode.CreateNew, FileAccess.Write, FileShare.None).Dispose();
                }
                catch (IOException) when (File.Exists(candidate) || Directory.Exists(candidate) || new FileInfo(candidate).LinkTarget is not null)
                {
                    continue; // taken between the check and the claim: try the next name
                }

                try
                {
                    File.Move(temporary, candidate, overwrite: true);
                }
                catch
                {
                    File.Delete(candidate); // the claim is ours and empty
                    throw;
                }

                return candidate;
            }

            throw new IOException($"'{Printable.Escape(Path.GetFileName(name(1)))}' and its next {maxNames:N0} numbered names are all taken in {Printable.Escape(directory)}");
        }
        finally
        {
            File.Delete(temporary); // gone after the rename; ours otherwise
        }
    }

    /// <summary>
    /// Writes a new temporary file in <paramref name="directory"/>: created exclusively under a random name (a link or file
    /// at that name makes it try another, never write through it), with <paramref name="mode"/> when given, and removed
    /// again if <paramref name="write"/> fails or is cancelled.
    /// </summary>
    private static async Task<string> WriteTemporaryAsync(string directory, Func<Stream, CancellationToken, Task> write, UnixFileMode? mode, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var path = Path.Combine(directory, ".imagesdk-" + RandomNumberGenerator.GetHexString(16, lowercase: true) + ".tmp");
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None, Options = FileOptions.Asynchronous, BufferSize = 64 * 1024 };
            if (mode is not null && !OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite; // no wider than the target, ever
            }

            FileStream stream;
            try
            {
                stream = new FileStream(path, options);
            }
            catch (IOException) when (attempt < 8 && (File.Exists(path) || new FileInfo(path).LinkTarget is not null))
            {
                continue; // the name is taken (128 random bits: only if planted); another one
            }

            try
            {
                await using (stream.ConfigureAwait(false))
                {
                    if (mode is { } exact && !OperatingSystem.IsWindows())
                    {
                        File.SetUnixFileMode(stream.SafeFileHandle, exact);
                    }

                    await write(stream, cancellationToken).ConfigureAwait(false);
                }
            }
            catch
            {
                File.Delete(path);
                throw;
            }

            return path;
        }
    }

    /// <summary>The candidate names of <see cref="CreateAsync"/> for <paramref name="fileName"/>: itself, then <c>NAME~2.EXT</c>, <c>NAME~3.EXT</c>, ...</summary>
    public static Func<int, string> Numbered(string directory, string fileName)
    {
        var extension = Path.GetExtension(fileName);
        var stem = fileName[..^extension.Length];
        return n => Path.Combine(directory, n == 1 ? fileName : $"{stem}~{n.ToString(CultureInfo.InvariantCulture)}{extension}");
    }
}
