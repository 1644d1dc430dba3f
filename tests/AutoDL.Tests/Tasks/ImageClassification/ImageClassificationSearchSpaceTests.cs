using AutoDL.Models;
using AutoDL.Search;
using AutoDL.Search.Distributions;
using AutoDL.Search.Samplers;
using AutoDL.Tasks.ImageClassification;

namespace AutoDL.Tests.Tasks.ImageClassification;

public sealed class ImageClassificationSearchSpaceTests
{
    [Fact]
    public void Random_proposals_hold_exactly_the_parameters_their_family_activates()
    {
        var space = ImageClassificationSearchSpace.Space;
        var sampler = new RandomSampler();
        var random = new Random(5);
        var families = new HashSet<string>();

        for (int i = 0; i < 200; i++)
        {
            var p = sampler.Propose(space, [], random);
            space.Validate(p);
            string family = space["family"].Distribution.Format(p["family"]);
            families.Add(family);
            Assert.All(p.Keys.Where(k => space[k].ParentName == "family"), k => Assert.StartsWith(family + ".", k, StringComparison.Ordinal));
        }

        Assert.Equal(3, families.Count);
    }

    [Fact]
    public void Past_its_random_start_the_default_tpe_proposes_buildable_configurations_that_follow_the_scores()
    {
        // Fit's space mixes categorical, int, stepped and log parameters with conditional ones: multivariate TPE models
        // the unconditional ones jointly and must still give every proposal exactly what its choices activate.
        var space = ImageClassificationSearchSpace.Space;
        var sampler = new AutoDL.Search.Samplers.Tpe.TpeSampler();
        var random = new Random(3);
        var history = new List<TrialRecord>();
        var shape = new AutoDL.Data.ImageShape(1, 28, 28);
        for (int i = 0; i < 40; i++)
        {
            var p = sampler.Propose(space, history, random);
            space.Validate(p);
            Assert.NotNull(ImageClassificationSearchSpace.ToModel(p, shape));
            Assert.NotNull(ImageClassificationSearchSpace.ToTraining(p));
            // Higher label smoothing scores better: TPE should come to propose more of it than random search would.
            history.Add(new TrialRecord(i, p, TrialState.Complete) { Value = p["label_smoothing"] });
        }

        double lateMean = history.Skip(25).Average(t => t.Params["label_smoothing"]);
        Assert.True(lateMean > 0.13, $"mean label smoothing of the last 15 proposals {lateMean:0.000}; random would give 0.10");
    }

    [Fact]
    public void Log_distributions_spread_draws_over_orders_of_magnitude()
    {
        var d = new FloatDistribution(1e-4, 1e-1, Log: true);
        var random = new Random(1);

        var draws = Enumerable.Range(0, 4000).Select(_ => d.Sample(random)).ToList();

        Assert.All(draws, v => Assert.True(d.Contains(v)));
        // Each decade gets about a third of the draws on a log scale (a linear draw would put 90% in the top decade).
        double lowDecade = draws.Count(v => v < 1e-3) / 4000.0;
        Assert.InRange(lowDecade, 0.28, 0.39);
    }

    [Fact]
    public void Int_distributions_draw_every_value_of_their_grid_and_nothing_else()
    {
        var d = new IntDistribution(16, 64, Step: 8);
        var random = new Random(2);

        var values = Enumerable.Range(0, 2000).Select(_ => (int)d.Sample(random)).ToHashSet();

        Assert.Equal(new HashSet<int> { 16, 24, 32, 40, 48, 56, 64 }, values);
    }

