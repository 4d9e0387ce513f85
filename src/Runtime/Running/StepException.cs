using System;
using System.IO;
using ImageSdk.Imaging;
using ImageSdk.Tables;
using NetVips;

namespace ImageSdk.Running;

/// <summary>A step failed: its code and message go into the result (escaped, and with no registered secret in them).</summary>
internal sealed class StepException(string code, string message) : Exception(Printable.Escape(Providers.Secrets.Redact(message)))
{
    public string Code { get; } = code;

    /// <summary>Any failure inside a step, as that step's error: never a crash, never a stack trace.</summary>
    public static StepException From(Exception exception) => exception switch
    {
        StepException step => step,
        _ when NativeLibraryProblem(exception) is { } native => new StepException(NativeLibraryMissing, native),
        Providers.ProviderException provider => new StepException(provider.Code, provider.Message),
        ImageInputException input => new StepException("FILE_INVALID", input.Message),
        InvalidDataException tooLarge => new StepException("FILE_TOO_LARGE", tooLarge.Message),
        NotSupportedException limit => new StepException("IMAGE_ENCODE_FAILED", limit.Message),
        VipsException vips => new StepException("IMAGE_PROCESSING_FAILED", FirstLine(vips.Message)),
        IOException or UnauthorizedAccessException => new StepException("FILE_WRITE_FAILED", exception.Message),
        OutOfMemoryException => new StepException("OUT_OF_MEMORY", "the step ran out of memory"),
        _ => new StepException("STEP_FAILED", $"{exception.GetType().Name}: {FirstLine(exception.Message)}"),
    };

    /// <summary>The code of a step that needed libvips where it could not be loaded.</summary>
    public const string NativeLibraryMissing = "NATIVE_LIBRARY_MISSING";

    /// <summary>
    /// When <paramref name="exception"/> (or one inside it, e.g. a type initializer's) says that libvips could not be loaded:
    /// what is missing, and the platform package that holds it; else null.
    /// </summary>
    public static string? NativeLibraryProblem(Exception exception)
    {
        for (var ex = exception; ex is not null; ex = ex.InnerException)
        {
            if (ex is DllNotFoundException or EntryPointNotFoundException or BadImageFormatException)
            {
                var rid = System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier;
                return $"the native image library libvips could not be loaded on {rid}; it comes in the package NetVips.Native.{rid}: "
                    + $"an app adds that package (or NetVips.Native and a <RuntimeIdentifier>), and the imagesdk tool must be the build for this platform ({FirstLine(ex.Message)})";
            }
        }

        return null;
    }

    /// <summary>The first line of an error message: libvips appends its whole log.</summary>
    public static string FirstLine(string message) => message.Split('\n')[0].Trim();
}
