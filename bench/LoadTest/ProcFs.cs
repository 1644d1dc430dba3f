using System.Globalization;

namespace AutoDL.Bench.LoadTest;

/// <summary>
/// What Linux's /proc says about the server and the machine: the load generator shares the machine with the
/// server, so its figures are read from outside the server rather than trusted from the server's own metrics.
/// Every reading is null where /proc has no answer (another OS, a process that has gone).
/// </summary>
internal static class ProcFs
{
    /// <summary>User + system CPU seconds of a process, from /proc/PID/stat (fields 14 and 15, in clock ticks of 1/100 s on Linux).</summary>
    public static double? ProcessCpuSeconds(int? pid)
    {
        if (pid is not int id)
        {
            return null;
        }
        try
        {
            var stat = File.ReadAllText($"/proc/{id}/stat");
            // The command name (field 2) may hold spaces; the fields after its closing parenthesis are fixed.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>
    /// Resident memory of a process in bytes: VmRSS from /proc/PID/status, what the kernel actually holds for it
    /// (the managed heap, native buffers and the model alike), as an out-of-memory killer or a container limit sees it.
    /// </summary>
    public static long? ResidentBytes(int? pid)
    {
        if (pid is not int id)
        {
            return null;
        }
        try
        {
            // "VmRSS:	  123456 kB"
            return File.ReadLines($"/proc/{id}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal)) is { } line
                ? long.Parse(line.AsSpan("VmRSS:".Length).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture) * 1024
                : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>Busy CPU seconds of the whole machine since boot: the first line of /proc/stat less idle and iowait (clock ticks of 1/100 s).</summary>
    public static double? MachineCpuSeconds()
    {
        try
        {
            var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
            // user nice system idle iowait irq softirq steal (guest time is already in user)
            return (fields.Take(8).Sum() - fields[3] - fields[4]) / 100.0;
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>The load average over 1, 5 and 15 minutes, to judge whether something else was using the machine.</summary>
    public static string? LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return null;
        }
    }
}
