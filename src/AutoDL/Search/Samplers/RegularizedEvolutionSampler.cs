using AutoDL.Search.Distributions;

namespace AutoDL.Search.Samplers;

/// <summary>
/// Regularized (aging) evolution (Real et al., 2019, "Regularized Evolution for Image Classifier Architecture
/// Search", https://arxiv.org/abs/1802.01548): the population is the most recent
/// <see cref="PopulationSize"/> trials with a value, so the oldest member drops out as each new one arrives;
/// a tournament of <see cref="TournamentSize"/> members drawn at random picks a parent, and the proposal is
/// the parent with exactly one active parameter mutated. Ageing out even good members is what regularises it:
/// a configuration survives only by being re-found, which favours ones that train well reliably, not once.
/// </summary>
/// <remarks>
/// <para>
/// Pure: the population is read from the history, so the sampler keeps no state and any number of workers
/// can share a study. FAIL trials and running ones are never parents.
/// </para>
/// <para>
/// Fitness when some members were pruned: a pruned trial trained fewer epochs, so its best value is not
/// comparable with a completed trial's. Every completed member ranks above every pruned one, and a pruned
/// member that reached more resource ranks above one pruned sooner, whatever their values: it survived more
/// rungs of the scheduler, which already compared them at equal resource. Values decide only within a tier.
/// </para>
/// </remarks>
/// <param name="PopulationSize">
/// P. The paper uses 100 over 20,000 models; a CPU study runs tens of trials, and a population that large
/// would never age anyone out. 20 still spans several generations in a 60-trial study.
/// </param>
/// <param name="TournamentSize">
/// S. The paper's S/P is 1/4 (25 of 100); 5 of 20 keeps that selection pressure.
/// </param>
/// <param name="StartupTrials">
/// Trials with a value before evolution starts; until then proposals are random (never fewer than
/// <see cref="TournamentSize"/>). The paper fills the whole population at random first; with tens of trials
/// that would leave evolution little to do, while fewer than 2·S members would make nearly every tournament
/// pick the single best member (greedy hill climbing). 10 is 2·S.
/// </param>
public sealed record RegularizedEvolutionSampler(int PopulationSize = 20, int TournamentSize = 5, int StartupTrials = 10) : ISampler
{
    // A perturbation moves a float by up to this share of its range (on its log scale where it has one):
    // local enough to refine a good value, wide enough to leave a plateau within a few generations.
    private const double PerturbationShare = 0.2;

    private static readonly RandomSampler StartupSampler = new();

    /// <summary>P: how many of the most recent trials with a value form the population.</summary>
    public int PopulationSize { get; } = PopulationSize >= 1
        ? PopulationSize
        : throw new ArgumentOutOfRangeException(nameof(PopulationSize), PopulationSize, "The population needs at least one member.");

    /// <summary>S: how many members a tournament draws; the best of them is the parent.</summary>
    public int TournamentSize { get; } = TournamentSize >= 1 && TournamentSize <= PopulationSize
        ? TournamentSize
        : throw new ArgumentOutOfRangeException(nameof(TournamentSize), TournamentSize, $"A tournament draws between 1 and the population size ({PopulationSize}) members.");

    /// <summary>Trials with a value before evolution starts.</summary>
    public int StartupTrials { get; } = StartupTrials >= 0 && StartupTrials <= PopulationSize
        ? StartupTrials
        : throw new ArgumentOutOfRangeException(nameof(StartupTrials), StartupTrials, $"The start-up count must lie between 0 and the population size ({PopulationSize}), or evolution never starts.");

