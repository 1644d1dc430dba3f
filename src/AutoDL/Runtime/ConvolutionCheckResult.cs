namespace AutoDL.Runtime;

/// <summary>The outcome of <see cref="ConvolutionSelfCheck.Run()"/>.</summary>
/// <param name="Cases">Every convolution checked, in both memory layouts.</param>
/// <param name="Tolerance">The largest relative error a case may show.</param>
/// <param name="Elapsed">How long the check took.</param>
public sealed record ConvolutionCheckResult(IReadOnlyList<ConvolutionCheckCase> Cases, double Tolerance, TimeSpan Elapsed)
{
    /// <summary>Whether every case passed.</summary>
    public bool Passed => Cases.All(c => c.Passed);
}
