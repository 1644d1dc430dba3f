using AutoDL.Internal;
using static TorchSharp.torch;
using static TorchSharp.torchvision.ops;

namespace AutoDL.Tasks.ObjectDetection.Training;

/// <summary>
/// FCOS's loss over a batch: focal loss on every location's classes (TorchVision's <c>sigmoid_focal_loss</c>), GIoU
/// loss on positive locations' boxes weighted by their centre-ness (TorchVision's <c>generalized_box_iou_loss</c>), and
/// binary cross-entropy on their centre-ness; the first and last per positive location, the box term per unit of
/// centre-ness. TorchVision's losses build a few temporary scalars of their own (<c>1 - p</c>, <c>alpha * t</c>) that this
/// assembly's <see cref="AutoDL.Internal.HeldScalars"/> rule cannot reach; writing the losses again by hand to hold them
/// would trade a rare collection race inside a library call for our own copy of the library.
/// </summary>
internal static class FcosLoss
{
    /// <summary>The three terms and their weighted sum, each a scalar tensor.</summary>
    /// <param name="predictions">The network's output, N × L × (classes + 5).</param>
    /// <param name="points">The layout's points, L × 5.</param>
    /// <param name="targets">The batch's targets, stacked.</param>
    /// <param name="boxWeight">The weight of the box term.</param>
    public static (Tensor Total, Tensor Classes, Tensor Boxes, Tensor Centerness) Compute(Tensor predictions, Tensor points, FcosTargets targets, double boxWeight = 1)
    {
        ArgumentNullException.ThrowIfNull(predictions);
        ArgumentNullException.ThrowIfNull(targets);
        long classes = predictions.shape[2] - 5;
        using var scalars = new HeldScalars();
        var logits = predictions[.., .., ..(int)classes];
        var distances = predictions[.., .., (int)classes..(int)(classes + 4)];
        var centerness = predictions[.., .., (int)(classes + 4)];
        var positive = targets.Positive;
        var positives = positive.sum().clamp_min(HeldScalars.One).to_type(ScalarType.Float32);

        var classLoss = (sigmoid_focal_loss(logits, targets.Classes, 0.25f, 2.0f, nn.Reduction.None) * targets.ClassWeight.unsqueeze(2)).sum() / positives;

        var (x, y) = (points[.., 0], points[.., 1]);
        var predicted = stack([x - distances[.., .., 0], y - distances[.., .., 1], x.add(distances[.., .., 2], HeldScalars.One), y.add(distances[.., .., 3], HeldScalars.One)], 2);
        var weight = targets.Centerness[positive];
        // With no positive location the box and centre-ness terms are zero, still attached to the graph.
        var boxLoss = weight.numel() == 0
            ? predictions.sum().mul(HeldScalars.Zero)
            : (generalized_box_iou_loss(predicted[positive], targets.Boxes[positive]) * weight).sum() / weight.sum().clamp_min(scalars.Of(1e-6));
        var centernessLoss = weight.numel() == 0
            ? predictions.sum().mul(HeldScalars.Zero)
            : nn.functional.binary_cross_entropy_with_logits(centerness[positive], weight, reduction: nn.Reduction.Sum) / positives;
        var total = classLoss.add(boxLoss, scalars.Of(boxWeight)).add(centernessLoss, HeldScalars.One);
        return (total, classLoss, boxLoss, centernessLoss);
    }
}
