using System.Runtime.InteropServices;

namespace AutoDL.Data;

/// <summary>
/// The canonical path of a file or folder, every symbolic link on the way resolved (C's <c>realpath</c>): the one name
/// two routes to the same place share, however many links lead there. .NET resolves the last link of a path, not the
/// folders above it.
/// </summary>
internal static partial class RealPath
{
    /// <summary>The canonical form of <paramref name="path"/>, or its full path where the system cannot say (not Linux, or a broken link).</summary>
    public static string Of(string path)
    {
        var full = Path.GetFullPath(path);
        if (!OperatingSystem.IsLinux())
        {
            return full;
        }
        nint resolved = Resolve(full, 0);
        if (resolved == 0)
        {
            return full;
        }
        try
        {
            return Marshal.PtrToStringUTF8(resolved) ?? full;
        }
        finally
        {
            Free(resolved);
        }
    }

    // With a null buffer, realpath allocates the result with malloc: it is the caller's to free.
    [LibraryImport("libc.so.6", EntryPoint = "realpath", StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint Resolve(string path, nint buffer);

    [LibraryImport("libc.so.6", EntryPoint = "free")]
    private static partial void Free(nint pointer);
}
