using AutoDL.Data;
using AutoDL.Tasks.ImageClassification.Data;
using AutoDL.Tasks.ImageClassification.Quality;

namespace AutoDL.Tests.Tasks.ImageClassification.Quality;

public sealed class LabelIssueRankingTests
{
    [Fact]
    public void Given_out_of_fold_probabilities_then_images_confidently_of_another_class_are_suspects_ranked_by_margin()
    {
        // Labels 0,0,0,1,1,1. Thresholds: class 0 = mean(0.9, 0.8, 0.2) ≈ 0.63; class 1 = mean(0.7, 0.9, 0.6) ≈ 0.73.
        int[] labels = [0, 0, 0, 1, 1, 1];
        float[] p =
        [
            0.9f, 0.1f,
            0.8f, 0.2f,
            0.2f, 0.8f,   // labelled 0, confidently 1: suspect, margin 0.2 − 0.8 = −0.6
            0.3f, 0.7f,
            0.1f, 0.9f,
            0.4f, 0.6f,   // labelled 1 and likeliest 1: not a suspect
        ];
        var data = new ImageDataset(new byte[labels.Length], labels, ["a", "b"], new ImageShape(1, 1, 1));

        var (suspects, estimated) = LabelIssueRanking.Rank(data, DataSplit.Train, p, maxListed: 10);

        // Confident joint: class 0 row [2, 1] (images 0, 1 | 2), class 1 row [0, 1] (image 4); calibrated to 3 images
        // per class, one label of class 0 is wrong.
        Assert.Equal(1, estimated);
        var suspect = Assert.Single(suspects);
        Assert.Equal(2, suspect.Image.Index);
        Assert.Equal(0, suspect.GivenLabel);
        Assert.Equal(1, suspect.SuggestedLabel);
        Assert.Equal(-0.6, suspect.Score, 5);
    }

    [Fact]
    public void Given_several_suspects_then_the_lowest_margin_comes_first_and_the_list_is_capped()
    {
        int[] labels = [0, 0, 0, 0, 1, 1];
        float[] p =
        [
            0.95f, 0.05f,
            0.95f, 0.05f,
            0.40f, 0.60f,
            0.05f, 0.95f,
            0.10f, 0.90f,
            0.10f, 0.90f,
        ];
        var data = new ImageDataset(new byte[labels.Length], labels, ["a", "b"], new ImageShape(1, 1, 1));

        var (suspects, _) = LabelIssueRanking.Rank(data, DataSplit.Train, p, maxListed: 1);

        Assert.Equal(3, Assert.Single(suspects).Image.Index);
    }

    [Fact]
    public void Given_an_image_whose_likeliest_class_is_another_but_under_that_class_threshold_then_it_is_still_a_suspect()
    {
        // Class 1's images get 0.95, so its threshold is high; image 1 (labelled 0) leans to 1 without reaching it.
        int[] labels = [0, 0, 1, 1];
        float[] p =
        [
            0.90f, 0.10f,
            0.45f, 0.55f,
            0.05f, 0.95f,
            0.05f, 0.95f,
        ];
        var data = new ImageDataset(new byte[labels.Length], labels, ["a", "b"], new ImageShape(1, 1, 1));

        var suspect = Assert.Single(LabelIssueRanking.Rank(data, DataSplit.Train, p, maxListed: 10).Suspects);

        Assert.Equal((1, 1), (suspect.Image.Index, suspect.SuggestedLabel));
    }
}
