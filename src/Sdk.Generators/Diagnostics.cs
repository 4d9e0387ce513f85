using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using ImageSdk.Generators.Json;

namespace ImageSdk.Generators;

/// <summary>The generator's diagnostics: problems in schema/, reported at the schema file and line (IMG9xxx).</summary>
internal static class Descriptors
{
    private const string Category = "ImageSdk.Schema";
    private const string DocsBase = "https://github.com/imagesdk/imagesdk/blob/main/docs/diagnostics.md";

    public static readonly DiagnosticDescriptor SchemaSyntax = Create(
        "IMG9001", "Schema file is not valid JSON", "{0}", DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor UnsupportedSchema = Create(
        "IMG9002", "Unsupported schema construct", "{0}", DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor UnresolvedReference = Create(
        "IMG9003", "Schema reference does not resolve", "{0}", DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor NameConflict = Create(
        "IMG9004", "Generated names conflict", "{0}", DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor InvalidCatalog = Create(
        "IMG9005", "Invalid model catalog entry", "{0}", DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor MissingSchema = Create(
        "IMG9006", "Schema part missing", "{0}", DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor DuplicateModelName = Create(
        "IMG9007", "Model name used twice", "{0}", DiagnosticSeverity.Info);

    public static readonly DiagnosticDescriptor InvalidName = Create(
        "IMG9008", "Schema name is not a C# name", "{0}", DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor EnumTooLarge = Create(
        "IMG9009", "Schema enum too large", "{0}", DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor DocumentKind = Create(
        "IMG9010", "Schema file kind missing or unknown", "{0}", DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor DocumentKindOverridden = Create(
        "IMG9011", "Schema file kind overridden by item metadata", "{0}", DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor InternalError = Create(
        "IMG9999", "Internal generator error", "{0}", DiagnosticSeverity.Error);

    public static DiagnosticDescriptor Find(string id) => id switch
    {
        "IMG9001" => SchemaSyntax,
        "IMG9002" => UnsupportedSchema,
        "IMG9003" => UnresolvedReference,
        "IMG9004" => NameConflict,
        "IMG9005" => InvalidCatalog,
        "IMG9006" => MissingSchema,
        "IMG9007" => DuplicateModelName,
        "IMG9008" => InvalidName,
        "IMG9009" => EnumTooLarge,
        "IMG9010" => DocumentKind,
        "IMG9011" => DocumentKindOverridden,
        _ => InternalError,
    };

    private static DiagnosticDescriptor Create(string id, string title, string message, DiagnosticSeverity severity) =>
        new(id, title, message, Category, severity, isEnabledByDefault: true, helpLinkUri: DocsBase + "#" + id.ToLowerInvariant());
}

/// <summary>A diagnostic as equatable data: descriptor id, schema file, position and message.</summary>
internal sealed record DiagnosticInfo(string Id, string Path, TextPosition Position, string Message)
{
    public static DiagnosticInfo At(string id, string path, TextPosition position, string message) => new(id, path, position, message);

    /// <summary>
    /// IMG9999 for an exception the generator did not expect while it read <paramref name="path"/>: the file, the exception's
    /// type and message (escaped, cut), never a stack trace.
    /// </summary>
    public static DiagnosticInfo Internal(string path, Exception exception) =>
        At("IMG9999", path, default, $"The generator failed on {Infrastructure.Text.Shown(System.IO.Path.GetFileName(path), quoted: false)}: {Describe(exception)}. Please report it with this file");

    /// <summary>An exception for a message: its type and its message, on one line and cut.</summary>
    public static string Describe(Exception exception) => exception.GetType().Name + ": " + Infrastructure.Text.Shown(exception.Message.TrimEnd('.'), quoted: false);

    public Diagnostic ToDiagnostic()
    {
        var start = new LinePosition(Math.Max(0, Position.Line), Math.Max(0, Position.Column));
        var end = new LinePosition(start.Line, start.Character + Math.Max(0, Math.Min(Position.Length, 200)));
        var location = Location.Create(Path, new TextSpan(Math.Max(0, Position.Offset), Math.Max(0, Position.Length)), new LinePositionSpan(start, end));
        return Diagnostic.Create(Descriptors.Find(Id), location, Message);
    }
}
