using AutoDL.Tasks.SemanticSegmentation.Data;
using AutoDL.Tasks.SemanticSegmentation.Training;

namespace AutoDL.Tests.Tasks.SemanticSegmentation.Training;

/// <summary>Cross-entropy's class weights from the training masks, on a hand-computed case.</summary>
public sealed class PixelClassWeightsTests
{
    [Fact]
    public void Weights_are_the_inverse_square_root_of_each_classs_pixel_share_averaging_one_over_the_scored_pixels()
    {
        // 16 scored pixels: 12 of class 0, 4 of class 1, none of class 2; one unscored (255) pixel left out.
        byte[] mask = [.. Enumerable.Repeat((byte)0, 12), .. Enumerable.Repeat((byte)1, 4), 255];
        var image = new SegmentedImage(new byte[3 * 17], mask, 17, 1, "a.png");

        var weights = PixelClassWeights.InverseSquareRootFrequency([image], classes: 3);

        // Raw: 1/√0.75 and 1/√0.25 = 2; their pixel mean (12 × 1.1547 + 4 × 2) / 16 = 1.3660 is divided out.
        double mean = ((12 / Math.Sqrt(0.75)) + (4 * 2)) / 16;
        Assert.Equal(1 / Math.Sqrt(0.75) / mean, weights[0], 5);
        Assert.Equal(2 / mean, weights[1], 5);
        // A class with no pixel takes the largest weight.
        Assert.Equal(weights[1], weights[2]);
        Assert.Equal(1, ((12 * weights[0]) + (4 * weights[1])) / 16, 5);
    }
}
