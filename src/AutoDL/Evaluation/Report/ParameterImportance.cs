using AutoDL.Search;

namespace AutoDL.Evaluation.Report;

/// <summary>
/// Which hyperparameters mattered in a search, estimated from its completed trials by the correlation ratio η² (the
/// between-group share of the variance of the validation values when trials are grouped by the parameter: by value
/// where it took few, else into equal-count bins of its sorted values). A rough, one-parameter-at-a-time estimate that
/// needs no model fitted to the trials, unlike Optuna's fANOVA; with few trials it overstates every share.
/// </summary>
internal static class ParameterImportance
{
    /// <summary>Fewer completed trials than this say nothing about importance.</summary>
    public const int FewestTrials = 4;

    private const int MaxGroups = 5;

    /// <summary>Each parameter's share, largest first; empty with fewer than <see cref="FewestTrials"/> completed trials or no spread in their values.</summary>
    public static IReadOnlyList<ParameterShare> Estimate(IReadOnlyList<TrialRecord> trials)
    {
        ArgumentNullException.ThrowIfNull(trials);
        var done = trials.Where(t => t.State == TrialState.Complete && t.Value is double v && double.IsFinite(v)).ToList();
        if (done.Count < FewestTrials)
        {
            return [];
        }
        // Equal values leave nothing to explain (and their mean's rounding would leave a variance of 1e-32 to divide by).
        if (done.All(t => t.Value == done[0].Value))
        {
            return [];
        }
        double mean = done.Average(t => t.Value!.Value);
        double total = done.Sum(t => Square(t.Value!.Value - mean));
        var names = done.SelectMany(t => t.Params.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        var shares = new List<ParameterShare>();
        foreach (var name in names)
        {
            var having = done.Where(t => t.Params.ContainsKey(name)).OrderBy(t => t.Params[name]).ToList();
            if (having.Count < FewestTrials)
            {
                continue;
            }
            double between = Groups(having, name).Sum(g => g.Count * Square(g.Average(t => t.Value!.Value) - mean));
            shares.Add(new ParameterShare(name, Math.Clamp(between / total, 0, 1)));
        }
        return [.. shares.OrderByDescending(s => s.Share)];
    }

    /// <summary>Trials sorted by the parameter, grouped by value when it took at most <see cref="MaxGroups"/>, else into that many bins of equal count.</summary>
    private static IEnumerable<List<TrialRecord>> Groups(List<TrialRecord> sorted, string name)
    {
        var byValue = sorted.GroupBy(t => t.Params[name]).Select(g => g.ToList()).ToList();
        if (byValue.Count <= MaxGroups)
        {
            return byValue;
        }
        int groups = Math.Min(MaxGroups, Math.Max(2, sorted.Count / 3));
        return sorted.Select((t, i) => (t, i)).GroupBy(p => p.i * groups / sorted.Count).Select(g => g.Select(p => p.t).ToList());
    }

    private static double Square(double x) => x * x;
}
