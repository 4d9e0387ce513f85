using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using ImageSdk.Instructions;
using ImageSdk.Validation.Engine;

namespace ImageSdk.Validation;

/// <summary>
/// Validates assembly instructions before they run: the JSON front end fills the neutral model, the shared rule
/// engine (the analyzer runs the same one) reports findings with JSON Pointers and 1-based lines and columns.
/// Any input gives findings, never an exception.
/// </summary>
public static class AssemblyValidator
{
    [ThreadStatic]
    private static Workspace? t_workspace;

    /// <summary>Validates UTF-8 JSON (a leading byte order mark is skipped).</summary>
    /// <param name="utf8Json">The assembly instructions.</param>
    /// <param name="options">How strictly to validate; <see cref="ValidationOptions.Default"/> when null.</param>
    public static ValidationResult Validate(ReadOnlySpan<byte> utf8Json, ValidationOptions? options = null)
    {
        options ??= ValidationOptions.Default;
        utf8Json = WithoutByteOrderMark(utf8Json);

        // The workspace is cleared when a validation ends, so it is empty here. One thread-static read on the common path.
        var workspace = t_workspace ??= new Workspace();
        if (workspace.InUse)
        {
            workspace = new Workspace(); // re-entrancy: a nested call gets its own
        }

        workspace.InUse = true;
        try
        {
            if (JsonFrontEnd.Read(utf8Json, workspace.Document, workspace.Sink, options))
            {
                workspace.Rules.Run(workspace.Document, options, workspace.Sink);
            }

            return workspace.Sink.Count == 0 ? ValidationResult.From(null) : Place(utf8Json, workspace.Document, workspace.Sink);
        }
        finally
        {
            workspace.Clear();
            workspace.InUse = false;
        }
    }

    /// <summary>
    /// Validates, and hands the caller the document the rules read (null when the text is not usable JSON): the runner
    /// reads what the validator read and never parses the text a second time.
    /// </summary>
    internal static ValidationResult Read(ReadOnlySpan<byte> utf8Json, ValidationOptions options, out InstructionDocument? document)
    {
        utf8Json = WithoutByteOrderMark(utf8Json);
        var doc = new InstructionDocument(64);
        var sink = Check(utf8Json, options, doc, out document);
        return sink.Count == 0 ? ValidationResult.From(null) : Place(utf8Json, doc, sink);
    }

    /// <summary>The rules' own findings, before they are placed, with the document they point into (null when the text is not usable JSON).</summary>
    internal static IReadOnlyList<RawFinding> ReadRaw(ReadOnlySpan<byte> utf8Json, ValidationOptions options, out InstructionDocument? document) =>
        Check(utf8Json, options, new InstructionDocument(64), out document).Findings;

    /// <summary>The front end, then (on usable JSON) the rules, into a fresh sink; <paramref name="document"/> is <paramref name="doc"/> when usable.</summary>
    private static FindingSink Check(ReadOnlySpan<byte> utf8Json, ValidationOptions options, InstructionDocument doc, out InstructionDocument? document)
    {
        var sink = new FindingSink();
        document = null;
        if (JsonFrontEnd.Read(utf8Json, doc, sink, options))
        {
            new AssemblyChecker().Run(doc, options, sink);
            document = doc;
        }

        return sink;
    }

    /// <summary>Runs the rules again on a document the caller changed (filled-in variables); findings point into the same text.</summary>
    internal static ValidationResult Recheck(ReadOnlySpan<byte> utf8Json, InstructionDocument document, ValidationOptions options)
    {
        utf8Json = WithoutByteOrderMark(utf8Json);
        var sink = new FindingSink();
        new AssemblyChecker().Run(document, options, sink);
        return sink.Count == 0 ? ValidationResult.From(null) : Place(utf8Json, document, sink);
    }

    private static ReadOnlySpan<byte> WithoutByteOrderMark(ReadOnlySpan<byte> utf8Json) =>
        utf8Json.StartsWith(Encoding.UTF8.Preamble) ? utf8Json[3..] : utf8Json;

