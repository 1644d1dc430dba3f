using System.Diagnostics;
using System.Globalization;

namespace AutoDL.Search;

/// <summary>
/// Names the process that runs a trial as "host/pid/start-ticks". The start time makes a recycled process id
/// harmless, and on the same host it tells at once whether a RUNNING trial's process has died, without
/// waiting for its heartbeat to go stale.
/// </summary>
public static class WorkerIdentity
{
    /// <summary>This process.</summary>
    public static string Current { get; } = Describe(Environment.MachineName, Environment.ProcessId, StartTicks(Process.GetCurrentProcess()));

    /// <summary>
    /// Whether the worker is alive: true or false for a worker on this host, null for one on another host
    /// (only its heartbeat can tell) or a name that is not ours.
    /// </summary>
    public static bool? IsAlive(string worker)
    {
        ArgumentNullException.ThrowIfNull(worker);
        var parts = worker.Split('/');
        if (parts.Length != 3
            || parts[0] != Environment.MachineName
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int pid)
            || !long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out long ticks))
        {
            return null;
        }
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited && StartTicks(process) == ticks;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // No such process, or it ended while we looked.
            return false;
        }
    }

    private static string Describe(string host, int pid, long startTicks) => string.Create(CultureInfo.InvariantCulture, $"{host}/{pid}/{startTicks}");

    private static long StartTicks(Process process) => process.StartTime.ToUniversalTime().Ticks;
}
