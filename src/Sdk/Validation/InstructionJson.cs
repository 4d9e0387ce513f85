using System.IO;
using System.Text;
using System.Text.Json;
using ImageSdk.Validation.Engine;

namespace ImageSdk.Validation;

/// <summary>Values of the neutral model written back as JSON: by the transpiler (C# to JSON) and by the runner (a field's value).</summary>
internal static class InstructionJson
{
    /// <summary>The value at <paramref name="index"/> as JSON; a name given twice is written once, its last value where it last stands.</summary>
    public static string Write(InstructionDocument doc, int index, bool indented)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = indented }))
        {
            WriteNode(writer, doc, index);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WriteNode(Utf8JsonWriter writer, InstructionDocument doc, int index)
    {
        ref readonly var node = ref doc[index];
        switch (node.Kind)
        {
            case InstructionKind.Object:
                writer.WriteStartObject();
                var last = node.ChildCount > 8 ? LastOfEachName(doc, index) : null; // large objects: one pass, not one search per member
                for (var child = node.FirstChild; child != InstructionDocument.None; child = doc[child].NextSibling)
                {
                    if ((last is null ? doc.Member(index, doc[child].Name!) : last[doc[child].Name!]) == child)
                    {
                        writer.WritePropertyName(doc[child].Name!);
                        WriteNode(writer, doc, child);
                    }
                }

                writer.WriteEndObject();
                break;
            case InstructionKind.Array:
                writer.WriteStartArray();
                for (var child = node.FirstChild; child != InstructionDocument.None; child = doc[child].NextSibling)
                {
                    WriteNode(writer, doc, child);
                }

                writer.WriteEndArray();
                break;
            case InstructionKind.String:
                writer.WriteStringValue(node.Text);
                break;
            case InstructionKind.Number when node.Text is not null:
                writer.WriteRawValue(node.Text);
                break;
            case InstructionKind.Number when double.IsFinite(node.Number):
                writer.WriteNumberValue(node.Number);
                break;
            case InstructionKind.Boolean:
                writer.WriteBooleanValue(node.Boolean);
                break;
            default:
                writer.WriteNullValue();
                break;
        }
    }

    /// <summary>Each member name of the object at <paramref name="index"/> and its last member.</summary>
    private static System.Collections.Generic.Dictionary<string, int> LastOfEachName(InstructionDocument doc, int index)
    {
        var last = new System.Collections.Generic.Dictionary<string, int>(System.StringComparer.Ordinal);
        for (var child = doc[index].FirstChild; child != InstructionDocument.None; child = doc[child].NextSibling)
        {
            last[doc[child].Name!] = child;
        }

        return last;
    }
}
