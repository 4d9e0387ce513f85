using System;
using System.Collections.Generic;
using System.Linq;
using ImageSdk.Tests.Validation;
using ImageSdk.Transpiler;

namespace ImageSdk.Tests.Transpiling;

/// <summary>The corpus transpiled to C#: shared by the transpiler's corpus tests and the end-to-end consumer build.</summary>
internal static class TranspiledCorpus
{
    /// <summary>Codes only JSON text can carry (a duplicate key): C# has no such thing, so the analyzer never reports them.</summary>
    public static readonly HashSet<string> JsonTextOnlyCodes = ["IMG1004"];

    public static TranspileResult ToCSharp(string file) =>
        AssemblyTranspiler.ToCSharp(Corpus.Bytes(file), new CSharpOptions(ClassName: CSharpOptions.ClassNameFor(file)));

    /// <summary>The corpus cases the builders can express, with their C#.</summary>
    public static readonly Lazy<IReadOnlyList<(string File, string Code)>> Expressible = new(() => Corpus.Expectations
        .Select(e => (e.File, Result: ToCSharp(e.File)))
        .Where(x => x.Result.Succeeded)
        .Select(x => (x.File, x.Result.Output!))
        .ToList());
}
