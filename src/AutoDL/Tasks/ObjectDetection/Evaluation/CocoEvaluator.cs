using AutoDL.Tasks.ObjectDetection.Data;

namespace AutoDL.Tasks.ObjectDetection.Evaluation;

/// <summary>
/// Scores detections as the COCO benchmark does (pycocotools' <c>COCOeval</c> with <c>iouType='bbox'</c> and its
/// default parameters), to the same figures: at each IoU threshold the detections of an image, best score first, each
/// take the still unmatched ground truth of their class that they overlap most, by at least the threshold; precision
/// is read at 101 recall points and averaged, over ten IoU thresholds from 0.50 to 0.95 and over the classes.
/// </summary>
/// <remarks>
/// An <see cref="ObjectAnnotation.Ignored"/> object is treated as COCO treats a crowd: a detection on it is neither
/// a true nor a false positive, any number of detections may fall on it, and their overlap with it is measured as
/// the share of the detection inside it. See <a href="https://cocodataset.org/#detection-eval">COCO's detection
/// evaluation</a>.
/// </remarks>
public static class CocoEvaluator
{
    // Indices into CocoParameters.AreaRanges and CocoParameters.MaxDetections.
    private const int AllSizes = 0;
    private const int Small = 1;
    private const int Medium = 2;
    private const int Large = 3;
    private const int OneDetection = 0;
    private const int TenDetections = 1;
    private const int HundredDetections = 2;

    // IoU thresholds 0.50 and 0.75, which COCO also reports alone; IouThresholds[5] is exactly 0.75.
    private const int Iou50 = 0;
    private const int Iou75 = 5;

    /// <summary>Evaluates a detector's detections on a labelled set.</summary>
    /// <param name="images">Each image's ground truth and detections.</param>
    /// <param name="classNames">The class names; every label is an index into them.</param>
    /// <exception cref="ArgumentException">A label outside the classes, or a score or box that is not a finite number.</exception>
    public static DetectionReport Evaluate(IReadOnlyList<EvaluatedImage> images, IReadOnlyList<string> classNames)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(classNames);
        Check(images, classNames.Count);
        var truthByClass = images.Select(i => i.Truth.ToLookup(t => t.Label)).ToArray();
        var detectionsByClass = images.Select(i => i.Detections.ToLookup(d => d.Label)).ToArray();

        // curves[class][size range][detection limit]: pycocotools' precision and recall arrays, null where it has -1.
        var curves = new PrecisionRecall?[classNames.Count][][];
        var perClass = new DetectionClassMetrics[classNames.Count];
        for (int k = 0; k < classNames.Count; k++)
        {
            var perRange = CocoParameters.AreaRanges.Select(_ => new List<ImageMatches>()).ToArray();
            for (int i = 0; i < images.Count; i++)
            {
                var truths = truthByClass[i][k].ToList();
                var detections = detectionsByClass[i][k].ToList();
                // An image with neither is left out, as pycocotools leaves it; it would add nothing to any count.
                if (truths.Count == 0 && detections.Count == 0)
                {
                    continue;
                }
                var matches = ImageMatches.PerAreaRange(detections, truths);
                for (int a = 0; a < perRange.Length; a++)
                {
                    perRange[a].Add(matches[a]);
                }
            }
            curves[k] = perRange.Select(matches => CocoParameters.MaxDetections.Select(limit => PrecisionRecall.Accumulate(matches, limit)).ToArray()).ToArray();
            var all = new[] { curves[k][AllSizes][HundredDetections] };
            perClass[k] = new DetectionClassMetrics(
                classNames[k],
                MeanPrecision(all, AllThresholds),
                MeanPrecision(all, [Iou50]),
                MeanPrecision(all, [Iou75]),
                truthByClass.Sum(t => t[k].Count(o => !o.Ignored)),
                detectionsByClass.Sum(d => d[k].Count()));
        }

        PrecisionRecall?[] At(int range, int limit) => curves.Select(c => c[range][limit]).ToArray();
        return new DetectionReport(
            images.Count,
            Map: MeanPrecision(At(AllSizes, HundredDetections), AllThresholds),
            Map50: MeanPrecision(At(AllSizes, HundredDetections), [Iou50]),
            Map75: MeanPrecision(At(AllSizes, HundredDetections), [Iou75]),
            MapSmall: MeanPrecision(At(Small, HundredDetections), AllThresholds),
            MapMedium: MeanPrecision(At(Medium, HundredDetections), AllThresholds),
            MapLarge: MeanPrecision(At(Large, HundredDetections), AllThresholds),
            Mar1: MeanRecall(At(AllSizes, OneDetection)),
            Mar10: MeanRecall(At(AllSizes, TenDetections)),
            Mar100: MeanRecall(At(AllSizes, HundredDetections)),
            MarSmall: MeanRecall(At(Small, HundredDetections)),
            MarMedium: MeanRecall(At(Medium, HundredDetections)),
            MarLarge: MeanRecall(At(Large, HundredDetections)),
            PerClass: perClass);
    }

    private static readonly int[] AllThresholds = Enumerable.Range(0, CocoParameters.IouThresholds.Count).ToArray();

    /// <summary>
    /// The mean interpolated precision over the given thresholds, every recall point and the classes that have a
    /// curve: pycocotools' <c>np.mean(s[s &gt; -1])</c>; null when no class has one.
    /// </summary>
    private static double? MeanPrecision(IReadOnlyList<PrecisionRecall?> curves, IReadOnlyList<int> thresholds)
    {
        double sum = 0;
        int count = 0;
        foreach (var curve in curves.OfType<PrecisionRecall>())
        {
            foreach (int t in thresholds)
            {
                for (int r = 0; r < CocoParameters.RecallThresholds.Count; r++)
                {
                    sum += curve.Precision(t, r);
                    count++;
                }
            }
        }
        return count == 0 ? null : sum / count;
    }

    /// <summary>The mean recall over every threshold and the classes that have a curve; null when no class has one.</summary>
    private static double? MeanRecall(IReadOnlyList<PrecisionRecall?> curves)
    {
        var recalls = curves.OfType<PrecisionRecall>()
            .SelectMany(curve => Enumerable.Range(0, CocoParameters.IouThresholds.Count).Select(curve.Recall))
            .ToList();
        return recalls.Count == 0 ? null : recalls.Average();
    }

    private static void Check(IReadOnlyList<EvaluatedImage> images, int classes)
    {
        for (int i = 0; i < images.Count; i++)
        {
            foreach (var truth in images[i].Truth)
            {
                CheckLabel(truth.Label, classes, i);
                CheckBox(truth.Box, i);
            }
            foreach (var detection in images[i].Detections)
            {
                CheckLabel(detection.Label, classes, i);
                CheckBox(detection.Box, i);
                if (!double.IsFinite(detection.Score))
                {
                    throw new ArgumentException($"Image {i} has a detection with score {detection.Score}; scores must be finite numbers.", nameof(images));
                }
            }
        }
    }

    private static void CheckLabel(int label, int classes, int image)
    {
        if (label < 0 || label >= classes)
        {
            throw new ArgumentException($"Image {image} has label {label}, but there are {classes} class names (labels 0 to {classes - 1}).", "images");
        }
    }

    private static void CheckBox(BoundingBox box, int image)
    {
        if (!(double.IsFinite(box.X) && double.IsFinite(box.Y) && double.IsFinite(box.Width) && double.IsFinite(box.Height)))
        {
            throw new ArgumentException($"Image {image} has a box {box} that is not made of finite numbers.", "images");
        }
    }
}
