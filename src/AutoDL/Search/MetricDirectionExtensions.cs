namespace AutoDL.Search;

/// <summary>Comparisons of metric values that honour the direction, so that no caller assumes higher is better.</summary>
public static class MetricDirectionExtensions
{
    /// <summary>The value as a score where higher is always better: itself when maximising, its negation when minimising.</summary>
    public static double Score(this MetricDirection direction, double value) => direction == MetricDirection.Maximize ? value : -value;

    /// <summary>Whether <paramref name="candidate"/> is strictly better than <paramref name="incumbent"/>.</summary>
    public static bool IsBetter(this MetricDirection direction, double candidate, double incumbent) => direction.Score(candidate) > direction.Score(incumbent);

    /// <summary>The best of <paramref name="values"/> (at least one).</summary>
    public static double Best(this MetricDirection direction, IEnumerable<double> values) =>
        direction == MetricDirection.Maximize ? values.Max() : values.Min();

    /// <summary>
    /// The trial with its value and intermediate values turned into scores (<see cref="Score"/>): samplers and schedulers
    /// rank scores, higher better, and the study hands them every trial this way.
    /// </summary>
    public static TrialRecord AsScores(this MetricDirection direction, TrialRecord trial)
    {
        ArgumentNullException.ThrowIfNull(trial);
        return direction == MetricDirection.Maximize
            ? trial
            : trial with { Value = trial.Value is { } v ? -v : null, Intermediate = [.. trial.Intermediate.Select(v => -v)] };
    }
}
