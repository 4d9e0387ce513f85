using System;

namespace ImageSdk.Tables;

/// <summary>Name search in the schema tables' arrays.</summary>
internal static class TableNames
{
    /// <summary>
    /// The index of <paramref name="name"/> in <paramref name="names"/>, or -1. The validator's JSON front end hands over the
    /// tables' own strings (string literals, one instance each), so a reference pass finds a known name without comparing
    /// characters; any other string is then compared in full.
    /// </summary>
    public static int IndexOf(string[] names, string name)
    {
        for (var i = 0; i < names.Length; i++)
        {
            if (ReferenceEquals(names[i], name))
            {
                return i;
            }
        }

        return Array.IndexOf(names, name);
    }

    /// <summary>
    /// <see cref="IndexOf"/> over one array, for arrays searched once per step (93 robots, a robot's parameters): the array's
    /// strings in an open-addressing table keyed on a hash of their length and three of their characters (computed in line,
    /// where an identity hash is a call into the runtime), so a name is found in a probe or two instead of a pass; a table
    /// string is matched by reference, any other string by its text. Same answers as <see cref="IndexOf"/> (the first index
    /// of each reference, else of each text), for arrays that do not change.
    /// </summary>
    internal sealed class Index
    {
        /// <summary>In <see cref="_ordinals"/>: the array holds this text as more than one instance; <see cref="IndexOf"/> decides.</summary>
        private const int Mixed = -1;

        private readonly string[] _names;
        private readonly string?[] _slots;
        private readonly int[] _ordinals;
        private readonly int _mask;

        public Index(string[] names)
        {
            _names = names;
            var size = 4;
            while (size < names.Length * 2)
            {
                size *= 2;
            }

            _slots = new string?[size];
            _ordinals = new int[size];
            _mask = size - 1;
            for (var i = 0; i < names.Length; i++)
            {
                var name = names[i];
                if (name is null)
                {
                    continue; // never found: IndexOf takes no null
                }

                var slot = Hash(name) & _mask;
                while (_slots[slot] is { } taken && !string.Equals(taken, name, StringComparison.Ordinal))
                {
                    slot = (slot + 1) & _mask;
                }

                if (_slots[slot] is not { } first)
                {
                    _slots[slot] = name;
                    _ordinals[slot] = i;
                }
                else if (!ReferenceEquals(first, name))
                {
                    _ordinals[slot] = Mixed; // equal text, another instance: the first index depends on the instance asked for
                }
            }
        }

        /// <summary>The index of <paramref name="name"/> in the array, or -1.</summary>
        public int IndexOf(string name)
        {
            if (name is null)
            {
                return Array.IndexOf(_names, name);
            }

            // Hash written out (as in Hash): asked for every parameter of every step.
            var length = name.Length;
            var hash = length == 0 ? 0u : ((uint)length * 0x9E3779B1u) ^ name[0] ^ ((uint)name[length - 1] << 9) ^ ((uint)name[length >> 1] << 18);
            hash *= 0x85EBCA77u;
            var slots = _slots;
            for (var slot = (int)(hash ^ (hash >> 15)) & _mask; slots[slot] is { } taken; slot = (slot + 1) & _mask)
            {
                if (ReferenceEquals(taken, name) || (taken.Length == name.Length && string.Equals(taken, name, StringComparison.Ordinal)))
                {
                    var ordinal = _ordinals[slot];
                    return ordinal != Mixed ? ordinal : TableNames.IndexOf(_names, name);
                }
            }

            return -1;
        }

        /// <summary>A hash of the length and the first, middle and last characters; <see cref="IndexOf"/> computes the same in line.</summary>
        private static int Hash(string name)
        {
            var length = name.Length;
            var hash = length == 0 ? 0u : ((uint)length * 0x9E3779B1u) ^ name[0] ^ ((uint)name[length - 1] << 9) ^ ((uint)name[length >> 1] << 18);
            hash *= 0x85EBCA77u;
            return (int)(hash ^ (hash >> 15));
        }
    }
}
