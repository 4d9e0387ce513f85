using System.IO;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using ImageSdk.Cli;

namespace ImageSdk.Tests;

/// <summary>
/// The CLI that tests start as a process is the build the in-process tests load: this configuration's and framework's
/// build of src/Cli, never another one found in its bin folder (a pack leaves per-platform builds there, whose natives
/// cannot load on this machine).
/// </summary>
public class CliHarnessTests
{
    [Fact]
    public void The_cli_that_process_tests_start_is_the_build_the_in_process_tests_load()
    {
        using var file = File.OpenRead(CliHarness.Dll);
        using var pe = new PEReader(file);
        var metadata = pe.GetMetadataReader();

        Assert.Equal(typeof(ImageSdkCli).Assembly.ManifestModule.ModuleVersionId, metadata.GetGuid(metadata.GetModuleDefinition().Mvid));
        var configuration = typeof(CliHarnessTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()!.Configuration;
        var folder = Path.GetDirectoryName(CliHarness.Dll)!;
        Assert.Equal(("net10.0", configuration, "bin"), (Path.GetFileName(folder), Path.GetFileName(Path.GetDirectoryName(folder)), Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(folder)))));
    }
}
