using System.Runtime.InteropServices;

namespace AutoDL.Runtime;

/// <summary>
/// How glibc's malloc serves libtorch's tensors. By default every buffer above 128 KiB (most activations and their
/// gradients) is mapped fresh from the kernel and unmapped when freed, so each training step pays page faults on
/// memory it just gave back; glibc only raises that threshold step by step as such buffers are freed, which is one
/// reason the first minutes of training run slower than the rest. Serving such buffers from the heap and keeping
/// freed memory for reuse removes those faults.
/// </summary>
internal static partial class NativeAllocator
{
    // mallopt parameters from glibc's malloc.h.
    private const int TrimThreshold = -1;
    private const int MmapThreshold = -3;

    /// <summary>Largest buffer served from the heap; glibc caps the setting at 32 MiB on 64-bit systems.</summary>
    private const int HeapUpTo = 32 * 1024 * 1024;

    /// <summary>Free memory kept for reuse before any is returned to the system.</summary>
    private const int KeepFree = 128 * 1024 * 1024;

    /// <summary>Applies the settings where the C library is glibc; elsewhere it does nothing and says so.</summary>
    public static bool TryKeepBuffersForReuse()
    {
        if (!OperatingSystem.IsLinux() || Environment.GetEnvironmentVariable("AUTODL_DEFAULT_MALLOC") == "1")
        {
            return false;
        }
        try
        {
            return MallOpt(MmapThreshold, HeapUpTo) == 1 && MallOpt(TrimThreshold, KeepFree) == 1;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // Not glibc (musl names its library otherwise and has no mallopt): its allocator is left as it is.
            return false;
        }
    }

    /// <summary>
    /// Returns the free memory glibc keeps to the system. Between trials nothing reuses it soon, and a trial of a large
    /// network leaves hundreds of MiB that would otherwise stay resident for the rest of the fit. Does nothing where the
    /// C library is not glibc.
    /// </summary>
    public static void ReturnFreeMemory()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }
        try
        {
            MallocTrim(0);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // Not glibc: its allocator returns memory its own way.
        }
    }

    [LibraryImport("libc.so.6", EntryPoint = "malloc_trim")]
    private static partial int MallocTrim(nuint pad);

    [LibraryImport("libc.so.6", EntryPoint = "mallopt")]
    private static partial int MallOpt(int parameter, int value);
}