    [Fact]
    public void A_parameter_outside_its_family_is_rejected()
    {
        var values = new Dictionary<string, double>(ImageClassificationSearchSpace.Default(5)) { ["plaincnn.width"] = 32 };

        var exception = Assert.Throws<ArgumentException>(() => ImageClassificationSearchSpace.For(DataTraits.Plain).Validate(values));
        Assert.Contains("plaincnn.width", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_default_configuration_maps_to_a_resnet_with_its_recipe()
    {
        var p = ImageClassificationSearchSpace.Default(7);

        var model = ImageClassificationSearchSpace.ToModel(p, new AutoDL.Data.ImageShape(1, 28, 28));
        var training = ImageClassificationSearchSpace.ToTraining(p);

        Assert.Equal("resnet", model.Family);
        Assert.Equal(7, training.Epochs);
        Assert.Equal(0.02, training.LearningRate, 10);
        Assert.False(training.EffectiveAugmentation.HorizontalFlip);
    }

    [Fact]
    public void Only_imbalanced_data_searches_class_balancing_and_its_default_weights_the_loss()
    {
        var imbalanced = new DataTraits(Imbalanced: true, FlipLooksSafe: false);

        Assert.DoesNotContain(ImageClassificationSearchSpace.For(DataTraits.Plain).Parameters, p => p.Name == "balance");
        Assert.Contains(ImageClassificationSearchSpace.For(imbalanced).Parameters, p => p.Name == "balance");
        Assert.Equal(AutoDL.Training.ClassBalancing.WeightedLoss, ImageClassificationSearchSpace.ToTraining(ImageClassificationSearchSpace.Default(5, traits: imbalanced)).Balancing);
        Assert.Equal(AutoDL.Training.ClassBalancing.None, ImageClassificationSearchSpace.ToTraining(ImageClassificationSearchSpace.Default(5)).Balancing);
        Assert.Equal(AutoDL.Tasks.ImageClassification.Training.SelectionMetric.BalancedAccuracy, imbalanced.Metric);
    }

    [Fact]
    public void Only_data_whose_mirror_images_keep_their_labels_searches_flipping_and_the_default_never_flips()
    {
        var symmetric = new DataTraits(Imbalanced: false, FlipLooksSafe: true);

        Assert.Contains(ImageClassificationSearchSpace.For(symmetric).Parameters, p => p.Name == "flip");
        Assert.DoesNotContain(ImageClassificationSearchSpace.For(DataTraits.Plain).Parameters, p => p.Name == "flip");
        Assert.False(ImageClassificationSearchSpace.ToTraining(ImageClassificationSearchSpace.Default(5, traits: symmetric)).EffectiveAugmentation.HorizontalFlip);
        Assert.False(ImageClassificationSearchSpace.ToTraining(ImageClassificationSearchSpace.Default(5, traits: DataTraits.Plain)).EffectiveAugmentation.HorizontalFlip);
        var flipped = new Dictionary<string, double>(ImageClassificationSearchSpace.Default(5, traits: symmetric)) { ["flip"] = 1 };
        Assert.True(ImageClassificationSearchSpace.ToTraining(flipped).EffectiveAugmentation.HorizontalFlip);
    }

    [Fact]
    public void Searched_augmentation_choices_reach_the_training_recipe()
    {
        var p = new Dictionary<string, double>(ImageClassificationSearchSpace.Default(5))
        {
            ["augment"] = 1,
            ["trivialaugment.magnitude"] = 0.6,
            ["erasing"] = 0.25,
            ["mix"] = 2,
        };
        ImageClassificationSearchSpace.For(DataTraits.Plain).Validate(p);

        var augmentation = ImageClassificationSearchSpace.ToTraining(p).EffectiveAugmentation;

        Assert.Equal(0.6, augmentation.Magnitude, 10);
        Assert.Equal(0.25, augmentation.ErasingProbability, 10);
        Assert.Equal(AutoDL.Data.Augmentation.MixKind.CutMix, augmentation.Mix);
        Assert.True(augmentation.NeedsTensorOperations);
        Assert.False(ImageClassificationSearchSpace.ToTraining(ImageClassificationSearchSpace.Default(5)).EffectiveAugmentation.NeedsTensorOperations);
    }

    [Fact]
    public void A_range_test_suggestion_centres_the_adamw_rates_on_one_decade_and_leaves_the_rest_alone()
    {
        var fixedSpace = ImageClassificationSearchSpace.For(DataTraits.Plain);
        var centred = ImageClassificationSearchSpace.For(DataTraits.Plain, suggestedLearningRate: 0.04);

        var rates = Assert.IsType<FloatDistribution>(centred["adamw.lr"].Distribution);
        Assert.Equal(0.04 / Math.Sqrt(10), rates.Low, 12);
        Assert.Equal(0.04 * Math.Sqrt(10), rates.High, 12);
        Assert.True(rates.Log);
        Assert.Equal(0.04, Math.Sqrt(rates.Low * rates.High), 12);
        Assert.Equal(fixedSpace.Parameters.Select(p => p.Name), centred.Parameters.Select(p => p.Name));
        Assert.All(centred.Parameters.Where(p => p.Name != "adamw.lr"), p => Assert.Equal(fixedSpace[p.Name], p));
        // The default recipe is still a point of the space, so it can be enqueued and resumed.
        centred.Validate(ImageClassificationSearchSpace.Default(5));
    }

    [Fact]
    public void The_first_look_is_a_small_plain_cnn_on_the_default_recipe_and_stays_a_point_of_any_calibrated_space()
    {
        var look = ImageClassificationSearchSpace.FirstLook(DataTraits.Plain, batchSize: 64);

        var model = Assert.IsType<PlainCnnConfig>(ImageClassificationSearchSpace.ToModel(look, new AutoDL.Data.ImageShape(1, 28, 28)));
        var training = ImageClassificationSearchSpace.ToTraining(look);
        Assert.Equal((2, 16), (model.Blocks, model.BaseWidth));
        Assert.Equal((1, 64), (training.Epochs, training.BatchSize));
        Assert.Equal(ImageClassificationSearchSpace.DefaultLearningRateAt(64), training.LearningRate, 12);
        // It trains before calibration; a resumed study retries it, if it was cut off, in the space calibration centred.
        ImageClassificationSearchSpace.For(DataTraits.Plain, suggestedLearningRate: 0.5, batchSize: 256).Validate(look);
        ImageClassificationSearchSpace.For(DataTraits.Plain, suggestedLearningRate: 1e-4, batchSize: 256).Validate(look);
    }

    [Fact]
    public void A_suggestion_far_below_the_default_rate_widens_the_range_up_to_it()
    {
        var rates = Assert.IsType<FloatDistribution>(ImageClassificationSearchSpace.For(DataTraits.Plain, suggestedLearningRate: 1e-4, batchSize: 256)["adamw.lr"].Distribution);

        Assert.Equal(1e-4 / Math.Sqrt(10), rates.Low, 12);
        Assert.Equal(ImageClassificationSearchSpace.DefaultLearningRateAt(256), rates.High, 12);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void A_suggestion_that_is_not_a_rate_is_refused(double suggested)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ImageClassificationSearchSpace.For(DataTraits.Plain, suggested));
    }

    [Theory]
    [InlineData(64, 0.02 / 1.4142135623730951)]
    [InlineData(128, 0.02)]
    [InlineData(256, 0.02 * 1.4142135623730951)]
    public void The_default_at_another_batch_size_scales_its_rate_by_the_square_root_of_the_batch_ratio(int batch, double rate)
    {
        var training = ImageClassificationSearchSpace.ToTraining(ImageClassificationSearchSpace.Default(5, batchSize: batch));

        Assert.Equal(batch, training.BatchSize);
        Assert.Equal(rate, training.LearningRate, 12);
        Assert.All(ImageClassificationSearchSpace.DefaultLadder(DataTraits.Plain, batch), rung => Assert.Equal(batch, ImageClassificationSearchSpace.ToTraining(rung).BatchSize));
    }
}
