using AutoDL.Data;
using AutoDL.Models;

namespace AutoDL.Tasks.SemanticSegmentation.Models;

/// <summary>
/// What a <see cref="SegmentationNetwork"/> costs on one image, counted from its backbone's plan and its decoder's shape
/// without building it: the parameters exactly, multiply-adds and activations as <see cref="NetworkCost"/> defines them.
/// </summary>
internal static class SegmenterCost
{
    public static NetworkCost Of(SegmenterConfig config, ImageShape input, int classes)
    {
        ArgumentNullException.ThrowIfNull(config);
        var head = config.Head;
        var planned = ModelFactory.EstimateBackbone(config.Backbone, input);
        SegmentationNetwork.Check(planned.Taps.Count, classes, head.Depth, head.Width);
        var taps = planned.Taps.Skip(planned.Taps.Count - head.Depth).ToArray();
        var decoder = head.Decoder switch
        {
            SegmentationDecoder.Aspp => Aspp(taps[^1], taps[0], classes, head.Width),
            SegmentationDecoder.LrAspp => LrAspp(taps[^1], taps[0], classes, head.Width),
            _ => UNet(taps, classes, head.Width),
        };
        // The logits upsampled to the input's size.
        return planned.Cost + decoder + NetworkCost.Map(classes, input.Height, input.Width);
    }

    private static NetworkCost UNet(FeatureMap[] taps, int classes, int width)
    {
        var deepest = taps[^1];
        var cost = NetworkCost.ConvNorm(deepest.Channels, width, 1, deepest.Height, deepest.Width) + NetworkCost.Map(width, deepest.Height, deepest.Width);
        foreach (var tap in taps[..^1].Reverse())
        {
            // The upsampled map, its join with the tap, then two convolutions with their norms and activations.
            cost += NetworkCost.Map(width, tap.Height, tap.Width)
                + NetworkCost.Map(width + tap.Channels, tap.Height, tap.Width)
                + ConvNormRelu(width + tap.Channels, width, 3, tap)
                + ConvNormRelu(width, width, 3, tap);
        }
        return cost + Classifier(width, classes, taps[0]);
    }

    private static NetworkCost Aspp(FeatureMap deep, FeatureMap fine, int classes, int width)
    {
        int detail = AsppNetwork.DetailWidth(width);
        int branches = 2 + AsppNetwork.Rates.Count;
        var cost = ConvNormRelu(deep.Channels, width, 1, deep);
        foreach (var _ in AsppNetwork.Rates)
        {
            cost += ConvNormRelu(deep.Channels, width, 3, deep);
        }
        // The pooled branch: a 1×1 convolution with bias on one value per channel, then broadcast over the map.
        cost += new NetworkCost((long)deep.Channels * width, ((long)deep.Channels * width) + width, 2L * width) + NetworkCost.Map(width, deep.Height, deep.Width);
        cost += NetworkCost.Map(branches * width, deep.Height, deep.Width) + ConvNormRelu(branches * width, width, 1, deep);
        cost += NetworkCost.Map(width, fine.Height, fine.Width)
            + ConvNormRelu(fine.Channels, detail, 1, fine)
            + NetworkCost.Map(width + detail, fine.Height, fine.Width)
            + ConvNormRelu(width + detail, width, 3, fine)
            + ConvNormRelu(width, width, 3, fine);
        return cost + Classifier(width, classes, fine);
    }

    private static NetworkCost LrAspp(FeatureMap deep, FeatureMap fine, int classes, int width)
    {
        var gate = new NetworkCost((long)deep.Channels * width, ((long)deep.Channels * width) + width, 2L * width);
        // The gated map, its classification, that upsampled, the fine tap's classification and the sum.
        return ConvNormRelu(deep.Channels, width, 1, deep)
            + gate
            + NetworkCost.Map(width, deep.Height, deep.Width)
            + Classifier(width, classes, deep)
            + NetworkCost.Map(classes, fine.Height, fine.Width)
            + Classifier(fine.Channels, classes, fine)
            + NetworkCost.Map(classes, fine.Height, fine.Width);
    }

    private static NetworkCost ConvNormRelu(int inChannels, int outChannels, int kernel, FeatureMap at) =>
        NetworkCost.ConvNorm(inChannels, outChannels, kernel, at.Height, at.Width) + NetworkCost.Map(outChannels, at.Height, at.Width);

    /// <summary>A 1×1 convolution with bias to one logit per class.</summary>
    private static NetworkCost Classifier(int inChannels, int classes, FeatureMap at) => new(
        ConvArithmetic.MultiplyAdds(inChannels, classes, 1, at.Height, at.Width),
        ((long)inChannels * classes) + classes,
        (long)classes * at.Height * at.Width);
}
