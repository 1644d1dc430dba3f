namespace AutoDL.Bench.DetectionData;

/// <summary>A mistake on the command line or in the output folder that the person running the generator can fix; its message says how.</summary>
internal sealed class UsageException(string message) : Exception(message);
