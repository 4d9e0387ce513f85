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
}
