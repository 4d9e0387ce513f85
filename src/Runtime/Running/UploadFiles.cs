using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using ImageSdk.Imaging;
using ImageSdk.Tables;

namespace ImageSdk.Running;

/// <summary>The uploads as result files, read the same way by a run and a dry run.</summary>
internal static class UploadFiles
{
    /// <summary>The uploads, each read only as far as its header (type, size); the pixels wait until a step needs them.</summary>
    /// <param name="uploads">The uploads.</param>
    /// <param name="options">The limits.</param>
    /// <param name="track">Receives each source file, to dispose when the run ends.</param>
    public static IReadOnlyList<ResultFile> Read(IReadOnlyList<RunUpload> uploads, RunOptions options, Action<SourceFile> track)
    {
        var files = new List<ResultFile>();
        foreach (var upload in uploads)
        {
            var display = Printable.Escape(upload.Path);
            if (Directory.Exists(upload.Path))
            {
                throw new StepException("UPLOAD_NOT_READABLE", $"the upload '{display}' is a folder; give a file");
            }

            if (!File.Exists(upload.Path))
            {
                throw new StepException("UPLOAD_NOT_FOUND", $"the upload '{display}' does not exist");
            }

            if (BoundedFile.NotRegular(upload.Path) is { } notRegular)
            {
                throw new StepException("UPLOAD_NOT_READABLE", "the upload " + notRegular);
            }

            byte[] bytes;
            try
            {
                bytes = BoundedFile.ReadAllBytes(upload.Path, options.MaxUploadBytes);
            }
            catch (InvalidDataException ex)
            {
                throw new StepException("UPLOAD_TOO_LARGE", ex.Message);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new StepException("UPLOAD_NOT_READABLE", $"cannot read the upload '{display}': {(ex is UnauthorizedAccessException ? "permission denied" : ex.Message)}");
            }

            var name = Path.GetFileName(upload.Path);
            var meta = new Dictionary<string, object?>(StringComparer.Ordinal);
            string? type = null;
            var mime = "application/octet-stream";
            if (ImageOps.Probe(bytes) is { } header)
            {
                type = "image"; // not an image otherwise: passed on by force_accept, skipped otherwise
                mime = header.Mime;
                RunContext.AddSize(meta, header.Width, header.Height);
            }

            var id = RunContext.NewId();
            var source = new SourceFile(upload.Path, name, mime);
            track(source);
            files.Add(new ResultFile
            {
                Id = id,
                Name = name,
                Basename = Path.GetFileNameWithoutExtension(name),
                Ext = Path.GetExtension(name).TrimStart('.').ToLowerInvariant(),
                Size = bytes.Length,
                Mime = mime,
                Type = type,
                Field = upload.Field,
                OriginalId = id,
                Meta = meta,
                Path = Path.GetFullPath(upload.Path),
                Source = source,
            });
        }

        return files;
    }

    /// <summary>The files of one <c>use</c> entry: those of its upload <c>fields</c>, or all.</summary>
    public static IReadOnlyList<ResultFile> Narrow(IReadOnlyList<ResultFile> files, StepInput input) =>
        input.Fields is null ? files : files.Where(f => input.Fields.Contains(f.Field ?? string.Empty)).ToList();
}
