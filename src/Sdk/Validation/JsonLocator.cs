using System;
using ImageSdk.Validation.Engine;

namespace ImageSdk.Validation;

/// <summary>Where a JSON Pointer's value stands in the text: for tools (the transpiler) that report on values the validator accepted.</summary>
internal static class JsonLocator
{
    /// <summary>The 1-based line and column of the value at <paramref name="pointer"/>, or of its deepest existing ancestor.</summary>
    public static (int Line, int Column) Locate(ReadOnlySpan<byte> utf8, string pointer)
    {
        var doc = new InstructionDocument();
        JsonFrontEnd.Read(utf8, doc, new FindingSink(), ValidationOptions.Default);
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
        return new AssemblyValidator.LineMap(utf8).Locate(utf8, offset);
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
