using System;
using System.Diagnostics;
using System.IO;
using System.Linq;

namespace ImageSdk.Tests;

/// <summary>
/// A temporary folder for end-to-end builds, outside the repository, that nothing else writes to. Its own NuGet.config
/// and packages folder keep each restore inside it: the sources are the folder's <c>feed/</c> and the user's packages
/// folder, which is also a fallback folder (no network, no copy of what is already there), and what is restored anew
/// (the packed ImageSdk packages) lands in its <c>packages/</c>, never in the user's NuGet cache.
/// </summary>
internal sealed class Workspace : IDisposable
{
    /// <param name="name">A word for the folder's name.</param>
    public Workspace(string name)
    {
        Root = Directory.CreateTempSubdirectory($"imagesdk-{name}-").FullName;
        Directory.CreateDirectory(Feed);
        File.WriteAllText(Path.Combine(Root, "NuGet.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <config>
                <add key="globalPackagesFolder" value="{Packages}" />
              </config>
              <packageSources>
                <clear />
                <add key="feed" value="{Feed}" />
                <add key="user-packages" value="{UserPackages}" />
              </packageSources>
              <fallbackPackageFolders>
                <clear />
                <add key="user-packages" value="{UserPackages}" />
              </fallbackPackageFolders>
            </configuration>
            """);
    }

    /// <summary>The repository these tests were built from.</summary>
    public static string Repository { get; } = FindRepositoryRoot();

    /// <summary>The user's NuGet packages folder, which these tests read and never write.</summary>
    public static string UserPackages { get; } = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
        ? configured
        : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    public string Root { get; }

    /// <summary>The package source of packed packages.</summary>
    public string Feed => Path.Combine(Root, "feed");

    /// <summary>This workspace's NuGet packages folder.</summary>
    public string Packages => Path.Combine(Root, "packages");

    /// <summary>Runs <c>dotnet</c> in <paramref name="directory"/> (the workspace when null).</summary>
    public (int Code, string Output) Dotnet(string arguments, string? directory = null) => Exec("dotnet", arguments, directory ?? Root);

    /// <summary>Runs a process with this workspace's NuGet packages folder and no MSBuild node left behind.</summary>
    public (int Code, string Output) Exec(string fileName, string arguments, string directory)
    {
        var info = new ProcessStartInfo(fileName, arguments)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var variable in new[] { "MSBuildSDKsPath", "MSBuildExtensionsPath", "MSBUILD_EXE_PATH", "MSBuildLoadMicrosoftTargetsReadOnly" })
        {
            info.Environment.Remove(variable);
        }

        info.Environment["NUGET_PACKAGES"] = Packages;
        info.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(20)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {arguments} ran over 20 minutes");
        }

        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    /// <summary>Copies what a build or pack of src/ needs (the build files, schema/ and src/ without bin and obj) to <paramref name="folder"/>.</summary>
    /// <returns>The copy's root.</returns>
    public string CopyRepository(string folder = "repo")
    {
        var to = Path.Combine(Root, folder);
        foreach (var file in new[] { "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props", ".editorconfig", "README.md", "docs/icon.png" })
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(to, file))!);
            File.Copy(Path.Combine(Repository, file), Path.Combine(to, file));
        }

        CopyTree(Path.Combine(Repository, "schema"), Path.Combine(to, "schema"));
        CopyTree(Path.Combine(Repository, "src"), Path.Combine(to, "src"));
        return to;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A compiler server may still hold a file for a moment: the folder is under the system's temporary folder.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>Asserts a command's success, with its output as the message, and returns the output.</summary>
    public static string Ok((int Code, string Output) result)
    {
        Assert.True(result.Code == 0, result.Output);
        return result.Output;
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ImageSdk.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("ImageSdk.sln not found above " + AppContext.BaseDirectory);
    }

    private static void CopyTree(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(from, file);
            var parts = relative.Split(Path.DirectorySeparatorChar);
            if (parts.Contains("bin") || parts.Contains("obj"))
            {
                continue;
            }

            var target = Path.Combine(to, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
