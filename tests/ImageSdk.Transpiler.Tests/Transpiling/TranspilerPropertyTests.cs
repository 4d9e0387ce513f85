using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading;
using CsCheck;
using ImageSdk.Tables;
using ImageSdk.Transpiler;
using Xunit;

namespace ImageSdk.Tests.Transpiling;

/// <summary>
/// CsCheck: generated assemblies (1,000 in the full run, 250 in every run; <see cref="FullBuildTests"/>), every value in a form the schema's schema tables give its parameter (valid or not),
/// go JSON → C# → JSON value-equal; the C# of all of them compiles, and the real builders write the same JSON.
/// </summary>
public class TranspilerPropertyTests
{
    [Fact]
    public void Generated_assemblies_round_trip_and_their_csharp_builds_the_same_json()
    {
        var transpiled = AssemblyGenerator.Transpile(FullBuildTests.Cases(everyRun: 250, full: 1000), (json, csharp) =>
        {
            var back = AssemblyTranspiler.ToJson(csharp);
            Assert.True(back.Succeeded, csharp + "\n" + string.Join("\n", back.Errors));
            Assert.True(TranspileHarness.JsonEquals(json, back.Output!), $"{json}\n{csharp}\n{back.Output}");
        });

        var built = TranspileHarness.CompileAndBuild(transpiled.Select(t => ("Assemblies", t.ClassName, t.Code)).ToList());
        Assert.All(transpiled, t => Assert.True(TranspileHarness.JsonEquals(t.Json, built[t.ClassName]), $"{t.Json}\n{t.Code}\n{built[t.ClassName]}"));
    }
}
