using AutoDL.Data;
using AutoDL.Models;

namespace AutoDL.Tasks.ObjectDetection.Models;

/// <summary>
/// What an <see cref="FcosNetwork"/> costs on one image, counted from its backbone's plan and its head's shape without
/// building it, as the classification families count theirs: the parameters exactly, multiply-adds and activations as
/// <see cref="NetworkCost"/> defines them. A search can then reject a detector that would not fit before it trains.
/// </summary>
internal static class FcosCost
{
    /// <summary>The cost of the detector on <paramref name="backbone"/> with <paramref name="head"/> for <paramref name="classes"/> classes.</summary>
    public static NetworkCost Of(ModelConfig backbone, ImageShape input, int classes, DetectorHead head)
    {
        ArgumentNullException.ThrowIfNull(head);
        var planned = ModelFactory.EstimateBackbone(backbone, input);
        if (planned.Taps.Count < head.Levels)
        {
            throw new ArgumentException($"The backbone marks {planned.Taps.Count} stage(s); a {head.Levels}-level pyramid needs as many.", nameof(backbone));
        }
        int width = head.Width;
        var cost = planned.Cost;
        // The head's shared weights are counted once; their work and outputs once per level.
        long shared = (2L * head.TowerDepth * (Conv(width, width, 3) + (2L * width))) + Conv(width, classes, 3) + Conv(width, 4, 3) + Conv(width, 1, 3);
        cost += new NetworkCost(0, shared + head.Levels, 0);
        foreach (var map in planned.Taps.Skip(planned.Taps.Count - head.Levels))
        {
            long cells = (long)map.Height * map.Width;
            long pyramid = Conv(map.Channels, width, 1) + Conv(width, width, 3);
            long pyramidWork = ConvArithmetic.MultiplyAdds(map.Channels, width, 1, map.Height, map.Width) + ConvArithmetic.MultiplyAdds(width, width, 3, map.Height, map.Width);
            long towerWork = 2L * head.TowerDepth * ConvArithmetic.MultiplyAdds(width, width, 3, map.Height, map.Width);
            long predictionWork = ConvArithmetic.MultiplyAdds(width, classes + 5, 3, map.Height, map.Width);
            // Lateral, top-down sum and upsampling, smoothing; three maps (conv, norm, activation) per tower layer; the predictions.
            long activations = (4L * width * cells) + (2L * head.TowerDepth * 3 * width * cells) + (2L * (classes + 5) * cells);
            cost += new NetworkCost(pyramidWork + towerWork + predictionWork, pyramid, activations);
        }
        return cost;
    }

    /// <summary>Parameters of a convolution with bias.</summary>
    private static long Conv(int inChannels, int outChannels, int kernel) => ((long)inChannels * outChannels * kernel * kernel) + outChannels;
}
