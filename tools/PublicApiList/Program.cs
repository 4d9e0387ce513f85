using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

// PublicApiList ANALYZER.dll OUT/PublicAPI.Unshipped.txt SHIPPED.txt SOURCE_DIR... : compiles the sources (bin/ and obj/ left
// out, so pass the generated files' folder explicitly), runs the PublicApiAnalyzers and writes the declared API (what is
// not in SHIPPED) to OUT, sorted, after the "#nullable enable" header the analyzer reads.
if (args.Length < 4)
{
    Console.Error.WriteLine("usage: PublicApiList ANALYZER.dll OUT.txt SHIPPED.txt SOURCE_DIR...");
    return 2;
}

var sources = args[3..]
    .SelectMany(root => Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories))
    .Where(path => !path.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj") || path.Contains("generated", StringComparison.OrdinalIgnoreCase))
    .Distinct()
    .Select(path => CSharpSyntaxTree.ParseText(File.ReadAllText(path), new CSharpParseOptions(LanguageVersion.Latest), path))
    .ToList();
var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator).Select(p => MetadataReference.CreateFromFile(p));
var compilation = CSharpCompilation.Create("ImageSdk", sources, references, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, allowUnsafe: true));
var analyzers = new AnalyzerFileReference(Path.GetFullPath(args[0]), new Loader()).GetAnalyzers(LanguageNames.CSharp);
var texts = ImmutableArray.Create<AdditionalText>(new Text("PublicAPI.Shipped.txt", File.ReadAllText(args[2])), new Text("PublicAPI.Unshipped.txt", "#nullable enable\n"));
var diagnostics = await compilation.WithAnalyzers(analyzers, new AnalyzerOptions(texts)).GetAnalyzerDiagnosticsAsync(CancellationToken.None);
var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
if (errors.Count > 0)
{
    Console.Error.WriteLine($"the sources do not compile: {errors[0]}");
    return 1;
}

var names = diagnostics.Where(d => d.Id == "RS0016" && d.Properties.TryGetValue("APIName", out _))
    .Select(d => d.Properties["APIName"]!)
    .Distinct(StringComparer.Ordinal)
    .Order(StringComparer.Ordinal)
    .ToList();
File.WriteAllText(args[1], "#nullable enable\n" + string.Concat(names.Select(n => n + "\n")));
Console.WriteLine($"{names.Count} public API entries written to {args[1]}");
return 0;

internal sealed class Text(string path, string text) : AdditionalText
{
    public override string Path => path;

    public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(text);
}

internal sealed class Loader : IAnalyzerAssemblyLoader
{
    public void AddDependencyLocation(string fullPath)
    {
    }

    public System.Reflection.Assembly LoadFromPath(string fullPath) => System.Reflection.Assembly.LoadFrom(fullPath);
}
