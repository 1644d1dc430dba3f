using AutoDL.Pipeline;
using AutoDL.Tasks.ImageClassification;
using AutoDL.Tasks.ObjectDetection;
using AutoDL.Tasks.SemanticSegmentation;

namespace AutoDL.Tasks;

/// <summary>The tasks <c>autodl fit</c> can run. Adding a task is its folder under Tasks/ and one line here.</summary>
internal static class TaskRegistry
{
    /// <summary>
    /// Every task, in the order <see cref="TaskDetector"/> asks them whether they recognise a data layout: the most
    /// specific layouts first (boxes, masks), image classification last, since it takes any folder of images.
    /// </summary>
    public static IReadOnlyList<IFitTask> All { get; } =
    [
        new ObjectDetectionTask(),
        new SemanticSegmentationTask(),
        new ImageClassificationTask(),
    ];
}
