using System;
using System.Collections.Generic;
using System.Text;

namespace ImageSdk.Validation.Engine;

/// <summary>The kind of one value of assembly instructions.</summary>
internal enum InstructionKind : byte
{
    /// <summary>A value the front end cannot know: in C#, an argument that is not a constant. No rule reports it.</summary>
    Unknown,
    Null,
    String,
    Number,
    Boolean,
    Array,
    Object,
}

/// <summary>
/// One value of the neutral model the rules run on. The JSON front end records byte offsets; the analyzer
/// records the syntax it came from (<see cref="InstructionDocument.OriginOf"/>). Children are linked, so a document is one flat array.
/// </summary>
internal struct InstructionNode
{
    public InstructionKind Kind;
    public bool Boolean;

    /// <summary>Whether a string is text an interpolation filled in: taken as it stands, never as a <c>${...}</c> variable again.</summary>
    public bool Literal;
    public int Parent;
    public int FirstChild;
    public int LastChild;
    public int NextSibling;
    public int ChildCount;

    /// <summary>The member name when the parent is an object.</summary>
    public string? Name;

    /// <summary>The text of a string value; for a number read from C#, its exact literal (a long beyond 2^53 stays exact).</summary>
    public string? Text;

    public double Number;

    /// <summary>The byte offset of the value in the JSON text, or -1.</summary>
    public int Offset;

    /// <summary>The byte offset of the member name in the JSON text, or -1.</summary>
    public int NameOffset;

    public readonly bool IsInteger => Kind == InstructionKind.Number && Math.Floor(Number) == Number && !double.IsInfinity(Number);
}

/// <summary>
/// Assembly instructions as the rules see them: a tree of <see cref="InstructionNode"/> in one array, node 0 the root.
/// Free of System.Text.Json and I/O, so the analyzer compiles the same file.
/// </summary>
internal sealed class InstructionDocument
{
    public const int None = -1;

    private static readonly char[] s_pointerEscapes = { '~', '/' };

    private InstructionNode[] _nodes;

    // Builds JSON Pointers; kept, since a document with findings usually has several.
    private StringBuilder? _pointer;

    // Where the analyzer found each value and its name; the JSON front end never sets it, so its nodes stay small.
    private (object? Value, object? Name)[]? _origins;

    public InstructionDocument(int capacity = 64) => _nodes = new InstructionNode[Math.Max(4, capacity)];

    private int _count;

    /// <summary>The number of values.</summary>
    public int Count => _count;

    /// <summary>The value at <paramref name="index"/>.</summary>
    public ref readonly InstructionNode this[int index] => ref _nodes[index];

    /// <summary>Forgets every value, keeping the storage.</summary>
    public void Clear()
    {
        Array.Clear(_nodes, 0, Count);
        if (_origins is not null)
        {
            Array.Clear(_origins, 0, Math.Min(Count, _origins.Length));
        }

        _count = 0;
    }

    /// <summary>Adds a value as the last child of <paramref name="parent"/> (or as the root) and returns its index.</summary>
    public int Add(int parent, InstructionKind kind, string? name = null, int offset = -1, int nameOffset = -1)
    {
        Append(parent, kind, name, offset, nameOffset, out var index);
        return index;
    }

    public int AddString(int parent, string? name, string text, int offset = -1, int nameOffset = -1)
    {
        Append(parent, InstructionKind.String, name, offset, nameOffset, out var index).Text = text;
        return index;
    }

    public int AddNumber(int parent, string? name, double value, int offset = -1, int nameOffset = -1)
    {
        Append(parent, InstructionKind.Number, name, offset, nameOffset, out var index).Number = value;
        return index;
    }

