using AutoDL.Tasks.ImageClassification.Training;
using AutoDL.Training;

namespace AutoDL.Tests.Tasks.ImageClassification.Training;

public sealed class ClassBalancingTests
{
    [Fact]
    public void Balanced_weights_give_every_class_the_same_total_weight()
    {
        int[] counts = [100, 25, 0, 50];

        var weights = ClassWeights.Balanced(counts);

        Assert.Equal(100 * weights[0], 25 * weights[1], 3);
        Assert.Equal(100 * weights[0], 50 * weights[3], 3);
        Assert.Equal(1f, weights[2]);
        // n / (K·n_k) over the three classes present: 175 / (3·100).
        Assert.Equal(175.0 / 300, weights[0], 5);
    }

    [Fact]
    public void Prior_weights_give_back_each_class_its_share_before_cleaning()
    {
        int[] before = [100, 100, 100];
        int[] after = [100, 50, 90];

        var weights = ClassWeights.RestorePriors(before, after);

        double total = after.Select((n, k) => n * weights[k]).Sum();
        for (int k = 0; k < 3; k++)
        {
            Assert.Equal(1.0 / 3, after[k] * weights[k] / total, 5);
        }
    }

    [Fact]
    public void A_recipe_that_balances_the_classes_ignores_the_preparations_prior_weights()
    {
        int[] counts = [100, 50];
        float[] preparation = [1f, 2f];

        // Balanced weights alone give both classes the same share; the preparation's would tilt it towards class 1.
        Assert.Equal(ClassWeights.Balanced(counts), ClassWeights.ForLoss(ClassBalancing.WeightedLoss, counts, preparation)!);
        Assert.Null(ClassWeights.ForLoss(ClassBalancing.BalancedSampling, counts, preparation));
        Assert.Equal(preparation, ClassWeights.ForLoss(ClassBalancing.None, counts, preparation)!);
        Assert.Null(ClassWeights.ForLoss(ClassBalancing.None, counts, null));
    }

    [Fact]
    public void Balanced_sampling_draws_every_class_about_equally_often_and_each_image_once_per_pass()
    {
        // 90 images of class 0, 10 of class 1.
        var labels = Enumerable.Range(0, 100).Select(i => i < 90 ? 0 : 1).ToArray();
        var stream = new BalancedStream(labels, 2, new Random(1));

        var drawn = Enumerable.Range(0, 2000).Select(_ => stream.Next()).ToList();

        int minority = drawn.Count(i => labels[i] == 1);
        Assert.InRange(minority, 900, 1100);
        // The first ten draws of the minority class are its ten images, each once.
        Assert.Equal(Enumerable.Range(90, 10), drawn.Where(i => labels[i] == 1).Take(10).Order());
    }

    [Fact]
    public void Balanced_accuracy_averages_recall_over_the_classes_present()
    {
        int[] truth = [0, 0, 0, 0, 1, 1, 2];
        int[] predicted = [0, 0, 0, 0, 0, 1, 0];

        Assert.Equal(5.0 / 7, SelectionMetric.Accuracy.Score(truth, predicted, 4), 6);
        Assert.Equal((1 + 0.5 + 0) / 3, SelectionMetric.BalancedAccuracy.Score(truth, predicted, 4), 6);
        Assert.Equal("balanced_accuracy", SelectionMetric.BalancedAccuracy.Name());
    }
}
