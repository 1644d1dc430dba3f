namespace AutoDL.Bench.Portfolio;

/// <summary>
/// Greedy portfolio selection as in AutoGluon's zero-shot portfolios (Salinas and Erickson, "TabRepo", 2023): start from
/// the configuration fit always trains, then repeatedly add the candidate that most lowers the mean, over the tuning sets,
/// of the portfolio's regret (the best accuracy any eligible candidate reached on the set minus the best the portfolio
/// reaches). Once every set's best is in the portfolio, regret cannot fall; the remaining places go to the candidates
/// with the best mean accuracy, a hedge for data unlike the tuning sets.
/// </summary>
/// <remarks>
/// A candidate that took more than <c>maxCostRatio</c> times the default's time on any set is not eligible: the search
/// races the portfolio only where time is left after the defaults, and on 2 cores a member five times the default's
/// cost would take most of an hour to train twelve epochs on Fashion-MNIST.
/// </remarks>
internal static class GreedyPortfolio
{
    public static IReadOnlyList<(string Name, double MeanRegret)> Choose(IReadOnlyList<Measurement> measured, string alwaysTrained, int size, double maxCostRatio)
    {
        var sets = measured.Select(m => m.Set).Distinct().ToList();
        double Score(string candidate, string set) => measured.Single(m => m.Set == set && m.Candidate == candidate).Best;
        double Cost(string candidate, string set) => measured.Single(m => m.Set == set && m.Candidate == candidate).Seconds;
        var eligible = measured.Select(m => m.Candidate).Distinct()
            .Where(c => c != alwaysTrained && sets.All(s => Cost(c, s) <= maxCostRatio * Cost(alwaysTrained, s)))
            .ToList();
        var best = sets.ToDictionary(s => s, s => eligible.Append(alwaysTrained).Max(c => Score(c, s)));
        var portfolio = new List<string> { alwaysTrained };
        var chosen = new List<(string, double)>();
        while (chosen.Count < size && eligible.Count > 0)
        {
            var next = eligible
                .OrderBy(c => MeanRegret([.. portfolio, c]))
                .ThenByDescending(c => sets.Average(s => Score(c, s)))
                .First();
            portfolio.Add(next);
            eligible.Remove(next);
            chosen.Add((next, MeanRegret(portfolio)));
        }
        return chosen;

        double MeanRegret(IReadOnlyList<string> members) => sets.Average(s => best[s] - members.Max(m => Score(m, s)));
    }
}
