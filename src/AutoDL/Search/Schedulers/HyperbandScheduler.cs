namespace AutoDL.Search.Schedulers;

/// <summary>
/// Hyperband (Li et al., 2018, "Hyperband: A Novel Bandit-Based Approach to Hyperparameter Optimization"),
/// as Optuna's HyperbandPruner: several brackets of asynchronous successive halving, bracket b with its first
/// rung at MinResource·η^b. Successive halving alone must guess how soon a trial can be judged; the brackets
/// hedge that guess, from aggressive (judged after the first unit) to patient (judged only near the maximum).
/// </summary>
/// <remarks>
/// Each trial belongs to one bracket, fixed by its number, and is promoted by comparison with its own bracket's
/// trials only (a <see cref="SuccessiveHalvingScheduler"/> given that bracket's history), so a patient bracket's
/// trials are never judged by the aggressive bracket's early values. Brackets receive trials in proportion to
/// the budget Optuna gives them, ⌈n·η^s/(s+1)⌉ with s = n − 1 − b for n brackets, so the aggressive brackets,
/// which spend little on each trial, try the most.
/// </remarks>
/// <param name="MinResource">r: resource before the first rung of the most aggressive bracket. 1, as in Optuna.</param>
/// <param name="MaxResource">
/// R: the most resource a trial uses, which sets the number of brackets, ⌊log_η(R/r)⌋ + 1. 27 = 3³ gives four
/// brackets with η = 3; with epochs as the resource it covers the budgets a CPU study affords per trial.
/// </param>
/// <param name="ReductionFactor">η: each rung promotes the top 1/η. 3, the value of the paper and of Optuna.</param>
public sealed record HyperbandScheduler(int MinResource = 1, int MaxResource = 27, int ReductionFactor = 3) : IScheduler
{
    /// <summary>r: resource before the first rung of the most aggressive bracket.</summary>
    public int MinResource { get; } = MinResource >= 1
        ? MinResource
        : throw new ArgumentOutOfRangeException(nameof(MinResource), MinResource, "The minimum resource is at least one unit.");

    /// <summary>R: the most resource a trial uses.</summary>
    public int MaxResource { get; } = MaxResource >= MinResource
        ? MaxResource
        : throw new ArgumentOutOfRangeException(nameof(MaxResource), MaxResource, $"The maximum resource must be at least the minimum ({MinResource}).");

    /// <summary>η: each rung promotes the top 1/η.</summary>
    public int ReductionFactor { get; } = ReductionFactor >= 2
        ? ReductionFactor
        : throw new ArgumentOutOfRangeException(nameof(ReductionFactor), ReductionFactor, "The reduction factor is at least 2.");

    /// <summary>How many brackets: ⌊log_η(R/r)⌋ + 1.</summary>
    public int BracketCount
    {
        get
        {
            int count = 1;
            for (long first = (long)MinResource * ReductionFactor; first <= MaxResource; first *= ReductionFactor)
            {
                count++;
            }
            return count;
        }
    }

    /// <summary>The bracket (0 = most aggressive) of the trial numbered <paramref name="trialNumber"/>.</summary>
    public int BracketOf(int trialNumber)
    {
        int brackets = BracketCount;
        var budgets = Enumerable.Range(0, brackets).Select(b => Budget(b, brackets)).ToList();
        // A mixed number rather than the number itself, so that consecutive trials spread over the brackets
        // instead of filling the first bracket's share before any other gets one.
        long slot = (long)(Mix((ulong)trialNumber) % (ulong)budgets.Sum());
        for (int b = 0; b < brackets; b++)
        {
            slot -= budgets[b];
            if (slot < 0)
            {
                return b;
            }
        }
        return brackets - 1;
    }

    /// <inheritdoc />
    public bool ShouldPrune(TrialRecord trial, int step, IReadOnlyList<TrialRecord> history)
    {
        ArgumentNullException.ThrowIfNull(trial);
        ArgumentNullException.ThrowIfNull(history);
        int bracket = BracketOf(trial.Number);
        var sameBracket = history.Where(t => BracketOf(t.Number) == bracket).ToList();
        var halving = new SuccessiveHalvingScheduler(MinResource * (int)Math.Pow(ReductionFactor, bracket), ReductionFactor);
        return halving.ShouldPrune(trial, step, sameBracket);
    }

    private long Budget(int bracket, int brackets)
    {
        int s = brackets - 1 - bracket;
        return (long)Math.Ceiling(brackets * Math.Pow(ReductionFactor, s) / (s + 1));
    }

    /// <summary>SplitMix64's finaliser: a fixed, well-spread hash, the same in every process (unlike string hashes).</summary>
    private static ulong Mix(ulong x)
    {
        unchecked
        {
            x += 0x9E3779B97F4A7C15UL;
            x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
            x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
            return x ^ (x >> 31);
        }
    }
}