    /// <inheritdoc />
    public IReadOnlyDictionary<string, double> Propose(SearchSpace space, IReadOnlyList<TrialRecord> history, Random random)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(random);
        var population = history
            .Where(t => t.Value is not null && t.State is TrialState.Complete or TrialState.Pruned)
            .OrderByDescending(t => t.Number)
            .Take(PopulationSize)
            .ToList();
        if (population.Count < Math.Max(StartupTrials, TournamentSize))
        {
            return StartupSampler.Propose(space, history, random);
        }
        var parent = Tournament(population, random);
        var child = Completed(space, parent.Params, random);
        var mutable = space.Parameters.Where(p => child.ContainsKey(p.Name) && CanMutate(p.Distribution)).ToList();
        if (mutable.Count == 0)
        {
            return child;
        }
        var target = mutable[random.Next(mutable.Count)];
        child[target.Name] = Mutate(target.Distribution, child[target.Name], random);
        // A new categorical choice may deactivate some children and activate others.
        return Completed(space, child, random);
    }

    /// <summary>The best of <see cref="TournamentSize"/> members drawn without replacement.</summary>
    private TrialRecord Tournament(List<TrialRecord> population, Random random)
    {
        // Without replacement, so that S is the number of distinct members compared even in a small population.
        var order = Enumerable.Range(0, population.Count).ToArray();
        TrialRecord? best = null;
        for (int i = 0; i < TournamentSize; i++)
        {
            int j = random.Next(i, order.Length);
            (order[i], order[j]) = (order[j], order[i]);
            var member = population[order[i]];
            if (best is null || Fitness(member).CompareTo(Fitness(best)) > 0)
            {
                best = member;
            }
        }
        return best!;
    }

    private static (int Tier, double Value) Fitness(TrialRecord trial) =>
        (trial.State == TrialState.Complete ? int.MaxValue : trial.Intermediate.Count, trial.Value!.Value);

    /// <summary>
    /// Values for exactly the active parameters of <paramref name="space"/>: those in <paramref name="values"/>
    /// where they are in range, fresh draws for the rest. Restricts a parent from a larger space and repairs
    /// one recorded under an older version of the space.
    /// </summary>
    private static Dictionary<string, double> Completed(SearchSpace space, IReadOnlyDictionary<string, double> values, Random random)
    {
        var chosen = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var parameter in space.Parameters)
        {
            if (space.IsActive(parameter, chosen))
            {
                chosen[parameter.Name] = values.TryGetValue(parameter.Name, out var v) && parameter.Distribution.Contains(v)
                    ? v
                    : parameter.Distribution.Sample(random);
            }
        }
        return chosen;
    }

    private static bool CanMutate(ParameterDistribution distribution) => distribution switch
    {
        CategoricalDistribution c => c.Choices.Count > 1,
        IntDistribution i => i.Snap(i.High) > i.Low,
        FloatDistribution f => f.High > f.Low,
        _ => false,
    };

    private static double Mutate(ParameterDistribution distribution, double value, Random random) => distribution switch
    {
        CategoricalDistribution c => OtherChoice(c, value, random),
        IntDistribution i => random.Next(2) == 0 ? Neighbour(i, value, random) : FreshInt(i, value, random),
        FloatDistribution f => random.Next(2) == 0 ? f.Sample(random) : Perturbed(f, value, random),
        _ => throw new NotSupportedException($"No mutation for {distribution.GetType().Name}."),
    };

    private static double OtherChoice(CategoricalDistribution distribution, double value, Random random)
    {
        int other = random.Next(distribution.Choices.Count - 1);
        return other >= (int)value ? other + 1 : other;
    }

    /// <summary>One grid step up or down, turning back at a bound.</summary>
    private static double Neighbour(IntDistribution distribution, double value, Random random)
    {
        int step = random.Next(2) == 0 ? -distribution.Step : distribution.Step;
        int next = (int)value + step;
        return next < distribution.Low || next > distribution.Snap(distribution.High) ? (int)value - step : next;
    }

    /// <summary>A fresh draw; a step when the draw repeats the value, so that the mutation always changes something.</summary>
    private static double FreshInt(IntDistribution distribution, double value, Random random)
    {
        double draw = distribution.Sample(random);
        return draw == value ? Neighbour(distribution, value, random) : draw;
    }

    /// <summary>
    /// A uniform step of up to <see cref="PerturbationShare"/> of the range, on the log scale for a log
    /// distribution (a learning rate moves by a factor, not an amount), reflected at the bounds rather than
    /// clamped so that a value at a bound still moves.
    /// </summary>
    private static double Perturbed(FloatDistribution distribution, double value, Random random)
    {
        Func<double, double> toScale = distribution.Log ? Math.Log : x => x;
        Func<double, double> fromScale = distribution.Log ? Math.Exp : x => x;
        double low = toScale(distribution.Low);
        double high = toScale(distribution.High);
        double x = toScale(value) + (2 * random.NextDouble() - 1) * PerturbationShare * (high - low);
        x = x > high ? 2 * high - x : x < low ? 2 * low - x : x;
        return Math.Clamp(fromScale(x), distribution.Low, distribution.High);
    }
}
