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
        : base(Describe(result))
    {
        Result = result;
    }

    /// <summary>Every case of the failed check.</summary>
    public ConvolutionCheckResult Result { get; }

    private static string Describe(ConvolutionCheckResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var failed = result.Cases.Where(c => !c.Passed).ToList();
        var worst = failed.OrderByDescending(c => double.IsNaN(c.WorstError) ? double.PositiveInfinity : c.WorstError).First();
        string error = double.IsNaN(worst.WorstError) ? "non-finite values" : string.Create(CultureInfo.InvariantCulture, $"a relative error of {worst.WorstError:0.###e0}");
        string current = OneDnnIsaCap.CurrentValue() is { Length: > 0 } value ? $" (it is now {value})" : "";
        return $"libtorch computes wrong convolutions on this machine: {failed.Count} of {result.Cases.Count} checks failed, "
            + $"the worst {worst.Convolution}{(worst.ChannelsLast ? " channels-last" : "")} with {error}. "
            + $"Set {OneDnnIsaCap.Variable}={OneDnnIsaCap.CappedIsa} in the environment{current} and run again; "
            + "docs/troubleshooting.md says more.";
    }
}
