using System;
using System.IO;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace ImageSdk.Running;

/// <summary>What kind of thing a path names: only <see cref="Regular"/> files are read or replaced.</summary>
internal enum FileKind
{
    /// <summary>Nothing is there.</summary>
    Missing,

    /// <summary>A regular file.</summary>
    Regular,

    /// <summary>A folder.</summary>
    Directory,

    /// <summary>A symbolic link (only when links are not followed).</summary>
    Link,

    /// <summary>A named pipe: opening it waits for a writer.</summary>
    Fifo,

    /// <summary>A character device, such as <c>/dev/zero</c>: endless.</summary>
    CharacterDevice,

    /// <summary>A block device.</summary>
    BlockDevice,

    /// <summary>A Unix socket.</summary>
    Socket,
}

/// <summary>
/// What <c>lstat</c>/<c>stat</c> say of a file, which .NET does not: its kind (a FIFO and <c>/dev/zero</c> both pass
/// <see cref="File.Exists(string)"/>), its permission bits, its hard-link count and its identity. Linux reads them with
/// <c>statx</c> (one layout on every architecture), macOS with <c>stat</c>; elsewhere (Windows) only what .NET knows.
/// </summary>
/// <param name="Kind">The kind.</param>
/// <param name="Mode">The permission bits.</param>
/// <param name="Links">The number of hard links; 1 where the platform does not say.</param>
/// <param name="Device">The device holding it, with <paramref name="Inode"/> its identity; 0 where the platform does not say.</param>
/// <param name="Inode">The inode.</param>
internal readonly partial record struct FileFacts(FileKind Kind, UnixFileMode Mode, long Links, ulong Device, ulong Inode)
{
    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const int AtEmptyPath = 0x1000;
    private const uint StatxBasicStats = 0x7ff;

    /// <summary>The facts of <paramref name="path"/>; a link is followed to its final target when <paramref name="followLinks"/>.</summary>
    public static FileFacts Of(string path, bool followLinks)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (Native(path, -1, followLinks) is { } facts)
        {
            return facts;
        }

        // Windows (or a libc without statx): what .NET knows.
        FileSystemInfo info = Directory.Exists(path) ? new DirectoryInfo(path) : new FileInfo(path);
        if (!followLinks && info.LinkTarget is not null)
        {
            return new FileFacts(FileKind.Link, default, 1, 0, 0);
        }

        if (!info.Exists)
        {
            return new FileFacts(FileKind.Missing, default, 0, 0, 0);
        }

        return new FileFacts(info is DirectoryInfo ? FileKind.Directory : FileKind.Regular, OperatingSystem.IsWindows() ? default : info.UnixFileMode, 1, 0, 0);
    }

    /// <summary>
    /// Opens <paramref name="path"/> for reading only if it is a regular file. On Unix it is opened non-blocking (a FIFO
    /// opens at once instead of waiting for a writer) and checked on the open descriptor, so a file swapped after an
    /// earlier check is caught too.
    /// </summary>
    /// <exception cref="IOException">It is not a regular file (the message says what it is), or cannot be opened.</exception>
    public static FileStream OpenRegular(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (OperatingSystem.IsWindows())
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        }

        var flags = OperatingSystem.IsMacOS() ? 0x0004 | 0x1000000 : 0x800 | 0x80000; // O_RDONLY | O_NONBLOCK | O_CLOEXEC
        var fd = Open(path, flags);
        if (fd < 0)
        {
            // Fall back on .NET's own open for its usual exceptions (not found, permission denied), after a check by path.
            if (Of(path, followLinks: true) is { Kind: not FileKind.Regular and not FileKind.Missing } other)
            {
                throw new IOException(NotRegular(path, other.Kind));
            }

            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        }

        var handle = new SafeFileHandle(fd, ownsHandle: true);
        try
        {
            var facts = Native(string.Empty, fd, followLinks: true) ?? new FileFacts(FileKind.Regular, default, 1, 0, 0);
            if (facts.Kind != FileKind.Regular)
            {
                throw new IOException(NotRegular(path, facts.Kind));
            }

            return new FileStream(handle, FileAccess.Read, 1);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The canonical path of an existing <paramref name="path"/>: absolute, with every link on the way resolved (realpath),
    /// so one file reached by two paths has one name; null when it does not exist.
    /// </summary>
    public static string? RealPath(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!OperatingSystem.IsWindows())
        {
            var resolved = Realpath(path, IntPtr.Zero);
            if (resolved == IntPtr.Zero)
            {
                return null;
            }

            try
            {
                return Marshal.PtrToStringUTF8(resolved);
            }
            finally
            {
                Free(resolved);
            }
        }

        var full = Path.GetFullPath(path);
        FileSystemInfo info = Directory.Exists(full) ? new DirectoryInfo(full) : new FileInfo(full);
        return !info.Exists ? null : info.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? full;
    }

    /// <summary>"'PATH' is a named pipe (FIFO), not a regular file", and so on for each kind that is not a regular file.</summary>
    public static string NotRegular(string path, FileKind kind) =>
        $"'{Tables.Printable.Escape(path)}' is {Describe(kind)}, not a regular file";

    /// <summary>The kind in words: "a named pipe (FIFO)".</summary>
    public static string Describe(FileKind kind) => kind switch
    {
        FileKind.Directory => "a folder",
        FileKind.Link => "a symbolic link",
        FileKind.Fifo => "a named pipe (FIFO)",
        FileKind.CharacterDevice => "a character device",
        FileKind.BlockDevice => "a block device",
        FileKind.Socket => "a socket",
        FileKind.Missing => "missing",
        _ => "a regular file",
    };

    /// <summary>The facts from the platform (of a path, or of a descriptor when <paramref name="fd"/> is not -1), or null where it cannot say.</summary>
    private static unsafe FileFacts? Native(string path, int fd, bool followLinks)
    {
        try
        {
            if (OperatingSystem.IsLinux())
            {
                // struct statx: stx_nlink u32 @16, stx_mode u16 @28, stx_ino u64 @32, stx_dev_major u32 @136, stx_dev_minor u32 @140.
                var buffer = stackalloc byte[256];
                var result = fd >= 0
                    ? Statx(fd, string.Empty, AtEmptyPath, StatxBasicStats, buffer)
                    : Statx(AtFdCwd, path, followLinks ? 0 : AtSymlinkNoFollow, StatxBasicStats, buffer);
                if (result != 0)
                {
                    return Missing(Marshal.GetLastPInvokeError());
                }

                var device = ((ulong)*(uint*)(buffer + 136) << 32) | *(uint*)(buffer + 140);
                return Make(*(ushort*)(buffer + 28), *(uint*)(buffer + 16), device, *(ulong*)(buffer + 32));
            }

            if (OperatingSystem.IsMacOS())
            {
                // struct stat (64-bit inodes): st_dev i32 @0, st_mode u16 @4, st_nlink u16 @6, st_ino u64 @8.
                var buffer = stackalloc byte[256];
                var x64 = RuntimeInformation.ProcessArchitecture == Architecture.X64;
                var result = fd >= 0 ? (x64 ? FstatX64(fd, buffer) : Fstat(fd, buffer))
                    : followLinks ? (x64 ? StatX64(path, buffer) : Stat(path, buffer))
                    : (x64 ? LstatX64(path, buffer) : Lstat(path, buffer));
                if (result != 0)
                {
                    return Missing(Marshal.GetLastPInvokeError());
                }

                return Make(*(ushort*)(buffer + 4), *(ushort*)(buffer + 6), *(uint*)buffer, *(ulong*)(buffer + 8));
            }
        }
        catch (Exception ex) when (ex is EntryPointNotFoundException or DllNotFoundException)
        {
            // an old libc: fall back on .NET
        }

        return null;
    }

    /// <summary>ENOENT and ENOTDIR mean nothing is there; another failure (EACCES on a folder above) is left to the open that follows.</summary>
    private static FileFacts? Missing(int errno) => errno is 2 or 20 ? new FileFacts(FileKind.Missing, default, 0, 0, 0) : null;

    private static FileFacts Make(int mode, long links, ulong device, ulong inode) => new(
        (mode & 0xF000) switch
        {
            0x8000 => FileKind.Regular,
            0x4000 => FileKind.Directory,
            0xA000 => FileKind.Link,
            0x1000 => FileKind.Fifo,
            0x2000 => FileKind.CharacterDevice,
            0x6000 => FileKind.BlockDevice,
            _ => FileKind.Socket,
        },
        (UnixFileMode)(mode & 0xFFF),
        links,
        device,
        inode);

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial int Statx(int directory, string path, int flags, uint mask, byte* buffer);

    [LibraryImport("libc", EntryPoint = "realpath", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial IntPtr Realpath(string path, IntPtr resolved);

    [LibraryImport("libc", EntryPoint = "free")]
    private static partial void Free(IntPtr pointer);

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "stat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial int Stat(string path, byte* buffer);

    [LibraryImport("libc", EntryPoint = "lstat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial int Lstat(string path, byte* buffer);

    [LibraryImport("libc", EntryPoint = "fstat", SetLastError = true)]
    private static unsafe partial int Fstat(int fd, byte* buffer);

    [LibraryImport("libc", EntryPoint = "stat$INODE64", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial int StatX64(string path, byte* buffer);

    [LibraryImport("libc", EntryPoint = "lstat$INODE64", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial int LstatX64(string path, byte* buffer);

    [LibraryImport("libc", EntryPoint = "fstat$INODE64", SetLastError = true)]
    private static unsafe partial int FstatX64(int fd, byte* buffer);
}
