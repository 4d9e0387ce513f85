using System;
using ImageSdk.Validation;

namespace ImageSdk.Tests;

/// <summary><c>imagesdk schema</c>: the bundled JSON Schema of assembly JSON, for editors.</summary>
public class SchemaCommandTests
{
    [Fact]
    public void Imagesdk_schema_prints_the_bundle()
    {
        var (code, stdout, stderr) = CliHarness.Run(null, "schema");

        Assert.Equal(0, code);
        Assert.Equal(string.Empty, stderr);
        Assert.Equal(AssemblySchemaBundle.Text(), stdout);
    }
}
