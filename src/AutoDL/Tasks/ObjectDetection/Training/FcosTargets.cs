using AutoDL.Internal;
using AutoDL.Tasks.ObjectDetection.Data;
using static TorchSharp.torch;

namespace AutoDL.Tasks.ObjectDetection.Training;

/// <summary>
/// What each location of a <see cref="Models.FcosNetwork"/> should predict for one image, by FCOS's rules: a location is
/// positive for an object when it lies inside the object's box, within <see cref="CentreRadius"/> strides of its centre
/// (FCOS's centre sampling), and its farthest edge is in its level's reach; a location positive for several objects
/// takes the smallest. Every other location is background, except those inside an ignored object (a crowd, a difficult
/// one), which teach nothing either way.
/// </summary>
/// <param name="Classes">L × classes: 1 for a positive location's class, else 0.</param>
/// <param name="Boxes">L × 4: a positive location's object box (left, top, right, bottom), else 0.</param>
/// <param name="Centerness">L: how central a positive location is in its object (FCOS's centre-ness), else 0.</param>
/// <param name="Positive">L: whether the location is positive.</param>
/// <param name="ClassWeight">L: 0 for a location inside an ignored object and positive for none, else 1.</param>
internal sealed record FcosTargets(Tensor Classes, Tensor Boxes, Tensor Centerness, Tensor Positive, Tensor ClassWeight)
{
    /// <summary>How far from an object's centre, in strides of the level, a location may be and still learn the object.</summary>
    public const double CentreRadius = 1.5;

    /// <summary>The targets of one image's <paramref name="objects"/> at the layout's <paramref name="points"/> (<see cref="Models.DetectorLayout.Points"/>).</summary>
    public static FcosTargets For(Tensor points, IReadOnlyList<ObjectAnnotation> objects, int classes)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(objects);
        long locations = points.shape[0];
        using var scalars = new HeldScalars();
        var kept = objects.Where(o => !o.Ignored).ToList();
        var ignored = objects.Where(o => o.Ignored).ToList();
        var classWeight = ones(locations);
        if (ignored.Count > 0)
        {
            using var inside = Inside(points, Corners(ignored)).any(1);
            classWeight.masked_fill_(inside, HeldScalars.Zero);
        }
        if (kept.Count == 0)
        {
            return new FcosTargets(zeros(locations, classes), zeros(locations, 4), zeros(locations), zeros(locations, dtype: ScalarType.Bool), classWeight);
        }
        using var scope = NewDisposeScope();
        var boxes = Corners(kept);
        var (x, y) = (points[.., 0..1], points[.., 1..2]);
        var (stride, minReach, maxReach) = (points[.., 2..3], points[.., 3..4], points[.., 4..5]);
        var (left, top) = (x - boxes[.., 0], y - boxes[.., 1]);
        var (right, bottom) = (boxes[.., 2] - x, boxes[.., 3] - y);
        var distances = stack([left, top, right, bottom], 2);
        var reach = distances.amax([2]);
        var radius = stride.mul(scalars.Of(CentreRadius));
        var half = scalars.Of(0.5);
        var nearCentre = (x - boxes[.., 0].add(boxes[.., 2], HeldScalars.One).mul(half)).abs().lt(radius)
            .logical_and((y - boxes[.., 1].add(boxes[.., 3], HeldScalars.One).mul(half)).abs().lt(radius));
        var candidate = distances.amin([2]).gt(HeldScalars.Zero).logical_and(nearCentre).logical_and(reach.gt(minReach)).logical_and(reach.le(maxReach));
        var area = ((boxes[.., 2] - boxes[.., 0]) * (boxes[.., 3] - boxes[.., 1])).unsqueeze(0).expand(locations, kept.Count);
        var (smallest, assigned) = area.masked_fill(candidate.logical_not(), scalars.Of(double.PositiveInfinity)).min(1);
        var positive = smallest.isfinite();
        var labels = tensor(kept.Select(o => (long)o.Label).ToArray());
        var classTargets = nn.functional.one_hot(labels[assigned], classes).to_type(ScalarType.Float32) * positive.unsqueeze(1);
        var boxTargets = boxes[assigned] * positive.unsqueeze(1);
        var own = distances.gather(1, assigned.view(locations, 1, 1).expand(locations, 1, 4)).squeeze(1).clamp_min(scalars.Of(1e-6));
        var (l, t, r, b) = (own[.., 0], own[.., 1], own[.., 2], own[.., 3]);
        var centerness = (minimum(l, r) / maximum(l, r) * (minimum(t, b) / maximum(t, b))).sqrt() * positive;
        // A positive location learns its class even inside an ignored region.
        classWeight.masked_fill_(positive, HeldScalars.One);
        return new FcosTargets(classTargets.MoveToOuterDisposeScope(), boxTargets.MoveToOuterDisposeScope(), centerness.MoveToOuterDisposeScope(), positive.MoveToOuterDisposeScope(), classWeight);
    }

    /// <summary>The targets of a batch, stacked: N × L × … .</summary>
    public static FcosTargets Stack(IReadOnlyList<FcosTargets> images) => new(
        stack(images.Select(i => i.Classes)), stack(images.Select(i => i.Boxes)), stack(images.Select(i => i.Centerness)),
        stack(images.Select(i => i.Positive)), stack(images.Select(i => i.ClassWeight)));

    /// <summary>M × 4 corners (left, top, right, bottom).</summary>
    private static Tensor Corners(IReadOnlyList<ObjectAnnotation> objects) =>
        tensor(objects.SelectMany(o => new[] { (float)o.Box.X, (float)o.Box.Y, (float)o.Box.Right, (float)o.Box.Bottom }).ToArray(), [objects.Count, 4]);

    /// <summary>L × M: whether each location lies strictly inside each box.</summary>
    private static Tensor Inside(Tensor points, Tensor boxes)
    {
        var (x, y) = (points[.., 0..1], points[.., 1..2]);
        return x.gt(boxes[.., 0]).logical_and(y.gt(boxes[.., 1])).logical_and(x.lt(boxes[.., 2])).logical_and(y.lt(boxes[.., 3]));
    }
}
