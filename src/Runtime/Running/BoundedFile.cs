using System.IO;
using System.Threading;
using System.Threading.Tasks;
using ImageSdk.Tables;

namespace ImageSdk.Running;

/// <summary>
/// Reads a whole file within a size limit: uploads here, the CLI's assembly and C# files, standard input and <c>.env</c>.
/// Only regular files are read (a FIFO would wait for a writer, <c>/dev/zero</c> never ends), and every reader counts
/// what it reads instead of trusting a length.
/// </summary>
internal static class BoundedFile
{
    /// <summary>Why <paramref name="path"/> cannot be read as a file (a folder, a FIFO, a device), or null when it may be one (or is missing).</summary>
    public static string? NotRegular(string path)
    {
        var facts = FileFacts.Of(path, followLinks: true);
        return facts.Kind is FileKind.Regular or FileKind.Missing ? null : FileFacts.NotRegular(path, facts.Kind);
    }

    /// <summary>Opens a regular file for reading, without waiting on a FIFO (see <see cref="FileFacts.OpenRegular"/>).</summary>
    /// <exception cref="IOException">It is not a regular file, or cannot be opened.</exception>
    public static FileStream OpenRead(string path) => FileFacts.OpenRegular(path);

    /// <summary>
    /// The file's bytes. The limit is checked while reading, so a growing file cannot exhaust memory; a file larger than it
    /// is refused before a byte is read, with its size.
    /// </summary>
    /// <exception cref="InvalidDataException">The file is larger than <paramref name="maxBytes"/>; the message says by how much.</exception>
    /// <exception cref="IOException">It is not a regular file, or cannot be read.</exception>
    public static byte[] ReadAllBytes(string path, long maxBytes)
    {
        using var stream = OpenRead(path);
        if (stream.CanSeek && stream.Length > maxBytes)
        {
            throw new InvalidDataException($"'{Printable.Escape(path)}' is {stream.Length:N0} bytes; the limit is {maxBytes:N0} bytes");
        }

        return Read(stream, maxBytes, "'" + Printable.Escape(path) + "'");
    }

    /// <summary>At most <paramref name="maxBytes"/> of <paramref name="stream"/> (standard input), counted as they come.</summary>
    /// <param name="stream">What to read to its end.</param>
    /// <param name="maxBytes">The limit.</param>
    /// <param name="name">What the stream is, for the message: "standard input".</param>
    /// <param name="cancellationToken">Stops the wait for more: the read is left behind, so a pipe with a silent writer never holds the caller.</param>
    /// <exception cref="InvalidDataException">The stream goes on past <paramref name="maxBytes"/>.</exception>
    public static async Task<byte[]> ReadAllAsync(Stream stream, long maxBytes, string name, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken).AsTask().WaitAsync(cancellationToken).ConfigureAwait(false)) > 0)
        {
            Count(buffer.Length + read, maxBytes, name);
            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static byte[] Read(Stream stream, long maxBytes, string name)
    {
        using var buffer = new MemoryStream(stream.CanSeek ? (int)stream.Length : 64 * 1024);
        var chunk = new byte[81920];
        int read;
        while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
        {
            Count(buffer.Length + read, maxBytes, name);
            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static void Count(long total, long maxBytes, string name)
    {
        if (total > maxBytes)
        {
            throw new InvalidDataException($"{name} is larger than the limit of {maxBytes:N0} bytes; nothing past it was read");
        }
    }
}
