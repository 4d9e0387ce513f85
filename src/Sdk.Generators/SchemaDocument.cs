using System;
using System.Threading;
using ImageSdk.Generators.Json;
using Microsoft.CodeAnalysis;

namespace ImageSdk.Generators;

/// <summary>One schema file, parsed: the first, per-file step of the pipeline.</summary>
/// <param name="Path">The file's path.</param>
/// <param name="Root">The parsed JSON, or null.</param>
/// <param name="Error">Why the file could not be parsed, or null.</param>
/// <param name="UserRobot">Whether the file is a robot schema of the project's own (<c>ImageSdkSchema="robot"</c> item metadata):
/// in a project that uses the package, only such robots get builders.</param>
/// <param name="Tagged">Whether the file carries <c>ImageSdkSchema</c> item metadata at all (<c>package</c> or <c>robot</c>): in a
/// project that uses the package, only such files are ImageSdk's, and other <c>*.schema.json</c> files are left alone.</param>
internal sealed record SchemaDocument(string Path, JsonNode? Root, DiagnosticInfo? Error, bool UserRobot = false, bool Tagged = false)
{
    /// <summary>Schema files: <c>*.schema.json</c> and the model catalog <c>models.json</c>.</summary>
    public static bool IsSchemaFile(string path) =>
        path.EndsWith(".schema.json", StringComparison.OrdinalIgnoreCase) ||
        path.EndsWith("models.json", StringComparison.OrdinalIgnoreCase) &&
        (path.Length == "models.json".Length || path[path.Length - "models.json".Length - 1] is '/' or '\\');

    /// <summary>Reads and parses an additional file; a file that cannot be read is an IMG9001 that says why.</summary>
    public static SchemaDocument Read(AdditionalText file, CancellationToken cancellationToken)
    {
        string? text;
        try
        {
            text = file.GetText(cancellationToken)?.ToString();
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            return new SchemaDocument(file.Path, null, DiagnosticInfo.At("IMG9001", file.Path, default, "Schema file could not be read: " + DiagnosticInfo.Describe(ex)));
        }

        return Parse(file.Path, text, cancellationToken);
    }

    public static SchemaDocument Parse(string path, string? text, CancellationToken cancellationToken)
    {
        if (text is null)
        {
            return new SchemaDocument(path, null, DiagnosticInfo.At("IMG9001", path, default, "Schema file could not be read"));
        }

        try
        {
            return new SchemaDocument(path, JsonParser.Parse(text, cancellationToken), null);
        }
        catch (JsonSyntaxException ex)
        {
            return new SchemaDocument(path, null, DiagnosticInfo.At(
                "IMG9001", path, ex.Position, $"Schema file is not valid JSON: {ex.Message} at line {ex.Position.Line + 1}, column {ex.Position.Column + 1}"));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            return new SchemaDocument(path, null, DiagnosticInfo.Internal(path, ex));
        }
    }
}
