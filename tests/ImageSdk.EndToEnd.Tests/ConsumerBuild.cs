using System.Collections.Generic;
using System.IO;

namespace ImageSdk.Tests;

/// <summary>
/// A real consumer build: a project outside the repository that references src/Sdk and, as an analyzer, src/Analyzer —
/// what a user's project does. Builds the given C# files once and returns dotnet build's exit code and output.
/// </summary>
internal static class ConsumerBuild
{
    /// <param name="files">The consumer's C# files by name.</param>
    /// <param name="arguments">The dotnet command line.</param>
    /// <param name="repo">The source tree to reference: the repository, or a copy of it with an edited schema.</param>
    public static (int Code, string Output) Run(IReadOnlyDictionary<string, string> files, string arguments = "build -nologo -v q", string? repo = null)
    {
        repo ??= OneTruthEndToEndTests.FindRepositoryRoot();
        var work = Directory.CreateTempSubdirectory("imagesdk-consumer-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(work, "Consumer.csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <TargetFramework>net10.0</TargetFramework>
                    <Nullable>enable</Nullable>
                    <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
                  </PropertyGroup>
                  <ItemGroup>
                    <ProjectReference Include="{Path.Combine(repo, "src", "Sdk", "ImageSdk.csproj")}" />
                    <ProjectReference Include="{Path.Combine(repo, "src", "Analyzer", "ImageSdk.Analyzer.csproj")}" OutputItemType="Analyzer" ReferenceOutputAssembly="false" />
                  </ItemGroup>
                </Project>
                """);
            foreach (var (name, code) in files)
            {
                File.WriteAllText(Path.Combine(work, name), code);
            }

            return OneTruthEndToEndTests.Exec("dotnet", arguments, work);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }
}
