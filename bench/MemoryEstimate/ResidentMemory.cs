using System.Globalization;

namespace AutoDL.Bench.MemoryEstimate;

/// <summary>
/// This process's resident memory from /proc (Linux only). Resident memory, not the GC heap, because
/// libtorch allocates its tensors natively.
/// </summary>
internal static class ResidentMemory
{
    /// <summary>Resets the peak (VmHWM) to the current resident size; "5" is the kernel's code for exactly that (proc(5), clear_refs).</summary>
    public static void ResetPeak() => File.WriteAllText("/proc/self/clear_refs", "5");

    /// <summary>Current resident bytes.</summary>
    public static long Current() => Read("VmRSS:");

    /// <summary>Peak resident bytes since the last <see cref="ResetPeak"/>.</summary>
    public static long Peak() => Read("VmHWM:");

    private static long Read(string field)
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith(field, StringComparison.Ordinal))
            {
                // "VmRSS:     123456 kB"
                var kilobytes = line[field.Length..].Trim().Split(' ')[0];
                return long.Parse(kilobytes, CultureInfo.InvariantCulture) * 1024;
            }
        }
        throw new InvalidOperationException($"/proc/self/status has no {field} line; the bench needs Linux.");
    }
}
