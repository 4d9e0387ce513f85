using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using ImageSdk.Tables;
using ImageSdk.Validation.Engine;

namespace ImageSdk.Validation;

/// <summary>
/// The strings of the schema tables, found by their UTF-8 bytes, so that the JSON front end hands the rules the tables' own
/// strings and known names cost no allocation. An open-addressing table four times the number of names.
/// </summary>
/// <remarks>
/// Each name is keyed on its length and two 4-byte words: the first and the last four bytes, which overlap and so hold
/// every byte of a name up to 8 bytes long (up to 3 bytes: the first, middle and last byte). The key is both the hash and
/// the first comparison, in registers; only a name longer than 8 bytes is compared byte for byte, once its key matched.
/// </remarks>
internal sealed class NameTable
{
    private readonly Slot[] _slots;
    private readonly int _mask;
    private byte[] _utf8;
    private int _used;
    private int _longest;

    /// <remarks>
    /// Start-up: <c>imagesdk validate</c> builds this table at every call, so it is built in one pass over the names, without
    /// LINQ, a byte array per name or a set for distinct names (a name already in the table is found by its own probe), and
    /// with every name's UTF-8 in one array.
    /// </remarks>
    internal NameTable(List<string> names)
    {
        var size = 16;
        while (size < names.Count * 4)
        {
            size *= 2;
        }

        _slots = new Slot[size];
        _mask = size - 1;
        _utf8 = new byte[names.Count * 16];
        foreach (var name in names)
        {
            Add(name);
        }
    }

    /// <summary>Every name the rules compare against: keys, robots, parameters, enum values, roles, models and their capabilities.</summary>
    public static NameTable FromSchemaTables()
    {
        var names = new List<string>(SchemaTables.RobotStrings.Length + 1024) { "robot", "true", "false" };
        names.AddRange(UseGrammar.ObjectKeys);
        names.AddRange(UseGrammar.InputKeys);
        foreach (var key in SchemaTables.AssemblyKeys)
        {
            names.Add(key.Name);
            names.AddRange(key.EnumValues);
        }

        // The robots' names, required step names, parameter names, enum values, map keys and roles: generated as one array
        // of the same strings the specs hold, so that no robot's spec is built for this (a spec is built on first use).
        names.AddRange(SchemaTables.RobotStrings);

        foreach (var model in SchemaTables.Models)
        {
            names.Add(model.Id);
            names.AddRange(model.Aliases);
            names.AddRange(model.Capabilities.AspectRatios);
            names.AddRange(model.Capabilities.Styles);
        }

        return new NameTable(names);
    }

    /// <summary>Adds <paramref name="name"/> unless it is empty or an equal name is in the table already (the first one is kept).</summary>
    private void Add(string name)
    {
        if (name.Length == 0)
        {
            return;
        }

        var length = Encode(name);
        var utf8 = _utf8.AsSpan(_used, length);
        var (head, tail) = Key(utf8);
        var slot = Hash(length, head, tail) & _mask;
        for (; _slots[slot].Text is not null; slot = (slot + 1) & _mask)
        {
            ref readonly var taken = ref _slots[slot];
            if (taken.Head == head && taken.Tail == tail && taken.Length == length && utf8.SequenceEqual(_utf8.AsSpan(taken.Offset, length)))
            {
                return;
            }
        }

        _slots[slot] = new Slot(name, _used, head, tail, length);
        _used += length;
        _longest = Math.Max(_longest, length);
    }

    /// <summary>Writes the UTF-8 of <paramref name="name"/> at the end of the used bytes; returns its length.</summary>
    private int Encode(string name)
    {
        var length = name.Length;
        foreach (var c in name)
        {
            if (c >= 0x80)
            {
                length = Encoding.UTF8.GetByteCount(name);
                break;
            }
        }

        if (_used + length > _utf8.Length)
        {
            Array.Resize(ref _utf8, Math.Max(_utf8.Length * 2, _used + length));
        }

        if (length == name.Length)
        {
            // ASCII, nearly every name: copied by hand (the encoder's first use costs a short process more than this table)
            for (var i = 0; i < name.Length; i++)
            {
                _utf8[_used + i] = (byte)name[i];
            }
        }
        else
        {
            Encoding.UTF8.GetBytes(name, _utf8.AsSpan(_used, length));
        }

        return length;
    }

