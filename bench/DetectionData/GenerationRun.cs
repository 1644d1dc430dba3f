namespace AutoDL.Bench.DetectionData;

/// <summary>How long generating took, and where: the one part of summary.json that differs between identical runs.</summary>
internal sealed record GenerationRun(double Seconds, string Machine, string Date)
{
    /// <summary>The CPU's model name and the cores .NET may use, e.g. "AMD EPYC 9R14, 2 cores".</summary>
    public static string DescribeMachine()
    {
        const string cpuInfo = "/proc/cpuinfo";
        string? model = File.Exists(cpuInfo)
            ? File.ReadLines(cpuInfo).FirstOrDefault(line => line.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        return $"{model ?? System.Runtime.InteropServices.RuntimeInformation.OSArchitecture.ToString()}, {Environment.ProcessorCount} cores";
    }
}
