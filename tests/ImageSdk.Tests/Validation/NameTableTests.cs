using System.Collections.Generic;
using System.Linq;
using System.Text;
using CsCheck;
using ImageSdk.Tables;
using ImageSdk.Validation;
using Xunit;

namespace ImageSdk.Tests.Validation;

public class NameTableTests
{
    private static readonly NameTable s_table = NameTable.FromSchemaTables();

    private static readonly string[] s_ruleNames = SchemaTables.Robots
        .SelectMany(r => r.Parameters.Select(p => p.Name).Concat(r.Parameters.SelectMany(p => p.EnumValues)).Append(r.Name))
        .Concat(SchemaTables.Models.SelectMany(m => m.Aliases.Append(m.Id).Concat(m.Capabilities.AspectRatios).Concat(m.Capabilities.Styles)))
        .Concat(SchemaTables.AssemblyKeys.Select(k => k.Name))
        .Where(n => n.Length > 0) // an imported enum's empty value ("") is compared by value; the table holds names
        .Distinct()
        .ToArray();

    private static readonly string[] s_names = s_table.Names.ToArray();

    [Fact]
    public void Every_name_the_rules_compare_is_found_as_the_tables_own_string()
    {
        Assert.True(s_ruleNames.Length > 50, $"{s_ruleNames.Length} names");
        Assert.All(s_ruleNames, name => Assert.Same(name, s_table.Find(Encoding.UTF8.GetBytes(name))));
    }

    [Fact]
    public void A_string_is_found_exactly_when_it_is_a_table_name()
    {
        // Near misses share the key words: one byte changed, inserted or dropped anywhere, including the middle of names over 8 bytes.
        var mutated = Gen.Select(Gen.Int[0, s_names.Length - 1].Select(i => s_names[i]), Gen.Int[0, 64], Gen.Char["ab_-/:19 é"], Gen.Int[0, 2]).Select((name, at, c, edit) =>
        {
            var i = at % (name.Length + 1);
            return edit switch
            {
                0 => name.Insert(i, c.ToString()),
                1 when i < name.Length => name.Remove(i, 1).Insert(i, c.ToString()),
                _ when i < name.Length => name.Remove(i, 1),
                _ => name + c,
            };
        });
        mutated.Sample(text =>
        {
            var expected = s_names.Contains(text) ? text : null;
            Assert.Equal(expected, s_table.Find(Encoding.UTF8.GetBytes(text)));
        }, iter: 20000);
    }

    [Fact]
    public void A_name_outside_ascii_is_found_and_a_repeated_name_is_kept_once_as_its_first_string()
    {
        var first = new string("größe".ToCharArray());
        var again = new string("größe".ToCharArray());
        var table = new NameTable(new List<string> { "a", first, string.Empty, "abcdefghij-longer", again, "a", "€" });

        Assert.Same(first, table.Find(Encoding.UTF8.GetBytes("größe")));
        Assert.Equal("€", table.Find(Encoding.UTF8.GetBytes("€")));
        Assert.Equal("abcdefghij-longer", table.Find(Encoding.UTF8.GetBytes("abcdefghij-longer")));
        Assert.Null(table.Find(Encoding.UTF8.GetBytes("große")));
        Assert.Null(table.Find(Encoding.UTF8.GetBytes("abcdefghij-lunger")));
        Assert.Null(table.Find(System.ReadOnlySpan<byte>.Empty));
        Assert.Equal(new[] { "a", "abcdefghij-longer", "größe", "€" }, table.Names.Order(System.StringComparer.Ordinal));
    }
}