    /// <summary>Every name in the table.</summary>
    public IEnumerable<string> Names => _slots.Where(slot => slot.Text is not null).Select(slot => slot.Text!);

    /// <summary>The table's string whose UTF-8 is <paramref name="utf8"/>, or null.</summary>
    /// <remarks>
    /// Asked for every name and string of a document: the key is read and hashed in line, and the slots are read without
    /// bounds checks (the slot index is masked to the table's size, and a name's bytes are read within its length).
    /// </remarks>
    public string? Find(ReadOnlySpan<byte> utf8)
    {
        var length = utf8.Length;
        if ((uint)(length - 1) >= (uint)_longest)
        {
            return null; // empty, or longer than any name (a prompt)
        }

        // Key and Hash written out: this runs for every name and string of a document, and a call per part costs more than the part.
        ref var bytes = ref MemoryMarshal.GetReference(utf8);
        uint head, tail;
        if (length >= 4)
        {
            head = LittleEndian(Unsafe.ReadUnaligned<uint>(ref bytes));
            tail = LittleEndian(Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref bytes, length - 4)));
        }
        else
        {
            head = bytes;
            tail = (uint)(Unsafe.Add(ref bytes, length - 1) << 8 | Unsafe.Add(ref bytes, length / 2) << 16);
        }

        var hash = (head * 0x9E3779B1u) ^ (tail * 0x85EBCA77u) ^ ((uint)length * 0xC2B2AE3Du);
        ref var slots = ref MemoryMarshal.GetArrayDataReference(_slots);
        var mask = _mask;
        for (var slot = (int)(hash ^ (hash >> 15)) & mask; ; slot = (slot + 1) & mask)
        {
            ref readonly var candidate = ref Unsafe.Add(ref slots, slot);
            if (candidate.Text is null)
            {
                return null;
            }

            if (candidate.Head == head && candidate.Tail == tail && candidate.Length == length
                && (length <= 8 || utf8.SequenceEqual(_utf8.AsSpan(candidate.Offset, length))))
            {
                return candidate.Text;
            }
        }
    }

    /// <summary>The first and last four bytes (overlapping); for 1 to 3 bytes, the first byte and the last and middle ones.</summary>
    private static (uint Head, uint Tail) Key(ReadOnlySpan<byte> utf8)
    {
        ref var bytes = ref MemoryMarshal.GetReference(utf8);
        return (Head(ref bytes, utf8.Length), Tail(ref bytes, utf8.Length));
    }

    /// <summary>The first four bytes, little-endian; for 1 to 3 bytes, the first byte. <paramref name="length"/> is at least 1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Head(ref byte bytes, int length) =>
        length >= 4 ? LittleEndian(Unsafe.ReadUnaligned<uint>(ref bytes)) : bytes;

    /// <summary>The last four bytes, little-endian; for 1 to 3 bytes, the last and the middle byte. <paramref name="length"/> is at least 1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Tail(ref byte bytes, int length) =>
        length >= 4
            ? LittleEndian(Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref bytes, length - 4)))
            : (uint)(Unsafe.Add(ref bytes, length - 1) << 8 | Unsafe.Add(ref bytes, length / 2) << 16);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint LittleEndian(uint value) => BitConverter.IsLittleEndian ? value : BinaryPrimitives.ReverseEndianness(value);

    /// <summary>The slot a key starts at (before the mask); <see cref="Find"/> computes the same in line.</summary>
    private static int Hash(int length, uint head, uint tail)
    {
        var hash = (head * 0x9E3779B1u) ^ (tail * 0x85EBCA77u) ^ ((uint)length * 0xC2B2AE3Du);
        return (int)(hash ^ (hash >> 15));
    }

    private readonly struct Slot
    {
        public readonly string? Text;
        public readonly int Offset; // of its UTF-8 in _utf8
        public readonly uint Head;
        public readonly uint Tail;
        public readonly int Length;

        public Slot(string text, int offset, uint head, uint tail, int length)
        {
            Text = text;
            Offset = offset;
            Head = head;
            Tail = tail;
            Length = length;
        }
    }
}
