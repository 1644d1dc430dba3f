using System.Diagnostics;

namespace AutoDL.Bench.LoadTest;

/// <summary>
/// CPU time used so far by the server, by this load generator and by the whole machine, with the load average: one
/// taken before a run and one after say what the run cost each of them, and whether anything else competed.
/// </summary>
internal sealed record CpuSnapshot(string? LoadAverage, double? ServerSeconds, double? MachineSeconds, TimeSpan ClientTime)
{
    public static CpuSnapshot Take(int? serverPid) =>
        new(ProcFs.LoadAverage(), ProcFs.ProcessCpuSeconds(serverPid), ProcFs.MachineCpuSeconds(), Process.GetCurrentProcess().TotalProcessorTime);
}
