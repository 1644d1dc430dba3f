using AutoDL.Tasks.ObjectDetection.Data;
using AutoDL.Tasks.ObjectDetection.Evaluation;

namespace AutoDL.Tests.Tasks.ObjectDetection.Evaluation;

public sealed class BoxIouTests
{
    [Fact]
    public void Given_pixel_edge_boxes_then_IoU_has_no_plus_one()
    {
        // [0, 0, 10, 10] and [5, 0, 10, 10]: intersection 5·10 = 50, union 100 + 100 − 50 = 150: ⅓. The old VOC
        // convention (+1 on each side) would give 6·11/(121 + 121 − 66) = 0.375.
        Assert.Equal(1.0 / 3, BoxIou.Of(new(5, 0, 10, 10), new(0, 0, 10, 10), crowd: false), 15);
    }

    [Fact]
    public void Given_a_crowd_region_then_the_union_is_the_detection_alone()
    {
        // A 10×10 detection half inside a 100×100 crowd: 50/100 = 0.5 (a plain IoU: 50/10 050).
        var detection = new BoundingBox(95, 0, 10, 10);
        var crowd = new BoundingBox(0, 0, 100, 100);

        Assert.Equal(0.5, BoxIou.Of(detection, crowd, crowd: true));
        Assert.Equal(50.0 / 10_050, BoxIou.Of(detection, crowd, crowd: false), 15);
    }

    [Theory]
    [InlineData(10, 0)]
    [InlineData(0, 10)]
    [InlineData(30, 30)]
    public void Given_boxes_that_only_touch_or_are_apart_then_IoU_is_0(double x, double y)
    {
        Assert.Equal(0.0, BoxIou.Of(new(x, y, 10, 10), new(0, 0, 10, 10), crowd: true));
    }

    [Fact]
    public void The_thresholds_are_numpys_linspace()
    {
        // numpy.linspace(.5, .95, 10) and (0, 1, 101), printed by numpy 1.24: 0.85 and 0.8999999999999999, not
        // 0.8500000000000001 and 0.9 as 0.5 + 0.05·i gives; 0.75 exactly, which COCO's AP75 looks up by equality.
        Assert.Equal([0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.8999999999999999, 0.95], CocoParameters.IouThresholds);
        Assert.Equal(101, CocoParameters.RecallThresholds.Count);
        Assert.Equal(0.5, CocoParameters.RecallThresholds[50]);
        Assert.Equal(0.07, CocoParameters.RecallThresholds[7]);
        Assert.Equal(1.0, CocoParameters.RecallThresholds[100]);
    }
}
