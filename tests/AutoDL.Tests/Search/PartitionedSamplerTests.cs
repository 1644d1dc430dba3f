using AutoDL.Search;
using AutoDL.Search.Samplers;

namespace AutoDL.Tests.Search;

public sealed class PartitionedSamplerTests
{
    private static readonly SearchSpace Space = TestSpaces.ImageLike;

    private static List<TrialRecord> History(int count)
    {
        var random = new Random(1);
        return Enumerable.Range(0, count)
            .Select(n => TestTrials.With(n, TrialState.Complete, new RandomSampler().Propose(Space, [], random), random.NextDouble()))
            .ToList();
    }

    [Fact]
    public void Evolution_proposes_the_architecture_and_random_draws_the_rest()
    {
        var evolution = new RegularizedEvolutionSampler();
        var sampler = new PartitionedSampler([new SamplerPartition(TestSpaces.IsArchitecture, evolution)], new RandomSampler());
        var history = History(30);

        for (int seed = 0; seed < 50; seed++)
        {
            var proposed = sampler.Propose(Space, history, new Random(seed));

            Space.Validate(proposed);
            var random = new Random(seed);
            var expected = evolution.Propose(Space.Subset(TestSpaces.IsArchitecture), history, random)
                .Concat(new RandomSampler().Propose(Space.Subset(p => !TestSpaces.IsArchitecture(p)), history, random));
            Assert.Equal(expected.ToDictionary(), proposed);
        }
    }

    [Fact]
    public void Each_sampler_sees_only_its_part_and_the_whole_history()
    {
        var architecture = new RecordingSampler();
        var rest = new RecordingSampler();
        var history = History(3);

        new PartitionedSampler([new SamplerPartition(TestSpaces.IsArchitecture, architecture)], rest).Propose(Space, history, new Random(2));

        Assert.Equal(["family", "resnet.stages", "resnet.width", "mobilenetv2.width", "mobilenetv2.expansion", "plaincnn.blocks"], architecture.Names);
        Assert.Equal(["dropout", "optimizer", "adamw.lr", "sgd.lr", "weight_decay", "epochs"], rest.Names);
        Assert.Same(history, architecture.History);
        Assert.Same(history, rest.History);
    }

    [Fact]
    public void A_part_holding_a_conditional_parameter_without_its_parent_is_rejected()
    {
        var sampler = new PartitionedSampler([new SamplerPartition(p => p.ParentName == "family", new RandomSampler())], new RandomSampler());

        var e = Assert.Throws<ArgumentException>(() => sampler.Propose(Space, [], new Random(3)));

        Assert.Contains("'family'", e.Message, StringComparison.Ordinal);
    }

    /// <summary>Draws at random and remembers what it was asked with.</summary>
    private sealed class RecordingSampler : ISampler
    {
        public IReadOnlyList<string> Names { get; private set; } = [];

        public IReadOnlyList<TrialRecord>? History { get; private set; }

        public IReadOnlyDictionary<string, double> Propose(SearchSpace space, IReadOnlyList<TrialRecord> history, Random random)
        {
            Names = [.. space.Parameters.Select(p => p.Name)];
            History = history;
            return new RandomSampler().Propose(space, history, random);
        }
    }
}
