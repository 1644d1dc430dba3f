using AutoDL.Search;

namespace AutoDL.Tests.Search;

public sealed class SearchSpaceTests
{
    [Fact]
    public void A_space_read_back_from_json_has_the_same_parameters_and_describes_trials_alike()
    {
        var space = AutoDL.Tasks.ImageClassification.ImageClassificationSearchSpace.Space;
        var trial = AutoDL.Tasks.ImageClassification.ImageClassificationSearchSpace.Default(5);

        var read = SearchSpace.FromJson(space.ToJson());

        Assert.Equal(space.Parameters.Select(p => p.Name), read.Parameters.Select(p => p.Name));
        Assert.Equal(space.ToJson(), read.ToJson());
        Assert.Equal(space.Describe(trial), read.Describe(trial));
    }

    [Fact]
    public void A_subset_keeps_the_named_parameters_in_the_space_order()
    {
        var subset = TestSpaces.ImageLike.Subset(["weight_decay", "resnet.width", "family"]);

        Assert.Equal(["family", "resnet.width", "weight_decay"], subset.Parameters.Select(p => p.Name));
        Assert.Same(TestSpaces.ImageLike["resnet.width"], subset["resnet.width"]);
    }

    [Fact]
    public void A_subset_by_predicate_keeps_the_conditional_structure()
    {
        var architecture = TestSpaces.ImageLike.Subset(TestSpaces.IsArchitecture);
        var chosen = new Dictionary<string, double> { ["family"] = 0 };

        Assert.Equal(6, architecture.Parameters.Count);
        Assert.True(architecture.IsActive(architecture["resnet.width"], chosen));
        Assert.False(architecture.IsActive(architecture["plaincnn.blocks"], chosen));
    }

    [Fact]
    public void A_subset_without_a_kept_parameters_parent_is_rejected_naming_both()
    {
        var e = Assert.Throws<ArgumentException>(() => TestSpaces.ImageLike.Subset(["resnet.width", "dropout"]));

        Assert.Contains("'resnet.width'", e.Message, StringComparison.Ordinal);
        Assert.Contains("'family'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_subset_naming_an_unknown_parameter_is_rejected()
    {
        var e = Assert.Throws<ArgumentException>(() => TestSpaces.ImageLike.Subset(["family", "depth"]));

        Assert.Contains("'depth'", e.Message, StringComparison.Ordinal);
    }
}
