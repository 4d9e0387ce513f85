using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using ImageSdk.Validation;
using SharpFuzz;

// The validator's fuzz target: any bytes must give findings, never an exception, a hang or a crash.
//
//   afl-fuzz (coverage-guided, see README.md):  dotnet ImageSdk.Fuzz.dll
//   libFuzzer (libfuzzer-dotnet):              dotnet ImageSdk.Fuzz.dll --libfuzzer
//   no fuzzer installed (mutational, in-process): dotnet ImageSdk.Fuzz.dll --mutate SAMPLES_DIR [EXECUTIONS] [SEED]
static void Target(ReadOnlySpan<byte> bytes)
{
    var result = AssemblyValidator.Validate(bytes);
    foreach (var finding in result.Findings)
    {
        if (finding.Line < 1 || finding.Column < 1 || finding.Message.Length == 0 || !finding.Code.StartsWith("IMG", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"malformed finding {finding}");
        }
    }
}

if (args.Length > 0 && args[0] == "--libfuzzer")
{
    Fuzzer.LibFuzzer.Run(span => Target(span));
    return 0;
}

if (args.Length > 1 && args[0] == "--mutate")
{
    var seeds = Directory.GetFiles(args[1], "*.json").Select(File.ReadAllBytes).Where(b => b.Length > 0).ToArray();
    var executions = args.Length > 2 ? long.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 1_000_000;
    var random = new Random(args.Length > 3 ? int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : 1);
    var dictionary = new[] { "{", "}", "[", "]", ",", ":", "\"", "\\u0000", "null", "true", "-1e309", "\"${fields.x}\"", "\"use\"", "\":original\"", "\"robot\"", "\xff\xfe" }
        .Select(s => System.Text.Encoding.Latin1.GetBytes(s)).ToArray();
    var started = DateTime.UtcNow;
    for (long i = 0; i < executions; i++)
    {
        var input = new List<byte>(seeds[random.Next(seeds.Length)]);
        for (var m = random.Next(1, 5); m > 0; m--)
        {
            var at = random.Next(input.Count + 1);
            switch (random.Next(4))
            {
                case 0: input.InsertRange(at, dictionary[random.Next(dictionary.Length)]); break;
                case 1: if (at < input.Count) { input.RemoveRange(at, Math.Min(random.Next(1, 16), input.Count - at)); } break;
                case 2: if (at < input.Count) { input[at] = (byte)random.Next(256); } break;
                default: var from = random.Next(input.Count); var length = Math.Min(random.Next(1, 64), input.Count - from); input.InsertRange(at, input.GetRange(from, length)); break;
            }
        }

        try
        {
            Target(input.ToArray());
        }
        catch (Exception ex)
        {
            var crash = Path.Combine(Path.GetTempPath(), $"imagesdk-fuzz-crash-{i}.json");
            File.WriteAllBytes(crash, input.ToArray());
            Console.Error.WriteLine($"crash after {i:N0} executions, input saved to {crash}: {ex}");
            return 1;
        }
    }

    Console.WriteLine($"{executions:N0} executions in {(DateTime.UtcNow - started).TotalSeconds:N0} s, no exception");
    return 0;
}

Fuzzer.OutOfProcess.Run(stream =>
{
    using var buffer = new MemoryStream();
    stream.CopyTo(buffer);
    Target(buffer.ToArray());
});
return 0;
