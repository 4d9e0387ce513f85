using System;
using System.Collections.Generic;
using System.IO;

namespace ImageSdk.Tests;

/// <summary>
/// A real consumer build: a project in a <see cref="Workspace"/> that references an ImageSdk.dll and, as an analyzer, an
/// ImageSdk.Analyzer.dll — what a user's project gets from the package. It is restored once; each <see cref="Run"/>
/// replaces its C# files and builds it again (one build at a time), returning dotnet build's exit code and output.
/// </summary>
internal sealed class ConsumerBuild
{
    private readonly Workspace _workspace;
    private readonly string _directory;
    private readonly object _gate = new();
    private bool _restored;

    /// <param name="workspace">Where the consumer lives and restores.</param>
    /// <param name="sdk">The ImageSdk.dll to compile against.</param>
    /// <param name="analyzer">The ImageSdk.Analyzer.dll to analyse with.</param>
    public ConsumerBuild(Workspace workspace, string sdk, string analyzer)
    {
        _workspace = workspace;
        _directory = Directory.CreateDirectory(Path.Combine(workspace.Root, "consumer-" + Guid.NewGuid().ToString("N")[..8])).FullName;
        File.WriteAllText(Path.Combine(_directory, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
              </PropertyGroup>
              <ItemGroup>
                <Reference Include="ImageSdk" HintPath="{sdk}" />
                <Analyzer Include="{analyzer}" />
              </ItemGroup>
            </Project>
            """);
    }

    /// <summary>The ImageSdk.dll this test project was built with (its own copy).</summary>
    public static string RepositorySdk => Path.Combine(AppContext.BaseDirectory, "ImageSdk.dll");

    /// <summary>The ImageSdk.Analyzer.dll this test project references: the build of its own configuration, its path written at build time.</summary>
    public static string RepositoryAnalyzer => TestedBuild.Path("ImageSdk.Analyzer");

    /// <summary>Builds the consumer with <paramref name="files"/> as its only C# files.</summary>
    /// <param name="files">The consumer's C# files by name.</param>
    /// <param name="arguments">The dotnet command line.</param>
    public (int Code, string Output) Run(IReadOnlyDictionary<string, string> files, string arguments = "build -nologo -v q")
    {
        lock (_gate)
        {
            foreach (var old in Directory.GetFiles(_directory, "*.cs"))
            {
                File.Delete(old);
            }

            foreach (var (name, code) in files)
            {
                File.WriteAllText(Path.Combine(_directory, name), code);
            }

            var result = _workspace.Dotnet(_restored ? arguments + " --no-restore" : arguments, _directory);
            _restored = File.Exists(Path.Combine(_directory, "obj", "project.assets.json"));
            return result;
        }
    }
}

/// <summary>One restored consumer of the repository's own SDK and analyzer, shared by the consumer-build tests.</summary>
public sealed class RepositoryConsumer : IDisposable
{
    private readonly Workspace _workspace = new("consumer");

    public RepositoryConsumer() => Build = new ConsumerBuild(_workspace, ConsumerBuild.RepositorySdk, ConsumerBuild.RepositoryAnalyzer);

    internal ConsumerBuild Build { get; }

    public void Dispose() => _workspace.Dispose();
}

[CollectionDefinition(Name)]
public sealed class RepositoryConsumerCollection : ICollectionFixture<RepositoryConsumer>
{
    public const string Name = "Consumer builds of the repository";
}
