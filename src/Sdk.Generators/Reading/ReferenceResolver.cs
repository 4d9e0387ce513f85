using System;
using System.Collections.Generic;
using System.Linq;
using ImageSdk.Generators.Json;

namespace ImageSdk.Generators.Reading;

/// <summary>
/// Resolves references between schema files: <c>$ref</c> (a file by its <c>$id</c> or path, then a JSON Pointer), and the
/// search for <c>$dynamicRef</c> and its <c>$dynamicAnchor</c>. Chains and searches have budgets, so a cycle is a
/// diagnostic (IMG9003), never a stack overflow.
/// </summary>
internal sealed class ReferenceResolver
{
    public const int MaxReferenceHops = 32;
    private const int MaxSearchDepth = JsonParser.MaxDepth + 2 * MaxReferenceHops;

    private readonly ReadContext _context;
    private readonly Dictionary<string, SchemaDocument> _byUri = new(StringComparer.Ordinal);

    public ReferenceResolver(ReadContext context) => _context = context;

    /// <summary>Makes <paramref name="document"/> a target of references, by its URI.</summary>
    public void Add(string uri, SchemaDocument document) => _byUri[uri] = document;

    public sealed record Resolved(SchemaDocument Document, JsonNode Node, string? Description);

    /// <summary>Follows <c>$ref</c> from <paramref name="node"/> to the schema it names, keeping the nearest description.</summary>
    public Resolved? Deref(SchemaDocument document, JsonNode node)
    {
        var description = node["description"]?.AsString();
        for (var hop = 0; hop < MaxReferenceHops; hop++)
        {
            if (node["$ref"] is not { } reference)
            {
                return new Resolved(document, node, description);
            }

            if (ResolveReference(document, reference) is not { } target)
            {
                return null;
            }

            document = target.Document;
            node = target.Node;
            description ??= node["description"]?.AsString();
        }

        _context.Report("IMG9003", document, node, "$ref chain longer than 32 hops (a cycle?)");
        return null;
    }

    public (SchemaDocument Document, JsonNode Node)? ResolveReference(SchemaDocument from, JsonNode reference)
    {
        var text = reference.AsString();
        if (text is null)
        {
            _context.Report("IMG9003", from, reference, "$ref must be a string");
            return null;
        }

        Uri target;
        try
        {
            target = new Uri(new Uri(DocumentUri(from)), text);
        }
        catch (UriFormatException ex)
        {
            _context.Report("IMG9003", from, reference, text, ex.Message);
            return null;
        }

        var documentUri = target.GetLeftPart(UriPartial.Query);
        if (!_byUri.TryGetValue(documentUri, out var document))
        {
            _context.Report("IMG9003", from, reference, text, $"no schema file has the $id or path {documentUri}");
            return null;
        }

        var node = document.Root!;
        var fragment = Uri.UnescapeDataString(target.Fragment.TrimStart('#'));
        if (fragment.Length == 0)
        {
            return (document, node);
        }

        if (fragment[0] != '/')
        {
            _context.Report("IMG9003", from, reference, text, "only JSON Pointer fragments are supported");
            return null;
        }

        foreach (var token in fragment.Substring(1).Split('/'))
        {
            var name = token.Replace("~1", "/").Replace("~0", "~");
            var next = node.Kind == JsonKind.Array && int.TryParse(name, out var index) && index >= 0 && index < node.Items.Count
                ? node.Items[index]
                : node[name];
            if (next is null)
            {
                _context.Report("IMG9003", from, reference, text, $"'{name}' is not found in {documentUri}");
                return null;
            }

            node = next;
        }

        return (document, node);
    }

    /// <summary>The document's base URI: its <c>$id</c>, else its file's.</summary>
    public static string DocumentUri(SchemaDocument document) =>
        document.Root?["$id"]?.AsString() is { } id && Uri.TryCreate(id, UriKind.Absolute, out var idUri)
            ? idUri.GetLeftPart(UriPartial.Query)
            : FileUri(document);

    /// <summary>The URI of the document's file, which a relative path from a file beside it (an editor's <c>$schema</c>) names.</summary>
    public static string FileUri(SchemaDocument document)
    {
        var path = document.Path.Replace('\\', '/');
        return new Uri("file://" + (path.StartsWith("/", StringComparison.Ordinal) ? path : "/" + path)).GetLeftPart(UriPartial.Query);
    }

    public (SchemaDocument Document, JsonNode Node)? FindMember(SchemaDocument document, JsonNode node, string name, HashSet<JsonNode> visited, int depth = 0)
    {
        if (!visited.Add(node))
        {
            return null;
        }

        // Each $ref followed is a level on top of the file's own nesting: a budget instead of a stack overflow.
        if (depth > MaxSearchDepth)
        {
            _context.Report("IMG9003", document, node, $"the search for {name} goes deeper than {MaxSearchDepth} levels through $ref");
            return null;
        }

        if (node[name] is { } direct)
        {
            return (document, direct);
        }

        if (node["$ref"] is { } reference && ResolveReference(document, reference) is { } target &&
            FindMember(target.Document, target.Node, name, visited, depth + 1) is { } viaRef)
        {
            return viaRef;
        }

        foreach (var child in node.Members.Select(m => m.Value).Concat(node.Items))
        {
            if (child.Kind is JsonKind.Object or JsonKind.Array && FindMember(document, child, name, visited, depth + 1) is { } found)
            {
                return found;
            }
        }

        return null;
    }

    public static JsonNode? FindAnchor(JsonNode node, string anchor)
    {
        if (node["$dynamicAnchor"]?.AsString() == anchor)
        {
            return node;
        }

        foreach (var child in node.Members.Select(m => m.Value).Concat(node.Items))
        {
            if (child.Kind is JsonKind.Object or JsonKind.Array && FindAnchor(child, anchor) is { } found)
            {
                return found;
            }
        }

        return null;
    }
}
