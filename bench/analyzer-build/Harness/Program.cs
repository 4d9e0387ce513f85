using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

// The ImageSdk analyzer's own cost on a build, in process:
//   dotnet run -c Release -- SOURCE.cs IMAGESDK_DLL ROUNDS ANALYZER.dll [ANALYZER2.dll ...]
// Each round, alternating: compile + emit of SOURCE alone (the process's CPU time), then, for each analyzer build, the
// analyzer over a fresh compilation of the same source (CompilationWithAnalyzers, sequential, with the compiler's
// execution-time telemetry: the time spent in the analyzer's own actions, which is what it adds to csc, where the
// compiler binds once and hands its bound trees to the analyzers). Round 1 is cold (JIT, static tables); the best of
// the later rounds is the compiler server's steady state. The ratio printed is (compile + emit + analyzer) / (compile +
// emit). Each analyzer build loads into its own AssemblyLoadContext, so two builds compare in one run.
var source = File.ReadAllText(args[0]);
var imageSdk = args[1];
var rounds = int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture);
var analyzerPaths = args.Skip(3).ToArray();

var refDir = Directory.GetDirectories("/usr/share/dotnet/packs/Microsoft.NETCore.App.Ref").OrderBy(d => d, StringComparer.Ordinal).Last();
var references = Directory.GetFiles(Path.Combine(refDir, "ref", "net10.0"), "*.dll")
    .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
    .Append(MetadataReference.CreateFromFile(imageSdk))
    .ToList();
var tree = CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest), "Assemblies.cs");
var options = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, optimizationLevel: OptimizationLevel.Release, nullableContextOptions: NullableContextOptions.Enable);
CSharpCompilation Fresh() => CSharpCompilation.Create("Consumer", new[] { tree }, references, options);

// Analyzer 0 registers the same kinds of syntax node actions and does nothing in them: what the analyzer driver costs
// any analyzer (a real build pays it anyway: the SDK's own analyzers run in every build). It is subtracted.
var analyzers = analyzerPaths.Select((path, i) =>
{
    var context = new AssemblyLoadContext("analyzer" + i);
    var assembly = context.LoadFromAssemblyPath(Path.GetFullPath(path));
    var type = assembly.GetType("ImageSdk.Analyzer.AssemblyBuilderAnalyzer", throwOnError: true)!;
    return (Name: path, Analyzer: (DiagnosticAnalyzer)Activator.CreateInstance(type)!);
}).Prepend((Name: "no-op analyzer (the driver's own cost)", Analyzer: new NoOpAnalyzer())).ToList();

var errors = Fresh().GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
if (errors.Count > 0)
{
    Console.Error.WriteLine(string.Join("\n", errors.Take(5)));
    return 1;
}

double Cpu() => Process.GetCurrentProcess().TotalProcessorTime.TotalMilliseconds;

// Per round, alternating: E = compile + emit; B = binding alone (GetDiagnostics: what the analyzer driver's compilation does
// before the analyzers see its events); A0 = the driver with the no-op analyzer; A = the driver with one analyzer build
// (binding + analysis). A - B is printed per round; the analyzer's own cost is the median of A - B less that of A0 - B,
// in process CPU time (steadier than wall time on a loaded machine), and the telemetry's execution time (wall, the
// analyzer's actions alone) beside it.
var emitTimes = new List<double>();
var bindTimes = new List<double>();
var costs = analyzers.Select(_ => new List<double>()).ToList();
var telemetries = analyzers.Select(_ => new List<double>()).ToList();
for (var round = 1; round <= rounds; round++)
{
    GC.Collect();
    var before = Cpu();
    using (var output = new MemoryStream())
    {
        if (!Fresh().Emit(output).Success)
        {
            throw new InvalidOperationException("emit failed");
        }
    }

    emitTimes.Add(Cpu() - before);
    GC.Collect();
    before = Cpu();
    _ = Fresh().GetDiagnostics();
    bindTimes.Add(Cpu() - before);
    var line = $"round {round}: compile + emit {emitTimes[^1],6:F0} ms, binding {bindTimes[^1],6:F0} ms";
    for (var i = 0; i < analyzers.Count; i++)
    {
        GC.Collect();
        before = Cpu();
        var withAnalyzers = Fresh().WithAnalyzers(
            ImmutableArray.Create(analyzers[i].Analyzer),
            new CompilationWithAnalyzersOptions(new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), null, concurrentAnalysis: false, logAnalyzerExecutionTime: true, reportSuppressedDiagnostics: false));
        var diagnostics = withAnalyzers.GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult().Length;
        var cpu = Cpu() - before;
        var telemetry = withAnalyzers.GetAnalyzerTelemetryInfoAsync(analyzers[i].Analyzer, default).GetAwaiter().GetResult();
        costs[i].Add(cpu - bindTimes[^1]);
        telemetries[i].Add(telemetry.ExecutionTime.TotalMilliseconds);
        line += $" | analyzer {i}: driver {cpu,6:F0} ms, own {costs[i][^1],6:F0} ms, telemetry {telemetries[i][^1],6:F0} ms, {diagnostics} diagnostics";
    }

    Console.WriteLine(line);
}

static double Median(IEnumerable<double> values)
{
    var sorted = values.OrderBy(v => v).ToArray();
    return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
}

// Warm: rounds after the first (the compiler server's steady state); cold: round 1 (a fresh compiler: JIT, static tables).
IEnumerable<double> Warm(List<double> values) => values.Skip(values.Count > 1 ? 1 : 0);
var emit = Median(Warm(emitTimes));
Console.WriteLine($"compile + emit: cold {emitTimes[0]:F0} ms CPU, warm median {emit:F0} ms (best {Warm(emitTimes).Min():F0}); binding alone warm median {Median(Warm(bindTimes)):F0} ms");
var driver = Median(Warm(costs[0]));
Console.WriteLine($"analyzer driver with the no-op analyzer: cold {costs[0][0]:F0} ms CPU, warm median {driver:F0} ms CPU over binding");
for (var i = 1; i < analyzers.Count; i++)
{
    var own = Math.Max(0, Median(Warm(costs[i])) - driver);
    var cold = costs[i][0] - costs[0][0];
    var telemetry = Median(Warm(telemetries[i]));
    Console.WriteLine($"analyzer {i} ({analyzers[i].Name}): cold {cold:F0} ms CPU (telemetry {telemetries[i][0]:F0} ms); warm median {own:F0} ms CPU (telemetry {telemetry:F0} ms, best {Warm(telemetries[i]).Min():F0} ms)");
    Console.WriteLine($"  ratio (compile + emit + analyzer) / (compile + emit), warm: {(emit + own) / emit:F3} by CPU, {(emit + telemetry) / emit:F3} by telemetry; cold: {(emitTimes[0] + cold) / emitTimes[0]:F3} by CPU");
}

return 0;

/// <summary>Registers what the ImageSdk analyzer registers and does nothing: the analyzer driver's cost, for any analyzer.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
internal sealed class NoOpAnalyzer : DiagnosticAnalyzer
{
    private static readonly DiagnosticDescriptor s_none = new("NOOP0001", "none", "none", "none", DiagnosticSeverity.Hidden, isEnabledByDefault: true);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(s_none);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start => start.RegisterSyntaxNodeAction(
            _ => { },
            Microsoft.CodeAnalysis.CSharp.SyntaxKind.InvocationExpression,
            Microsoft.CodeAnalysis.CSharp.SyntaxKind.ObjectCreationExpression));
    }
}