    /// <summary>
    /// Adds a value as the last child of <paramref name="parent"/> (or as the root): the node, for the caller to set its
    /// value in the same place. The JSON front end adds every value here, so the node is written in one pass, and the
    /// fields a value leaves unset are still zero from <see cref="Clear"/> (or a new array).
    /// </summary>
    private ref InstructionNode Append(int parent, InstructionKind kind, string? name, int offset, int nameOffset, out int index)
    {
        var nodes = _nodes;
        index = _count;
        if ((uint)index >= (uint)nodes.Length)
        {
            nodes = Grow();
        }

        _count = index + 1;
        ref var node = ref nodes[index];
        node.Kind = kind;
        node.Parent = parent;
        node.FirstChild = None;
        node.LastChild = None;
        node.NextSibling = None;
        node.Name = name;
        node.Offset = offset;
        node.NameOffset = nameOffset;
        if (parent != None)
        {
            ref var owner = ref nodes[parent];
            if (owner.LastChild == None)
            {
                owner.FirstChild = index;
            }
            else
            {
                nodes[owner.LastChild].NextSibling = index;
            }

            owner.LastChild = index;
            owner.ChildCount++;
        }

        return ref node;
    }

    private InstructionNode[] Grow()
    {
        Array.Resize(ref _nodes, _nodes.Length * 2);
        return _nodes;
    }

    /// <summary>Adds a number read from C#, keeping its exact text beside the double the rules read.</summary>
    public int AddNumber(int parent, string? name, double value, string literal)
    {
        var index = AddNumber(parent, name, value);
        _nodes[index].Text = literal;
        return index;
    }

    public int AddBoolean(int parent, string? name, bool value, int offset = -1, int nameOffset = -1)
    {
        Append(parent, InstructionKind.Boolean, name, offset, nameOffset, out var index).Boolean = value;
        return index;
    }

    /// <summary>
    /// Replaces a string value with what an interpolation made of it: a string (read literally from then on, so a field
    /// value that itself looks like <c>${x}</c> is never a variable), a number or a boolean. The offsets stay, so
    /// findings on the filled value point at the variable in the text.
    /// </summary>
    public void Fill(int index, InstructionKind kind, string? text, double number, bool boolean)
    {
        ref var node = ref _nodes[index];
        node.Kind = kind;
        node.Text = text;
        node.Number = number;
        node.Boolean = boolean;
        node.Literal = true;
    }

    /// <summary>A copy of the values (not where the analyzer found them), for the fix planner to change and check again.</summary>
    public InstructionDocument Clone()
    {
        var copy = new InstructionDocument(Count);
        Array.Copy(_nodes, copy._nodes, Count);
        copy._count = _count;
        return copy;
    }

    /// <summary>Sets a string value's text (a fix: a did-you-mean, a format, a clamped number in its string form).</summary>
    public void SetText(int index, string text) => _nodes[index].Text = text;

    /// <summary>Sets a number (a fix: a clamped or rounded number); <paramref name="literal"/> is its text.</summary>
    public void SetNumber(int index, double value, string literal)
    {
        ref var node = ref _nodes[index];
        node.Number = value;
        node.Text = literal;
    }

    /// <summary>Renames a member (a fix: a parameter's did-you-mean).</summary>
    public void Rename(int index, string name) => _nodes[index].Name = name;

    /// <summary>Whether the value is a string holding a <c>${...}</c> variable anywhere (filled in at run time; a string parameter takes it so).</summary>
    public bool IsVariable(int index)
    {
        ref readonly var node = ref _nodes[index];
        return node.Kind == InstructionKind.String && !node.Literal && ImageSdk.Tables.SchemaTables.ContainsInterpolation(node.Text);
    }

    /// <summary>Whether the value is one <c>${...}</c> variable as its whole value: the only variable a parameter that is not a string takes.</summary>
    public bool IsWholeVariable(int index)
    {
        ref readonly var node = ref _nodes[index];
        return node.Kind == InstructionKind.String && !node.Literal && ImageSdk.Tables.SchemaTables.IsInterpolation(node.Text);
    }

    /// <summary>Sets where the analyzer found a value and its name.</summary>
    public void SetOrigin(int index, object? origin, object? nameOrigin = null)
    {
        if (_origins is null || _origins.Length <= index)
        {
            Array.Resize(ref _origins, Math.Max(_nodes.Length, index + 1));
        }

        _origins[index] = (origin, nameOrigin);
    }

