using System;
using System.Collections.Generic;
using System.Threading;
using ImageSdk.Generators.Infrastructure;
using ImageSdk.Generators.Json;

namespace ImageSdk.Generators.Reading;

/// <summary>
/// What every part of the reading shares: the cancellation token and the diagnostics, each reported once at its schema file
/// and JSON Pointer.
/// </summary>
internal sealed class ReadContext
{
    private const int RobotsNamed = 3;

    private readonly Dictionary<string, JsonPointer> _pointers = new(StringComparer.Ordinal);

    /// <summary>Each diagnostic reported, by its place and message: its index in <see cref="Diagnostics"/> and the robots that reached it from their own file.</summary>
    private readonly Dictionary<DiagnosticInfo, (int Index, List<string> Robots)> _reported = new();

    public ReadContext(CancellationToken cancellationToken) => CancellationToken = cancellationToken;

    public CancellationToken CancellationToken { get; }

    /// <summary>The diagnostics, in the order they were found.</summary>
    public List<DiagnosticInfo> Diagnostics { get; } = new();

    /// <summary>The robot whose schema is being read, and its file; null between robots.</summary>
    public (string Name, string Path)? Robot { get; set; }

    /// <summary>The JSON Pointer of <paramref name="node"/> in <paramref name="document"/>.</summary>
    public string PointerOf(SchemaDocument document, JsonNode node)
    {
        if (!_pointers.TryGetValue(document.Path, out var pointers))
        {
            pointers = _pointers[document.Path] = new JsonPointer(document.Root!);
        }

        return pointers.Of(node);
    }

    /// <summary>
    /// Reads one file's part. An exception the reader did not expect becomes IMG9999 at that file, with no stack trace, and
    /// the other files still generate.
    /// </summary>
    public T? Guarded<T>(SchemaDocument document, Func<T?> read)
        where T : class
    {
        try
        {
            return read();
        }
        catch (OperationCanceledException) when (CancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            Diagnostics.Add(DiagnosticInfo.Internal(document.Path, ex));
            return null;
        }
    }

    public void Report(string id, SchemaDocument document, JsonNode at, params string[] args)
    {
        var message = id switch
        {
            "IMG9003" when args.Length == 2 => $"The reference '{args[0]}' does not resolve: {args[1]}",
            "IMG9007" => $"The model name '{args[0]}' names two models of the catalog; it stays with '{args[1]}'",
            "IMG9002" => "Unsupported schema construct: " + args[0],
            "IMG9003" => "Unresolved schema reference: " + args[0],
            "IMG9005" => "Invalid model catalog: " + args[0],
            _ => args[0],
        };
        var place = Text.Shown(System.IO.Path.GetFileName(document.Path) + "#" + PointerOf(document, at), quoted: false);
        var diagnostic = DiagnosticInfo.At(id, document.Path, at.Position, $"{message} (at {place})");
        if (!_reported.TryGetValue(diagnostic, out var seen))
        {
            seen = (Diagnostics.Count, new List<string>());
            _reported[diagnostic] = seen;
            Diagnostics.Add(diagnostic);
        }

        // A part that many robots share by $ref is reported once, at that part, naming the robots that use it.
        if (Robot is { } robot && !string.Equals(robot.Path, document.Path, StringComparison.Ordinal) && !seen.Robots.Contains(robot.Name))
        {
            seen.Robots.Add(robot.Name);
            var named = string.Join(", ", seen.Robots.GetRange(0, Math.Min(RobotsNamed, seen.Robots.Count)));
            var more = seen.Robots.Count > RobotsNamed ? $" and {seen.Robots.Count - RobotsNamed} more" : string.Empty;
            Diagnostics[seen.Index] = diagnostic with { Message = $"{message} (at {place}; used by {named}{more})" };
        }
    }
}
