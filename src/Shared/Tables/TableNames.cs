using System;
using System.Runtime.CompilerServices;

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
    /// strings by reference in an open-addressing table keyed on their identity hash, so a table string is found in a probe
    /// or two instead of a pass; any other string is compared in full as <see cref="IndexOf"/> does. Same answers as
    /// <see cref="IndexOf"/> (the first index of each reference is kept), for arrays that do not change.
    /// </summary>
    internal sealed class Index
    {
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
                var slot = RuntimeHelpers.GetHashCode(names[i]) & _mask;
                while (_slots[slot] is { } taken && !ReferenceEquals(taken, names[i]))
                {
                    slot = (slot + 1) & _mask;
                }

                if (_slots[slot] is null)
                {
                    _slots[slot] = names[i];
                    _ordinals[slot] = i;
                }
            }
        }

        /// <summary>The index of <paramref name="name"/> in the array, or -1.</summary>
        public int IndexOf(string name)
        {
            var slot = RuntimeHelpers.GetHashCode(name) & _mask;
            while (_slots[slot] is { } taken)
            {
                if (ReferenceEquals(taken, name))
                {
                    return _ordinals[slot];
                }

                slot = (slot + 1) & _mask;
            }

            return Array.IndexOf(_names, name);
        }
    }
}