    /// <summary>What the analyzer built the value at <paramref name="index"/> from (a syntax node), if anything.</summary>
    public object? OriginOf(int index) => _origins is not null && (uint)index < (uint)_origins.Length ? _origins[index].Value : null;

    /// <summary>What the analyzer built the member name of the value at <paramref name="index"/> from, if anything.</summary>
    public object? NameOriginOf(int index) => _origins is not null && (uint)index < (uint)_origins.Length ? _origins[index].Name : null;

    /// <summary>
    /// Unlinks the member of object <paramref name="parent"/> called <paramref name="name"/>, if any: a duplicate key is
    /// about to replace it. The last one wins, as JSON parsers and Transloadit keep it, so the overridden value is never judged.
    /// Its values stay in the array (their indices do not move) but are no longer reachable from the root.
    /// </summary>
    public void RemoveMember(int parent, string name)
    {
        ref var owner = ref _nodes[parent];
        var previous = None;
        for (var child = owner.FirstChild; child != None; previous = child, child = _nodes[child].NextSibling)
        {
            if (_nodes[child].Name != name) // ordinal
            {
                continue;
            }

            var next = _nodes[child].NextSibling;
            if (previous == None)
            {
                owner.FirstChild = next;
            }
            else
            {
                _nodes[previous].NextSibling = next;
            }

            if (owner.LastChild == child)
            {
                owner.LastChild = previous;
            }

            _nodes[child].NextSibling = None;
            owner.ChildCount--;
            return;
        }
    }

    /// <summary>The member of object <paramref name="parent"/> called <paramref name="name"/> (the last one, as JSON parsers keep it), or <see cref="None"/>.</summary>
    public int Member(int parent, string name)
    {
        var nodes = _nodes;
        var found = None;
        for (var child = nodes[parent].FirstChild; child != None; child = nodes[child].NextSibling)
        {
            if (nodes[child].Name == name) // ordinal
            {
                found = child;
            }
        }

        return found;
    }

    /// <summary>
    /// Whether object <paramref name="parent"/> has a member called <paramref name="name"/>. With <paramref name="byReference"/>,
    /// names are compared by reference: for a caller whose every name equal to <paramref name="name"/> is that very string
    /// (the JSON front end's table strings).
    /// </summary>
    public bool HasMember(int parent, string name, bool byReference)
    {
        var nodes = _nodes;
        for (var child = nodes[parent].FirstChild; child != None; child = nodes[child].NextSibling)
        {
            if (ReferenceEquals(nodes[child].Name, name) || (!byReference && nodes[child].Name == name))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The RFC 6901 JSON Pointer of a value, e.g. <c>/steps/gen/use/0/as</c>.</summary>
    public string PointerOf(int index)
    {
        if (index <= 0)
        {
            return string.Empty;
        }

        // The ancestors, deepest first; then the segments root first.
        var depth = 0;
        for (var current = index; current > 0; current = _nodes[current].Parent)
        {
            depth++;
        }

        Span<int> path = depth <= 32 ? stackalloc int[depth] : new int[depth];
        for (int current = index, i = depth - 1; current > 0; current = _nodes[current].Parent, i--)
        {
            path[i] = current;
        }

        var builder = _pointer ??= new StringBuilder(64);
        builder.Clear();
        for (var i = 0; i < depth; i++)
        {
            var current = path[i];
            builder.Append('/');
            var parent = _nodes[current].Parent;
            if (parent != None && _nodes[parent].Kind == InstructionKind.Array)
            {
                var position = 0;
                for (var sibling = _nodes[parent].FirstChild; sibling != current; sibling = _nodes[sibling].NextSibling)
                {
                    position++;
                }

                builder.Append(position);
            }
            else
            {
                var name = _nodes[current].Name ?? string.Empty;
                if (name.IndexOfAny(s_pointerEscapes) < 0)
                {
                    builder.Append(name);
                }
                else
                {
                    builder.Append(name.Replace("~", "~0").Replace("/", "~1"));
                }
            }
        }

        return builder.ToString();
    }
}
