using AutoDL.Tasks.ObjectDetection.Data;
using AutoDL.Tasks.ObjectDetection.Inference;

namespace AutoDL.Tasks.ObjectDetection.Evaluation;

/// <summary>
/// The detections of one class in one image, each judged at every IoU threshold against the image's ground truth of
/// that class within one size range: pycocotools' <c>evaluateImg</c>.
/// </summary>
internal sealed class ImageMatches
{
    private readonly bool[][] _matched;
    private readonly bool[][] _ignored;

    private ImageMatches(double[] scores, bool[][] matched, bool[][] ignored, int countedTruths)
    {
        Scores = scores;
        _matched = matched;
        _ignored = ignored;
        CountedTruths = countedTruths;
    }

    /// <summary>Scores of the detections kept, highest first (at most <see cref="CocoParameters.MostDetections"/>).</summary>
    public IReadOnlyList<double> Scores { get; }

    /// <summary>Ground truths that count in this size range (inside it and not ignored): the denominator of recall.</summary>
    public int CountedTruths { get; }

    /// <summary>Whether detection <paramref name="detection"/> (in score order) found a ground truth at threshold <paramref name="threshold"/>.</summary>
    public bool IsMatched(int threshold, int detection) => _matched[threshold][detection];

    /// <summary>
    /// Whether the detection counts neither as a true nor as a false positive at the threshold: it matched an ignored
    /// ground truth, or it matched none and its own box is outside the size range.
    /// </summary>
    public bool IsIgnored(int threshold, int detection) => _ignored[threshold][detection];

    /// <summary>
    /// Judges the detections of one class in one image against its ground truth of that class, once per size range
    /// of <see cref="CocoParameters.AreaRanges"/>, in their order.
    /// </summary>
    public static ImageMatches[] PerAreaRange(IReadOnlyList<Detection> detections, IReadOnlyList<ObjectAnnotation> truths)
    {
        var order = ScoreOrder.Descending(detections.Select(d => d.Score).ToList());
        var ranked = order.Take(CocoParameters.MostDetections).Select(i => detections[i]).ToArray();
        // COCO's iscrowd: an ignored region may hold several objects, so it is compared by the share of each detection it covers.
        var iou = new double[ranked.Length, truths.Count];
        for (int d = 0; d < ranked.Length; d++)
        {
            for (int g = 0; g < truths.Count; g++)
            {
                iou[d, g] = BoxIou.Of(ranked[d].Box, truths[g].Box, crowd: truths[g].Ignored);
            }
        }
        return CocoParameters.AreaRanges.Select(range => Match(ranked, truths, iou, range)).ToArray();
    }

    /// <summary>COCOeval's greedy matching: each detection, best first, takes the ground truth it overlaps most that is still free.</summary>
    private static ImageMatches Match(Detection[] ranked, IReadOnlyList<ObjectAnnotation> truths, double[,] iou, AreaRange range)
    {
        // Ground truths that do not count go last (stably), so a detection prefers any that counts to an ignored one.
        var ignoredTruth = truths.Select(t => t.Ignored || !range.Contains(t.SizeArea)).ToArray();
        var truthOrder = Enumerable.Range(0, truths.Count).OrderBy(g => ignoredTruth[g]).ToArray();
        var thresholds = CocoParameters.IouThresholds;
        var matched = new bool[thresholds.Count][];
        var ignored = new bool[thresholds.Count][];
        for (int t = 0; t < thresholds.Count; t++)
        {
            matched[t] = new bool[ranked.Length];
            ignored[t] = new bool[ranked.Length];
            var truthTaken = new bool[truths.Count];
            for (int d = 0; d < ranked.Length; d++)
            {
                // An IoU equal to the threshold matches (pycocotools skips a ground truth only when iou < threshold);
                // the cap keeps a perfect overlap matchable however the thresholds are set.
                double best = Math.Min(thresholds[t], 1 - 1e-10);
                int match = -1;
                foreach (int g in truthOrder)
                {
                    // A crowd region may be matched by any number of detections.
                    if (truthTaken[g] && !truths[g].Ignored)
                    {
                        continue;
                    }
                    // Matched to a ground truth that counts: the ignored ones after it cannot replace it.
                    if (match >= 0 && !ignoredTruth[match] && ignoredTruth[g])
                    {
                        break;
                    }
                    // Not "<=": of two ground truths overlapping equally, the later one takes the detection, as in pycocotools.
                    if (iou[d, g] < best)
                    {
                        continue;
                    }
                    best = iou[d, g];
                    match = g;
                }
                if (match >= 0)
                {
                    matched[t][d] = true;
                    ignored[t][d] = ignoredTruth[match];
                    truthTaken[match] = true;
                }
                else
                {
                    // A false positive whose box is outside the size range belongs to another range's count.
                    ignored[t][d] = !range.Contains(ranked[d].Box.Area);
                }
            }
        }
        var scores = ranked.Select(d => d.Score).ToArray();
        return new ImageMatches(scores, matched, ignored, ignoredTruth.Count(i => !i));
    }
}
