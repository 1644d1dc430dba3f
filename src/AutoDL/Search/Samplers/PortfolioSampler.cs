namespace AutoDL.Search.Samplers;

/// <summary>
/// Proposes a fixed portfolio of configurations before another sampler takes over: configurations chosen offline to
/// complement each other across benchmark sets (AutoGluon's zero-shot portfolios; Salinas and Erickson, "TabRepo", 2023),
/// which a short search learns more from than from random starts. Members are proposed in order, each until the history
/// holds it (it trained, or the constraint rejected it; a resumed study goes on with the rest); a member the space does
/// not hold is passed over. Pure: which members are left follows from the history alone.
/// </summary>
/// <remarks>
/// Proposals, unlike enqueued configurations, are pruned by the study's scheduler, so the portfolio is raced: its
/// members share the successive-halving rungs of the trials after them. Their results stay in the history, so the
/// sampler after them (TPE past its random start-up trials) models them as any other trial.
/// </remarks>
public sealed class PortfolioSampler : ISampler
{
    private readonly IReadOnlyList<IReadOnlyDictionary<string, double>> _portfolio;
    private readonly ISampler _then;

    /// <summary>Creates a sampler that proposes <paramref name="portfolio"/> in order, then asks <paramref name="then"/>.</summary>
    public PortfolioSampler(IEnumerable<IReadOnlyDictionary<string, double>> portfolio, ISampler then)
    {
        ArgumentNullException.ThrowIfNull(portfolio);
        _portfolio = [.. portfolio];
        _then = then ?? throw new ArgumentNullException(nameof(then));
    }

    /// <inheritdoc />
    public IReadOnlyDictionary<string, double> Propose(SearchSpace space, IReadOnlyList<TrialRecord> history, Random random)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(history);
        foreach (var member in _portfolio)
        {
            if (space.Problem(member) is null && !history.Any(t => SameValues(t.Params, member)))
            {
                return member;
            }
        }
        return _then.Propose(space, history, random);
    }

    /// <summary>How many members of the portfolio <paramref name="space"/> holds and <paramref name="history"/> has not tried.</summary>
    public int Untried(SearchSpace space, IReadOnlyList<TrialRecord> history)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(history);
        return _portfolio.Count(m => space.Problem(m) is null && !history.Any(t => SameValues(t.Params, m)));
    }

    private static bool SameValues(IReadOnlyDictionary<string, double> tried, IReadOnlyDictionary<string, double> member) =>
        tried.Count == member.Count && member.All(kv => tried.TryGetValue(kv.Key, out var v) && v == kv.Value);
}
