using System;
using System.Diagnostics;

namespace ImageSdk.Tests;

/// <summary>
/// A theory that sends POSIX signals to a CLI process started through coreutils' <c>env --default-signal</c> (which puts
/// SIGINT back to its default, as a terminal has it). Skipped, with the reason, where that is not available (Windows, an
/// <c>env</c> without the option).
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class SignalTheoryAttribute : TheoryAttribute
{
    private static readonly string? Missing = FindMissing();

    public SignalTheoryAttribute()
    {
        if (Missing is not null)
        {
            Skip = Missing;
        }
    }

    private static string? FindMissing()
    {
        if (OperatingSystem.IsWindows())
        {
            return "POSIX signals: not on Windows";
        }

        try
        {
            using var probe = Process.Start(new ProcessStartInfo("env", "--default-signal=INT true") { RedirectStandardError = true, UseShellExecute = false })!;
            probe.StandardError.ReadToEnd();
            probe.WaitForExit();
            return probe.ExitCode == 0 ? null : "needs env --default-signal (GNU coreutils 8.31 or later)";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "needs env (coreutils) on PATH";
        }
    }
}