    /// <summary>Validates JSON text.</summary>
    /// <param name="json">The assembly instructions.</param>
    /// <param name="options">How strictly to validate; <see cref="ValidationOptions.Default"/> when null.</param>
    public static ValidationResult Validate(string json, ValidationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        var buffer = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(json.Length));
        try
        {
            var length = Encoding.UTF8.GetBytes(json, buffer);
            return Validate(buffer.AsSpan(0, length), options);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Validates the instructions an <see cref="AssemblyBuilder"/> builds; positions refer to its indented JSON.</summary>
    /// <param name="assembly">The assembly.</param>
    /// <param name="options">How strictly to validate; <see cref="ValidationOptions.Default"/> when null.</param>
    public static ValidationResult Validate(AssemblyBuilderBase assembly, ValidationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        return Validate(assembly.ToUtf8Bytes(indented: true), options);
    }

    /// <summary>Reads a stream to its end (or just past the size limit) and validates it.</summary>
    /// <param name="utf8Json">The stream of UTF-8 JSON.</param>
    /// <param name="options">How strictly to validate; <see cref="ValidationOptions.Default"/> when null.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public static async Task<ValidationResult> ValidateAsync(Stream utf8Json, ValidationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(utf8Json);
        options ??= ValidationOptions.Default;
        var limit = (int)Math.Min(int.MaxValue - 1, options.MaxDocumentBytes);
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        var length = 0;
        try
        {
            // Read at most limit + 1 bytes: enough to know a document is too large, and the rest is never read.
            while (length <= limit)
            {
                if (length == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, (long)limit + 1));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var room = (int)Math.Min(buffer.Length - length, (long)limit + 1 - length);
                var read = await utf8Json.ReadAsync(buffer.AsMemory(length, room), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                length += read;
            }

            if (length > limit)
            {
                // Only limit + 1 bytes were read: say what is known of the size, not that count.
                var size = utf8Json.CanSeek ? $"{utf8Json.Length:N0} bytes" : $"larger than {limit:N0} bytes";
                var finding = new ValidationFinding(ValidationRules.TooLarge.Code, ValidationSeverity.Error, string.Empty, 1, 1, $"the document is {size}; the limit is {limit:N0} bytes", ValidationRules.TooLarge.TransloaditCode);
                return ValidationResult.Create(new[] { finding });
            }

            return Validate(buffer.AsSpan(0, length), options);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Turns raw findings into placed ones: ordered by position, with pointer, line and column.</summary>
    private static ValidationResult Place(ReadOnlySpan<byte> utf8, InstructionDocument doc, FindingSink sink)
    {
        // Sort keys: the offset above, the engine's order below, so one plain sort is stable and needs no comparer.
        var raws = sink.Findings;
        Span<long> keys = raws.Count <= 32 ? stackalloc long[raws.Count] : new long[raws.Count];
        for (var i = 0; i < keys.Length; i++)
        {
            var raw = raws[i];
            var offset = raw.Offset >= 0 ? raw.Offset
                : raw.Node == InstructionDocument.None ? 0
                : raw.AtName && doc[raw.Node].NameOffset >= 0 ? doc[raw.Node].NameOffset
                : Math.Max(0, doc[raw.Node].Offset);
            keys[i] = (long)Math.Min(offset, utf8.Length) << 32 | (uint)i;
        }

        keys.Sort();

        // One sweep through the text, in order: the line so far and where it starts.
        var findings = new List<ValidationFinding>(keys.Length);
        int line = 1, lineStart = 0, counted = 0;
        for (var k = 0; k < keys.Length; k++)
        {
            var key = keys[k];
            var offset = (int)(key >> 32);
            var raw = raws[(int)(uint)key];
            var between = utf8[counted..offset];
            var breaks = LineMap.CountBreaks(between, out var lastLineStart); // \n, \r\n or a lone \r, as LineMap counts them
            if (breaks > 0)
            {
                line += breaks;
                lineStart = counted + lastLineStart;
            }

            counted = offset;
            var column = Encoding.UTF8.GetCharCount(utf8[lineStart..offset]) + 1;
            var path = raw.Node == InstructionDocument.None ? string.Empty : doc.PointerOf(raw.Node);
            findings.Add(new ValidationFinding(raw.Rule.Code, raw.Severity, path, line, column, raw.Message, raw.TransloaditCode));
        }

        return ValidationResult.From(findings);
    }

    /// <summary>The reusable storage of one validation on one thread.</summary>
    private sealed class Workspace
    {
        public InstructionDocument Document { get; } = new(64);

        public FindingSink Sink { get; } = new();

        public AssemblyChecker Rules { get; } = new();

        /// <summary>Whether a validation on this thread is using it.</summary>
        public bool InUse { get; set; }

        public void Clear()
        {
            Document.Clear();
            Sink.Clear();
        }
    }
}
