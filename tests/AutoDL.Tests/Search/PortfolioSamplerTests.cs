using AutoDL.Search;
using AutoDL.Search.Samplers;

namespace AutoDL.Tests.Search;

public sealed class PortfolioSamplerTests
{
    private static readonly SearchSpace Space = TestSpaces.ImageLike;

    private static readonly Dictionary<string, double> Wide = Point(width: 48, lr: 0.01);

    private static readonly Dictionary<string, double> Narrow = Point(width: 16, lr: 0.002);

    private static Dictionary<string, double> Point(int width, double lr) => new(StringComparer.Ordinal)
    {
        ["family"] = 0,
        ["resnet.stages"] = 3,
        ["resnet.width"] = width,
        ["dropout"] = 0.1,
        ["optimizer"] = 0,
        ["adamw.lr"] = lr,
        ["weight_decay"] = 1e-4,
        ["epochs"] = 12,
    };

    [Fact]
    public void Proposes_the_members_in_order_until_each_has_a_trial_then_the_next_sampler()
    {
        var sampler = new PortfolioSampler([Wide, Narrow], new RandomSampler());
        var history = new List<TrialRecord>();

        Assert.Equal(Wide, sampler.Propose(Space, history, new Random(1)));
        Assert.Equal(Wide, sampler.Propose(Space, history, new Random(2)));
        history.Add(TestTrials.With(0, TrialState.Pruned, Wide, 0.5));
        Assert.Equal(Narrow, sampler.Propose(Space, history, new Random(1)));
        Assert.Equal(1, sampler.Untried(Space, history));
        history.Add(TestTrials.With(1, TrialState.Fail, Narrow));

        var after = sampler.Propose(Space, history, new Random(3));
        Assert.Equal(new RandomSampler().Propose(Space, history, new Random(3)), after);
        Assert.Equal(0, sampler.Untried(Space, history));
    }

    [Fact]
    public void A_member_whose_values_differ_from_every_trial_is_still_untried()
    {
        var sampler = new PortfolioSampler([Wide], new RandomSampler());
        var close = new Dictionary<string, double>(Wide) { ["adamw.lr"] = 0.0100001 };

        Assert.Equal(Wide, sampler.Propose(Space, [TestTrials.With(0, TrialState.Complete, close, 0.9)], new Random(1)));
    }

    [Fact]
    public void Passes_over_a_member_the_space_does_not_hold()
    {
        var outside = new Dictionary<string, double>(Wide) { ["adamw.lr"] = 0.5 };
        var unknown = new Dictionary<string, double>(Wide) { ["flip"] = 1 };
        var sampler = new PortfolioSampler([outside, unknown, Narrow], new RandomSampler());

        Assert.Equal(Narrow, sampler.Propose(Space, [], new Random(1)));
        Assert.Equal(1, sampler.Untried(Space, []));
        Assert.NotNull(Space.Problem(outside));
        Assert.Contains("flip", Space.Problem(unknown), StringComparison.Ordinal);
    }
}
