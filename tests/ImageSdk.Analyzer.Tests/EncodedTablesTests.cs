extern alias sdk;

using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using ImageSdk.Tables;
using SdkParameter = sdk::ImageSdk.Tables.ParameterSpec;
using SdkTables = sdk::ImageSdk.Tables.SchemaTables;

namespace ImageSdk.Analyzer.Tests;

/// <summary>
/// The analyzer's tables hold the robots' parameters and the assembly keys as text that SpecText decodes (a fresh compiler
/// JIT-compiles one reader instead of a method per robot); ImageSdk.dll's are constructor calls. Both come from one schema,
/// so every decoded spec must equal the constructed one, field by field, and its names must be the very string instances
/// (the interned literals) that the validator's name table and the engine's reference comparisons hold.
/// </summary>
public class EncodedTablesTests
{
    [Fact]
    public void Every_decoded_robot_spec_and_assembly_key_equals_the_constructed_one_with_the_same_name_instances()
    {
        Assert.Equal(SdkTables.Robots.Count, SchemaTables.Robots.Count);
        Assert.True(SchemaTables.Robots.Count > 90);
        for (var i = 0; i < SchemaTables.Robots.Count; i++)
        {
            var (decoded, constructed) = (SchemaTables.Robots[i], SdkTables.Robots[i]);
            Assert.Equal(constructed.Name, decoded.Name);
            Assert.Equal(Json(constructed.Parameters), Json(decoded.Parameters));
            SameNames(constructed.Parameters, decoded.Parameters);
        }

        Assert.Equal(Json(SdkTables.AssemblyKeys), Json(SchemaTables.AssemblyKeys));
        SameNames(SdkTables.AssemblyKeys, SchemaTables.AssemblyKeys);
    }

    [Fact]
    public void A_decoded_spec_keeps_nulls_empty_lists_bounds_members_and_flags()
    {
        var decoded = SpecText.Parameters(
            "2\u001fa\u001f3\u001f1\u001f0.5\u001f\u0000\u001f2\u001f^x$\u001f2\u001fp\u001fq\u001f0\u001f0\u001f\u0000\u001f4\u001f\u0000\u001fd\u001f" +
            "1\u001fm\u001f1\u001f0\u001f\u0000\u001f\u0000\u001f\u0000\u001f\u0000\u001f0\u001f0\u001f0\u001f\u0000\u001f\u0000\u001f\u0000\u001f\u001f\u0000\u001f\u0000\u001fM\u001f0\u001f0\u001f0\u001f\u0000\u001f" +
            "\u0000\u001fA\u001f2\u001fP\u001fQ\u001f0\u001f5\u001fT\u001f" +
            "b\u001f1\u001f0\u001f-1e+300\u001f7\u001f\u0000\u001f\u0000\u001f0\u001f0\u001f0\u001f\u0000\u001f\u0000\u001f{}\u001f\u001f\u0000\u001f{\"type\":\"x\"}\u001fB\u001f0\u001f0\u001f-3\u001f\u0000\u001f");
        Assert.Equal(2, decoded.Length);
        var a = decoded[0];
        Assert.Equal(("a", (ValueForms)3, true, (double?)0.5, (double?)null, (int?)2, "^x$"), (a.Name, a.Forms, a.Required, a.Minimum, a.Maximum, a.MinLength, a.Pattern));
        Assert.Equal(new[] { "p", "q" }, a.EnumValues);
        Assert.Same(System.Array.Empty<string>(), a.MapKeys);
        Assert.Equal((ModelCapability?)ModelCapability.Styles, a.Capability);
        Assert.Equal(("d", (string?)null, (string?)null, "A", "T"), (a.Description, a.DefaultJson, a.Catalog, a.MemberName, a.ArgumentTypeName));
        Assert.Equal(new[] { "P", "Q" }, a.EnumMembers);
        Assert.Equal((BuilderArguments)5, a.Arguments);
        var member = Assert.Single(a.ObjectMembers);
        Assert.Equal(("m", string.Empty, (IReadOnlyList<ParameterSpec>?)null, "M"), (member.Name, member.Description, member.Members, member.MemberName));
        var b = decoded[1];
        Assert.Equal((-1e300, (double?)7, "{}", string.Empty, "{\"type\":\"x\"}", (BuilderArguments)(-3)), (b.Minimum!.Value, b.Maximum, b.DefaultJson, b.Description, b.Schema, b.Arguments));
        Assert.Null(b.Members);
        Assert.Same(string.Intern("a"), a.Name);
    }

    private static string Json<T>(IReadOnlyList<T> parameters) => JsonSerializer.Serialize(parameters);

    private static void SameNames(IReadOnlyList<SdkParameter> constructed, IReadOnlyList<ParameterSpec> decoded)
    {
        Assert.Equal(constructed.Count, decoded.Count);
        for (var i = 0; i < decoded.Count; i++)
        {
            var (c, d) = (constructed[i], decoded[i]);
            Assert.Same(c.Name, d.Name);
            Assert.Same(c.MemberName, d.MemberName);
            foreach (var (x, y) in c.EnumValues.Zip(d.EnumValues).Concat(c.MapKeys.Zip(d.MapKeys)).Concat(c.UseRoles.Zip(d.UseRoles)))
            {
                Assert.Same(x, y);
            }

            Assert.Equal(c.EnumValues.Count == 0, ReferenceEquals(d.EnumValues, System.Array.Empty<string>()));
            SameNames(c.ObjectMembers, d.ObjectMembers);
        }
    }
}
