using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading;
using CsCheck;
using ImageSdk.Transpiler;
using Xunit;

namespace ImageSdk.Tests.Transpiling;

/// <summary>The generated assemblies as C#: for the transpiler's property tests and the end-to-end builds.</summary>
internal static partial class AssemblyGenerator
{
    /// <summary>Generates assemblies (a fixed seed), writes each as C# under its own class name, and runs <paramref name="check"/> on each.</summary>
    public static List<(string ClassName, string Json, string Code)> Transpile(int iterations, Action<string, string> check)
    {
        var transpiled = new ConcurrentBag<(string ClassName, string Json, string Code)>();
        var count = 0;
        Assembly.Sample(assembly =>
        {
            var json = assembly.ToJsonString();
            var className = "Generated" + Interlocked.Increment(ref count);
            var csharp = AssemblyTranspiler.ToCSharp(Encoding.UTF8.GetBytes(json), new CSharpOptions(ClassName: className));
            Assert.True(csharp.Succeeded, json + "\n" + string.Join("\n", csharp.Errors));
            check(json, csharp.Output!);
            transpiled.Add((className, json, csharp.Output!));
        }, iter: iterations, seed: "0N0XIzNsQ0O2");
        Assert.True(transpiled.Count >= iterations);
        return transpiled.ToList();
    }
}
