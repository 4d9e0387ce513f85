using System.Collections.Generic;
using System.Text;

namespace ImageSdk.Generators.Json;

/// <summary>
/// The JSON Pointer (RFC 6901) of each node of one document, for diagnostics: built once per document that has one, by
/// reference, since nodes compare by value.
/// </summary>
internal sealed class JsonPointer
{
    private readonly Dictionary<JsonNode, (JsonNode Parent, string Token)> _parents = new(ReferenceEqualityComparer.Instance);

    public JsonPointer(JsonNode root)
    {
        var pending = new Stack<JsonNode>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            var node = pending.Pop();
            foreach (var member in node.Members)
            {
                _parents[member.Value] = (node, member.Name);
                pending.Push(member.Value);
            }

            for (var i = 0; i < node.Items.Count; i++)
            {
                _parents[node.Items[i]] = (node, i.ToString(System.Globalization.CultureInfo.InvariantCulture));
                pending.Push(node.Items[i]);
            }
        }
    }

    /// <summary>The pointer of <paramref name="node"/>, e.g. <c>/properties/a~1b</c>; empty for the root or a node of another document.</summary>
    public string Of(JsonNode node)
    {
        var tokens = new List<string>();
        while (_parents.TryGetValue(node, out var parent))
        {
            tokens.Add(parent.Token);
            node = parent.Parent;
        }

        var builder = new StringBuilder();
        for (var i = tokens.Count - 1; i >= 0; i--)
        {
            builder.Append('/').Append(tokens[i].Replace("~", "~0").Replace("/", "~1"));
        }

        return builder.ToString();
    }
}
