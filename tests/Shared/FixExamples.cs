namespace ImageSdk.Tests;

/// <summary>An assembly with one of each fixable error, and what the fixer makes of it (FixTests, ValidateFixCommandTests).</summary>
internal static class FixExamples
{
    // Odd spacing and key order on purpose: the fixer must keep every byte it does not fix.
    public const string Broken = """
        {
          "steps": {
            "generated": {
              "robot": "/image/generate",
              "prompt": "A fox",   "model": "google/nano-banan",
              "num_output": 4,
              "width": 0,
              "format": "svg"
            },
            "second": { "robot": "/image/generate", "prompt": "x", "use": "generatd", "num_outputs": 12, "seed": 4.6 },
            "third": { "robot": "/image/generate", "prompt": "x", "format": "svg", "num_outputs": "11" }
          }
        }
        """;

    public const string Fixed = """
        {
          "steps": {
            "generated": {
              "robot": "/image/generate",
              "prompt": "A fox",   "model": "google/nano-banana",
              "num_outputs": 4,
              "width": 1,
              "format": "png"
            },
            "second": { "robot": "/image/generate", "prompt": "x", "use": "generated", "num_outputs": 10, "seed": 5 },
            "third": { "robot": "/image/generate", "prompt": "x", "model": "recraft-v3", "format": "svg", "num_outputs": "10" }
          }
        }
        """;
}
