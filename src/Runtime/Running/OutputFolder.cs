using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using ImageSdk.Tables;

namespace ImageSdk.Running;

/// <summary>
/// Where a run writes: <c>ROOT/STEP/FILE</c>, every part made safe (<see cref="SafeFileName"/>), every path checked to
/// resolve inside the root before it is opened, every file written to a temporary name and then claimed under a name no
/// file has yet. So a step name cannot escape the root, two steps whose names become the same folder (<c>"a b"</c> and
/// <c>"a_b"</c>) get folders of their own, a file already there is never replaced, and two runs writing to one root at
/// once each get their own files.
/// </summary>
internal sealed class OutputFolder
{
    private const int MaxClaims = 10_000;
    private readonly string _root;
    private readonly string _prefix;
    private readonly Dictionary<string, string> _folders = new(StringComparer.Ordinal);

    /// <summary>Assigns each step its folder, in the order given; folder names are unique ignoring case (as on macOS and Windows).</summary>
    public OutputFolder(string root, IEnumerable<string> steps)
    {
        if (string.IsNullOrWhiteSpace(root))
        {
            throw new ArgumentException("the output folder is empty; give a folder, e.g. --out out", nameof(root));
        }

        _root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
        _prefix = _root.EndsWith(Path.DirectorySeparatorChar) ? _root : _root + Path.DirectorySeparatorChar;
        var taken = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var step in steps)
        {
            var safe = SafeFileName.From(step);
            var folder = safe;
            for (var n = 2; !taken.Add(folder); n++)
            {
                folder = safe + "-" + n.ToString(CultureInfo.InvariantCulture);
            }

            _folders[step] = folder;
        }
    }

    /// <summary>The full path of the root.</summary>
    public string Root => _root;


    /// <summary>
    /// Writes <paramref name="bytes"/> as <paramref name="fileName"/> (made safe) in the step's folder and returns the full
    /// path it got: the name itself, or <c>NAME~2.EXT</c>, <c>NAME~3.EXT</c>, ... when a file has it already. The bytes go to
    /// a temporary file first and replace the name's empty claim in one rename, so a reader never sees half a file (for an
    /// instant, an empty one), and cancellation leaves nothing behind.
    /// </summary>
    public Task<string> WriteAsync(string step, string fileName, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken) =>
        WriteAsync(step, fileName, (stream, token) => stream.WriteAsync(bytes, token).AsTask(), cancellationToken);

    /// <summary>As the other overload, with the content streamed into the temporary file by <paramref name="write"/> (e.g. a download).</summary>
    public async Task<string> WriteAsync(string step, string fileName, Func<Stream, CancellationToken, Task> write, CancellationToken cancellationToken)
    {
        var directory = Inside(Path.Combine(_root, _folders[step]));
        Directory.CreateDirectory(directory);
        if (new DirectoryInfo(directory).ResolveLinkTarget(returnFinalTarget: true) is { } target)
        {
            Inside(target.FullName); // a link planted in the root must not lead out of it
        }

        // Written to a temporary file, then claimed under the first free name (AtomicFile, the one writer of every file).
        var names = AtomicFile.Numbered(directory, SafeFileName.From(fileName));
        return await AtomicFile.CreateAsync(directory, n => Inside(names(n)), MaxClaims, write, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Returns <paramref name="path"/> resolved, or throws if it is not inside the root.</summary>
    private string Inside(string path)
    {
        var full = Path.GetFullPath(path);
        if (!full.StartsWith(_prefix, StringComparison.Ordinal))
        {
            throw new UnauthorizedAccessException($"refused to write '{Printable.Escape(full)}': it is outside the output folder {Printable.Escape(_root)}");
        }

        return full;
    }
}
