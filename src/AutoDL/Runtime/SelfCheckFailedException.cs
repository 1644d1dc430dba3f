using System.Globalization;

namespace AutoDL.Runtime;

/// <summary>
/// libtorch computed wrong convolutions on this machine (<see cref="ConvolutionSelfCheck"/>): training or predicting
/// with it would give wrong numbers. The message names the worst case and the fix.
/// </summary>
public sealed class SelfCheckFailedException : AutoDLException
{
    /// <summary>Creates the error from the failed check.</summary>
    public SelfCheckFailedException(ConvolutionCheckResult result)
        : base(Describe(result, OneDnnIsaCap.CurrentValue()))
    {
        Result = result;
    }

    /// <summary>Every case of the failed check.</summary>
    public ConvolutionCheckResult Result { get; }

    internal static string Describe(ConvolutionCheckResult result, string? currentCap)
    {
        ArgumentNullException.ThrowIfNull(result);
        var failed = result.Cases.Where(c => !c.Passed).ToList();
        var worst = failed.OrderByDescending(c => double.IsNaN(c.WorstError) ? double.PositiveInfinity : c.WorstError).First();
        string error = double.IsNaN(worst.WorstError) ? "non-finite values" : string.Create(CultureInfo.InvariantCulture, $"a relative error of {worst.WorstError:0.###e0}");
        string fix = string.Equals(currentCap, OneDnnIsaCap.CappedIsa, StringComparison.OrdinalIgnoreCase)
            ? $"{OneDnnIsaCap.Variable} is already {OneDnnIsaCap.CappedIsa}: set it to SSE41, run again, and please report this message"
            : $"Set {OneDnnIsaCap.Variable}={OneDnnIsaCap.CappedIsa} in the environment{(string.IsNullOrEmpty(currentCap) ? "" : $" (it is now {currentCap})")} and run again";
        return $"libtorch computes wrong convolutions on this machine: {failed.Count} of {result.Cases.Count} checks failed, "
            + $"the worst {worst.Convolution}{(worst.ChannelsLast ? " channels-last" : "")} with {error}. "
            + $"{fix}; docs/troubleshooting.md says more.";
    }
}
