using AutoDL.Search;
using AutoDL.Search.Distributions;
using AutoDL.Search.Samplers;

namespace AutoDL.Tests.Search;

public sealed class RegularizedEvolutionSamplerTests
{
    // One parameter of each kind and no conditionals, so that "exactly one differs" is well defined.
    private static readonly SearchSpace Flat = new(
    [
        new("optimizer", new CategoricalDistribution(["adamw", "sgd"])),
        new("blocks", new IntDistribution(1, 3)),
        new("dropout", new FloatDistribution(0, 0.3)),
        new("lr", new FloatDistribution(1e-4, 1e-1, Log: true)),
    ]);

    private static TrialRecord Trial(int number, TrialState state, IReadOnlyDictionary<string, double> parameters, params double[] intermediate) =>
        TestTrials.With(number, state, parameters, intermediate);

    /// <summary>Completed trials with random parameters and values rising with their number.</summary>
    private static List<TrialRecord> History(SearchSpace space, int count, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count)
            .Select(n => Trial(n, TrialState.Complete, new RandomSampler().Propose(space, [], random), 0.5 + n * 0.01))
            .ToList();
    }

    private static int Differences(IReadOnlyDictionary<string, double> a, IReadOnlyDictionary<string, double> b) =>
        a.Keys.Union(b.Keys).Count(k => !(a.TryGetValue(k, out var x) && b.TryGetValue(k, out var y) && x == y));

    /// <summary>Whatever the seed, the proposal is <paramref name="parent"/> with one value changed.</summary>
    private static void AssertEveryChildComesFrom(IReadOnlyDictionary<string, double> parent, RegularizedEvolutionSampler sampler, IReadOnlyList<TrialRecord> history)
    {
        for (int seed = 0; seed < 100; seed++)
        {
            Assert.Equal(1, Differences(sampler.Propose(Flat, history, new Random(seed)), parent));
        }
    }

    [Fact]
    public void Until_the_population_reaches_the_start_up_count_proposals_are_random()
    {
        var sampler = new RegularizedEvolutionSampler(PopulationSize: 20, TournamentSize: 5, StartupTrials: 10);
        var history = History(Flat, 9, seed: 1);

        var proposed = sampler.Propose(Flat, history, new Random(3));

        Assert.Equal(new RandomSampler().Propose(Flat, history, new Random(3)), proposed);
    }

    [Fact]
    public void A_child_is_its_tournament_winner_with_exactly_one_value_changed()
    {
        // The tournament is the whole population, so the winner is always the best trial, the last one.
        var sampler = new RegularizedEvolutionSampler(PopulationSize: 10, TournamentSize: 10, StartupTrials: 10);
        var history = History(Flat, 10, seed: 2);
        var mutated = new HashSet<string>();

        for (int seed = 0; seed < 200; seed++)
        {
            var child = sampler.Propose(Flat, history, new Random(seed));

            Flat.Validate(child);
            Assert.Equal(1, Differences(child, history[^1].Params));
            mutated.Add(child.Keys.Single(k => child[k] != history[^1].Params[k]));
        }

        Assert.Equal(Flat.Parameters.Select(p => p.Name).ToHashSet(), mutated);
    }

    [Fact]
    public void A_new_choice_brings_its_own_parameters_and_drops_the_old_ones()
    {
        var space = TestSpaces.ImageLike;
        var sampler = new RegularizedEvolutionSampler(PopulationSize: 10, TournamentSize: 10, StartupTrials: 10);
        var history = History(space, 10, seed: 4);
        var parent = history[^1].Params;
        int familyChanges = 0;

        for (int seed = 0; seed < 300; seed++)
        {
            var child = sampler.Propose(space, history, new Random(seed));

            space.Validate(child);
            var changed = space.Parameters.Where(p => Differences(Only(child, p.Name), Only(parent, p.Name)) > 0).ToList();
            // One parameter mutated; anything else that differs depends on it.
            Assert.All(changed.Skip(1), p => Assert.Equal(changed[0].Name, p.ParentName));
            if (changed[0].Name == "family")
            {
                familyChanges++;
                string family = space["family"].Distribution.Format(child["family"]);
                Assert.All(child.Keys.Where(k => space[k].ParentName == "family"), k => Assert.StartsWith(family + ".", k, StringComparison.Ordinal));
            }
        }

        Assert.InRange(familyChanges, 1, 299);
    }

    private static Dictionary<string, double> Only(IReadOnlyDictionary<string, double> values, string name) =>
        values.Where(kv => kv.Key == name).ToDictionary();

    [Fact]
    public void Failed_and_running_trials_are_never_parents()
    {
        var sampler = new RegularizedEvolutionSampler(PopulationSize: 5, TournamentSize: 5, StartupTrials: 5);
        var marked = new Dictionary<string, double> { ["optimizer"] = 1, ["blocks"] = 3, ["dropout"] = 0.123, ["lr"] = 0.0123 };
        var history = History(Flat, 5, seed: 5);
        history.Add(Trial(5, TrialState.Fail, marked, 0.99));
        history.Add(Trial(6, TrialState.Running, marked, 0.99));

        AssertEveryChildComesFrom(history[4].Params, sampler, history);
    }

    [Fact]
    public void Only_the_most_recent_trials_form_the_population()
    {
        var sampler = new RegularizedEvolutionSampler(PopulationSize: 5, TournamentSize: 5, StartupTrials: 5);
        var history = History(Flat, 6, seed: 6);
        // The oldest trial is the best of all, but it has aged out; the best of the other five is trial 5.
        history[0] = history[0] with { Value = 0.99 };

        AssertEveryChildComesFrom(history[5].Params, sampler, history);
    }

    [Fact]
    public void A_pruned_trial_ranks_below_a_completed_one_and_above_one_pruned_sooner()
    {
        var sampler = new RegularizedEvolutionSampler(PopulationSize: 3, TournamentSize: 3, StartupTrials: 3);
        var parameters = History(Flat, 3, seed: 7).Select(t => t.Params).ToList();
        var prunedAtOne = Trial(0, TrialState.Pruned, parameters[0], 0.95);
        var prunedAtThree = Trial(1, TrialState.Pruned, parameters[1], 0.7, 0.8, 0.9);
        var completed = Trial(2, TrialState.Complete, parameters[2], 0.5, 0.6, 0.7, 0.8);

        var fromAll = sampler.Propose(Flat, [prunedAtOne, prunedAtThree, completed], new Random(8));
        var fromPruned = sampler.Propose(Flat, [prunedAtOne, prunedAtThree, completed with { State = TrialState.Fail }, completed with { Number = 3, State = TrialState.Pruned, Intermediate = [0.1] }], new Random(8));

        Assert.Equal(1, Differences(fromAll, parameters[2]));
        Assert.Equal(1, Differences(fromPruned, parameters[1]));
    }

    [Fact]
    public void The_same_history_and_seed_give_the_same_proposal()
    {
        var sampler = new RegularizedEvolutionSampler();
        var history = History(TestSpaces.ImageLike, 30, seed: 9);

        var first = sampler.Propose(TestSpaces.ImageLike, history, new Random(10));
        var second = sampler.Propose(TestSpaces.ImageLike, history, new Random(10));

        Assert.Equal(first, second);
    }

    [Fact]
    public void A_parent_from_a_larger_space_gives_a_child_of_the_space_sampled()
    {
        var architecture = TestSpaces.ImageLike.Subset(TestSpaces.IsArchitecture);
        var history = History(TestSpaces.ImageLike, 12, seed: 11);

        var child = new RegularizedEvolutionSampler().Propose(architecture, history, new Random(12));

        architecture.Validate(child);
    }

    [Fact]
    public void A_tournament_larger_than_the_population_is_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new RegularizedEvolutionSampler(PopulationSize: 4, TournamentSize: 5, StartupTrials: 4));
    }
}
