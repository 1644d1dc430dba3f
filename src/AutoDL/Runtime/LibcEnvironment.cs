using System.Runtime.InteropServices;

namespace AutoDL.Runtime;

/// <summary>
/// The process environment as native code sees it. On Unix, .NET keeps its own copy of the environment:
/// <see cref="Environment.SetEnvironmentVariable(string, string)"/> changes that copy and never the C library's
/// <c>environ</c>, which is what libtorch and oneDNN read with <c>getenv</c>.
/// </summary>
internal static partial class LibcEnvironment
{
    /// <summary>Sets <paramref name="name"/> for native code and for .NET alike; false where the C library is not glibc.</summary>
    public static bool TrySet(string name, string value)
    {
        Environment.SetEnvironmentVariable(name, value);
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }
        try
        {
            return SetEnv(name, value, overwrite: 1) == 0;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    /// <summary>The value native code would read, or .NET's where the C library cannot be asked.</summary>
    public static string? Get(string name)
    {
        if (OperatingSystem.IsLinux())
        {
            try
            {
                return Marshal.PtrToStringUTF8(GetEnv(name));
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
            {
                // Not glibc: fall back to .NET's copy, which was read from the same environment at start-up.
            }
        }
        return Environment.GetEnvironmentVariable(name);
    }

    [LibraryImport("libc.so.6", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SetEnv(string name, string value, int overwrite);

    [LibraryImport("libc.so.6", EntryPoint = "getenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint GetEnv(string name);
}
