using AutoDL.Internal;
using static TorchSharp.torch;

namespace AutoDL.Tasks.SemanticSegmentation.Training;

/// <summary>
/// A segmentation network's loss over a batch: pixel-wise cross-entropy (optionally weighted by class) plus, weighted by
/// the search, the soft Dice loss, which scores each class by its overlap and so does not let a large background drown a
/// small class. Pixels labelled 255 count in neither. Dice is written here from its definition (Milletari et al. 2016,
/// the multi-class mean over the classes present as segmentation_models_pytorch computes it): TorchVision .NET has no
/// Dice loss.
/// </summary>
internal static class SegmentationLoss
{
    /// <summary>The label of a pixel that is not scored.</summary>
    public const long Ignore = 255;

    /// <param name="logits">The network's output, N × classes × H × W.</param>
    /// <param name="target">Each pixel's class, N × H × W (int64; 255 not scored).</param>
    /// <param name="classWeights">Cross-entropy's weight per class, or null for equal weights.</param>
    /// <param name="diceWeight">The Dice term's weight: 0 leaves it out.</param>
    public static Tensor Compute(Tensor logits, Tensor target, Tensor? classWeights, double diceWeight)
    {
        ArgumentNullException.ThrowIfNull(logits);
        ArgumentNullException.ThrowIfNull(target);
        using var scalars = new HeldScalars();
        var crossEntropy = nn.functional.cross_entropy(logits, target, weight: classWeights, ignore_index: Ignore);
        return diceWeight <= 0 ? crossEntropy : crossEntropy.add(Dice(logits, target, scalars), scalars.Of(diceWeight));
    }

    /// <summary>1 − the mean soft Dice coefficient over the classes present in the batch's scored pixels, smoothed by one pixel.</summary>
    internal static Tensor Dice(Tensor logits, Tensor target, HeldScalars scalars)
    {
        ArgumentNullException.ThrowIfNull(scalars);
        long classes = logits.shape[1];
        var ignored = target.eq(scalars.Of(Ignore));
        var scored = ignored.logical_not().unsqueeze(1).to_type(logits.dtype);
        var truth = nn.functional.one_hot(target.masked_fill(ignored, HeldScalars.Zero), classes).permute(0, 3, 1, 2).to_type(logits.dtype) * scored;
        var probabilities = nn.functional.softmax(logits, 1) * scored;
        long[] pixels = [0, 2, 3];
        var truthPixels = truth.sum(pixels);
        var overlap = (probabilities * truth).sum(pixels);
        var sizes = probabilities.sum(pixels).add(truthPixels, HeldScalars.One);
        var coefficient = overlap.mul(scalars.Of(2.0)).add(HeldScalars.One, HeldScalars.One) / sizes.add(HeldScalars.One, HeldScalars.One);
        var present = truthPixels.gt(HeldScalars.Zero).to_type(logits.dtype);
        // With no scored pixel the term is zero, still attached to the graph.
        var mean = (coefficient * present).sum() / present.sum().clamp_min(HeldScalars.One);
        return present.sum().item<float>() == 0 ? logits.sum().mul(HeldScalars.Zero) : mean.neg().add(HeldScalars.One, HeldScalars.One);
    }
}
