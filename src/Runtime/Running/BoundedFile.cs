using System.IO;
using ImageSdk.Tables;

namespace ImageSdk.Running;

/// <summary>Reads a whole file within a size limit: uploads here, and the CLI's assembly and C# files.</summary>
internal static class BoundedFile
{
    /// <summary>
    /// The file's bytes. The limit is checked while reading, so a device (<c>/dev/zero</c>) or a growing file cannot exhaust
    /// memory; a regular file larger than it is refused before a byte is read, with its size.
    /// </summary>
    /// <exception cref="InvalidDataException">The file is larger than <paramref name="maxBytes"/>; the message says by how much.</exception>
    public static byte[] ReadAllBytes(string path, long maxBytes)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        if (stream.CanSeek && stream.Length > maxBytes)
        {
            throw new InvalidDataException($"'{Printable.Escape(path)}' is {stream.Length:N0} bytes; the limit is {maxBytes:N0} bytes");
        }

        using var buffer = new MemoryStream(stream.CanSeek ? (int)stream.Length : 64 * 1024);
        var chunk = new byte[81920];
        int read;
        while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                throw new InvalidDataException($"'{Printable.Escape(path)}' is larger than the limit of {maxBytes:N0} bytes");
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
