using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using System.Text.Json;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace ImageSdk.Tests.Transpiling;

/// <summary>What the transpiler tests share: JSON value equality, and compiling transpiled C# to run its builders for real.</summary>
internal static class TranspileHarness
{
    /// <summary>
    /// JSON value equality: objects by member (a repeated key counts once, with its last value, as JSON parsers keep it;
    /// order does not matter), arrays by position, numbers by value (1024 equals 1024.0), strings by their characters.
    /// </summary>
    public static bool JsonEquals(JsonElement a, JsonElement b)
    {
        var kindA = a.ValueKind is JsonValueKind.False ? JsonValueKind.True : a.ValueKind;
        var kindB = b.ValueKind is JsonValueKind.False ? JsonValueKind.True : b.ValueKind;
        if (kindA != kindB)
        {
            return false;
        }

        switch (a.ValueKind)
        {
            case JsonValueKind.Object:
                var membersA = Members(a);
                var membersB = Members(b);
                return membersA.Count == membersB.Count && membersA.All(m => membersB.TryGetValue(m.Key, out var other) && JsonEquals(m.Value, other));
            case JsonValueKind.Array:
                return a.GetArrayLength() == b.GetArrayLength() && a.EnumerateArray().Zip(b.EnumerateArray()).All(p => JsonEquals(p.First, p.Second));
            case JsonValueKind.Number:
                return a.TryGetDecimal(out var x) && b.TryGetDecimal(out var y) ? x == y : a.GetDouble() == b.GetDouble();
            case JsonValueKind.String:
                return a.GetString() == b.GetString();
            case JsonValueKind.True or JsonValueKind.False:
                return a.GetBoolean() == b.GetBoolean();
            default:
                return true;
        }
    }

    public static bool JsonEquals(string a, string b)
    {
        using var x = JsonDocument.Parse(a);
        using var y = JsonDocument.Parse(b);
        return JsonEquals(x.RootElement, y.RootElement);
    }

    private static Dictionary<string, JsonElement> Members(JsonElement value)
    {
        var members = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var member in value.EnumerateObject())
        {
            members[member.Name] = member.Value;
        }

        return members;
    }

    /// <summary>
    /// Compiles C# files against ImageSdk in one compilation, loads the result and calls each file's
    /// <c>{ns}.{class}.Build()</c>: the JSON the real builders write, by class name.
    /// </summary>
    public static IReadOnlyDictionary<string, string> CompileAndBuild(IReadOnlyList<(string Namespace, string ClassName, string Code)> files)
    {
        var trees = files.Select(f => CSharpSyntaxTree.ParseText(f.Code, new CSharpParseOptions(LanguageVersion.Latest), path: f.ClassName + ".cs")).ToList();
        var compilation = CSharpCompilation.Create(
            "Transpiled" + Guid.NewGuid().ToString("N"),
            trees,
            ImageSdk.Transpiler.CSharpToJson.References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        using var image = new MemoryStream();
        var emitted = compilation.Emit(image);
        var errors = emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Take(10).ToList();
        if (!emitted.Success)
        {
            throw new Xunit.Sdk.XunitException("the transpiled C# does not compile:\n" + string.Join("\n", errors));
        }

        var context = new AssemblyLoadContext("transpiled", isCollectible: true);
        try
        {
            image.Position = 0;
            var assembly = context.LoadFromStream(image);
            return files.ToDictionary(
                f => f.ClassName,
                f =>
                {
                    var builder = (AssemblyBuilder)assembly.GetType(f.Namespace + "." + f.ClassName, throwOnError: true)!
                        .GetMethod("Build", BindingFlags.Public | BindingFlags.Static)!.Invoke(null, null)!;
                    return builder.ToJson(indented: false);
                });
        }
        finally
        {
            context.Unload();
        }
    }
}
