using System;
using ImageSdk.Validation.Engine;

namespace ImageSdk.Validation;

/// <summary>
/// Where JSON Pointers' values stand in one text: for tools (the transpiler) that report on values the validator accepted.
/// The text is read once, by the validator's front end; each pointer is then a walk down the tree.
/// </summary>
internal sealed class JsonLocator
{
    private readonly byte[] _utf8;
    private readonly InstructionDocument _doc = new();
    private readonly LineMap _lines;

    public JsonLocator(ReadOnlySpan<byte> utf8)
    {
        _utf8 = utf8.ToArray();
        JsonFrontEnd.Read(utf8, _doc, new FindingSink(), ValidationOptions.Default);
        _lines = new LineMap(utf8);
    }

    /// <summary>The 1-based line and column of the value at <paramref name="pointer"/>, or of its deepest existing ancestor.</summary>
    public (int Line, int Column) Locate(string pointer)
    {
        var doc = _doc;
        var node = doc.Count > 0 ? 0 : InstructionDocument.None;
        foreach (var raw in pointer.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (node == InstructionDocument.None)
            {
                break;
            }

            var segment = raw.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            var next = doc[node].Kind == InstructionKind.Array && int.TryParse(segment, out var position) ? Item(doc, node, position)
                : doc[node].Kind == InstructionKind.Object ? doc.Member(node, segment)
                : InstructionDocument.None;
            if (next == InstructionDocument.None)
            {
                break;
            }

            node = next;
        }

        var offset = node == InstructionDocument.None ? 0 : Math.Max(0, doc[node].Offset);
        return _lines.Locate(_utf8, offset);
    }

    private static int Item(InstructionDocument doc, int array, int position)
    {
        var child = doc[array].FirstChild;
        for (var i = 0; i < position && child != InstructionDocument.None; i++)
        {
            child = doc[child].NextSibling;
        }

        return child;
    }
}
