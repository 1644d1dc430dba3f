using AutoDL.Search;

namespace AutoDL.Tests.Search;

/// <summary>Trial records for the search tests.</summary>
internal static class TestTrials
{
    /// <summary>A trial in <paramref name="state"/> with the given intermediate values; its value is their best.</summary>
    public static TrialRecord With(int number, TrialState state, IReadOnlyDictionary<string, double> parameters, params double[] intermediate) =>
        new(number, parameters, state) { Intermediate = intermediate, Value = intermediate.Length == 0 ? null : intermediate.Max() };

    /// <summary>A completed trial with no parameters, known only by its intermediate values.</summary>
    public static TrialRecord Complete(int number, params double[] intermediate) =>
        With(number, TrialState.Complete, new Dictionary<string, double>(), intermediate);

    /// <summary>A running trial with no parameters, known only by its intermediate values so far.</summary>
    public static TrialRecord Running(int number, params double[] intermediate) =>
        With(number, TrialState.Running, new Dictionary<string, double>(), intermediate);
}
