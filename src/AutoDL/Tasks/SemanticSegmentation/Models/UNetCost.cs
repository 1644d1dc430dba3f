using AutoDL.Data;
using AutoDL.Models;

namespace AutoDL.Tasks.SemanticSegmentation.Models;

/// <summary>
/// What a <see cref="UNetNetwork"/> costs on one image, counted from its backbone's plan and its decoder's shape without
/// building it: the parameters exactly, multiply-adds and activations as <see cref="NetworkCost"/> defines them.
/// </summary>
internal static class UNetCost
{
    public static NetworkCost Of(ModelConfig backbone, ImageShape input, int classes, SegmentationHead head)
    {
        ArgumentNullException.ThrowIfNull(head);
        var planned = ModelFactory.EstimateBackbone(backbone, input);
        UNetNetwork.Check(planned.Taps.Count, classes, head.Depth, head.Width);
        var taps = planned.Taps.Skip(planned.Taps.Count - head.Depth).ToArray();
        int width = head.Width;
        var deepest = taps[^1];
        var cost = planned.Cost
            + NetworkCost.ConvNorm(deepest.Channels, width, 1, deepest.Height, deepest.Width)
            + NetworkCost.Map(width, deepest.Height, deepest.Width);
        foreach (var tap in taps[..^1].Reverse())
        {
            // The upsampled map, its join with the tap, then two convolutions with their norms and activations.
            cost += NetworkCost.Map(width, tap.Height, tap.Width)
                + NetworkCost.Map(width + tap.Channels, tap.Height, tap.Width)
                + NetworkCost.ConvNorm(width + tap.Channels, width, 3, tap.Height, tap.Width)
                + NetworkCost.Map(width, tap.Height, tap.Width)
                + NetworkCost.ConvNorm(width, width, 3, tap.Height, tap.Width)
                + NetworkCost.Map(width, tap.Height, tap.Width);
        }
        var finest = taps[0];
        // The per-pixel classifier (a 1×1 convolution with bias) on the finest map, then its logits at the input's size.
        cost += new NetworkCost(
            ConvArithmetic.MultiplyAdds(width, classes, 1, finest.Height, finest.Width),
            ((long)width * classes) + classes,
            (long)classes * finest.Height * finest.Width);
        return cost + NetworkCost.Map(classes, input.Height, input.Width);
    }
}
