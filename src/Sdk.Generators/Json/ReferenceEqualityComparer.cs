using System.Collections.Generic;

namespace ImageSdk.Generators.Json;

/// <summary>Reference equality for the visited sets of tree walks (records compare by value).</summary>
internal sealed class ReferenceEqualityComparer : IEqualityComparer<JsonNode>
{
    public static readonly ReferenceEqualityComparer Instance = new();

    public bool Equals(JsonNode? x, JsonNode? y) => ReferenceEquals(x, y);

    public int GetHashCode(JsonNode obj) => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(obj);
}
