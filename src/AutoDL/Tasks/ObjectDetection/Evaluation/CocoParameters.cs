namespace AutoDL.Tasks.ObjectDetection.Evaluation;

/// <summary>
/// COCOeval's default parameters for boxes (pycocotools' <c>Params.setDetParams</c>): the IoU thresholds, the recall
/// points precision is read at, the detections kept per image and the object sizes.
/// </summary>
internal static class CocoParameters
{
    /// <summary>
    /// 0.50, 0.55, ..., 0.95 exactly as <c>numpy.linspace(.5, .95, 10)</c> gives them. Writing 0.5 + 0.05·i instead
    /// gives 0.8500000000000001 and 0.9 where numpy has 0.85 and 0.8999999999999999, and an IoU on such a boundary
    /// would then be judged differently from pycocotools.
    /// </summary>
    public static readonly IReadOnlyList<double> IouThresholds = Linspace(0.5, 0.95, 10);

    /// <summary>0, 0.01, ..., 1: the 101 recall points of COCO's interpolated precision.</summary>
    public static readonly IReadOnlyList<double> RecallThresholds = Linspace(0, 1, 101);

    /// <summary>Detections kept per image and class, best first: 1, 10 and 100; the last is what AP is reported at.</summary>
    public static readonly IReadOnlyList<int> MaxDetections = [1, 10, 100];

    /// <summary>Every object: COCO's [0, 1e5²].</summary>
    public static readonly AreaRange AllSizes = new(0, 1e5 * 1e5);

    /// <summary>Objects up to 32² pixels.</summary>
    public static readonly AreaRange Small = new(0, 32 * 32);

    /// <summary>Objects from 32² to 96² pixels.</summary>
    public static readonly AreaRange Medium = new(32 * 32, 96 * 96);

    /// <summary>Objects from 96² pixels.</summary>
    public static readonly AreaRange Large = new(96 * 96, 1e5 * 1e5);

    /// <summary>The ranges in COCO's order: all, small, medium, large.</summary>
    public static readonly IReadOnlyList<AreaRange> AreaRanges = [AllSizes, Small, Medium, Large];

    /// <summary>The largest of <see cref="MaxDetections"/>: an image and class keeps its best this many detections.</summary>
    public static int MostDetections => MaxDetections[^1];

    /// <summary>numpy's <c>linspace(start, stop, count)</c>: start + i·step with step = (stop − start)/(count − 1), the last value set to stop.</summary>
    private static double[] Linspace(double start, double stop, int count)
    {
        double step = (stop - start) / (count - 1);
        var values = new double[count];
        for (int i = 0; i < count - 1; i++)
        {
            values[i] = (i * step) + start;
        }
        values[^1] = stop;
        return values;
    }
}
