using AutoDL.Tasks.ObjectDetection.Data;

namespace AutoDL.Tasks.ObjectDetection.Evaluation;

/// <summary>
/// Intersection over union of a detection and a ground-truth box, computed as pycocotools' <c>bbIou</c> (maskApi.c)
/// does so that evaluation matches it to the last bit.
/// </summary>
/// <remarks>
/// Plain doubles rather than TorchVision's <c>box_iou</c> on tensors: evaluation compares a handful of boxes per image
/// and class on the CPU, where building tensors costs more than the arithmetic; tensors of float32 would round
/// differently from pycocotools' doubles and move IoUs that sit on a threshold; and <c>box_iou</c> has no crowd form.
/// </remarks>
internal static class BoxIou
{
    /// <summary>
    /// IoU with pixel edges (a box from x to x + w is w wide: no "+1" as the old VOC code had). Against a crowd region
    /// the union is the detection's own area, so a detection that lies inside the crowd scores 1 however large the
    /// region is; boxes that only touch, or do not overlap, score 0.
    /// </summary>
    public static double Of(BoundingBox detection, BoundingBox truth, bool crowd)
    {
        double width = Math.Min(detection.Right, truth.Right) - Math.Max(detection.X, truth.X);
        if (width <= 0)
        {
            return 0;
        }
        double height = Math.Min(detection.Bottom, truth.Bottom) - Math.Max(detection.Y, truth.Y);
        if (height <= 0)
        {
            return 0;
        }
        double intersection = width * height;
        double union = crowd ? detection.Area : detection.Area + truth.Area - intersection;
        return intersection / union;
    }
}
