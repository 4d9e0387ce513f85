using System;
using System.Runtime.ExceptionServices;
using System.Threading;

namespace ImageSdk.Transpiler;

/// <summary>
/// Runs Roslyn work on a thread with a large stack. Roslyn binds and formats a fluent chain recursively, one level per call,
/// so a chain of thousands of steps overflows a default 1 MB stack and kills the process; 256 MB takes any file within
/// the input limit, and the work stays linear.
/// </summary>
internal static class LargeStack
{
    private const int StackBytes = 256 * 1024 * 1024;

    public static T Run<T>(Func<T> work)
    {
        T result = default!;
        ExceptionDispatchInfo? failure = null;
        var thread = new Thread(
            () =>
            {
                try
                {
                    result = work();
                }
                catch (Exception ex)
                {
                    failure = ExceptionDispatchInfo.Capture(ex);
                }
            },
            StackBytes)
        { Name = "ImageSdk.Transpiler" };
        thread.Start();
        thread.Join();
        failure?.Throw();
        return result;
    }
}
