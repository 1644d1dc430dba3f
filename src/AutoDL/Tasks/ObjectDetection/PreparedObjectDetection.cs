using AutoDL.Data;
using AutoDL.Packaging;
using AutoDL.Pipeline;
using AutoDL.Search;
using AutoDL.Tasks.ObjectDetection.Data;
using AutoDL.Tasks.ObjectDetection.Training;

namespace AutoDL.Tasks.ObjectDetection;

/// <summary>Detection data, checked, split and decoded at the detector's input size, with what the search needs to know about it.</summary>
internal static class PreparedObjectDetection
{
    /// <summary>How images are fitted into the detector's square input (<see cref="Letterbox"/>): scaled to fit, placed top left, padded.</summary>
    public const string ResizeMethod = "letterbox-top-left";

    /// <param name="listing">The imported data (its source, format and class names).</param>
    /// <param name="train">The training images.</param>
    /// <param name="validation">The validation images.</param>
    /// <param name="test">The test images.</param>
    /// <param name="skipped">Every image or annotation left out, with the reason.</param>
    /// <param name="augmentation">How training images are varied.</param>
    public static PreparedTask Create(DetectionListing listing, DetectionSet train, DetectionSet validation, DetectionSet test, IReadOnlyList<SkippedFile> skipped, DetectionAugmentation augmentation)
    {
        ArgumentNullException.ThrowIfNull(listing);
        ArgumentNullException.ThrowIfNull(train);
        var classNames = listing.ClassNames;
        var input = train.Shape;
        var stats = NormalizationStats.Compute(train);
        var objectsPerClass = new int[classNames.Count];
        foreach (var annotation in train.Objects.SelectMany(objects => objects))
        {
            objectsPerClass[annotation.Label]++;
        }
        var summary = new DataSummary(listing.Source, listing.Format, train.Count, validation.Count, test.Count, objectsPerClass, skipped.Count);
        var search = new ObjectDetectionSearch(input);
        var training = new DetectionTraining(train, validation, classNames, stats, augmentation);
        return new PreparedTask(
            new Objective("map", MetricDirection.Maximize),
            new SplitSizes(train.Count, validation.Count, test.Count),
            skipped,
            StudyIdentities.For(classNames, input),
            search,
            new SearchedNetworkCosts(search, input, classNames.Count),
            new DetectionEvaluator(training, validation, test),
            training,
            new PackagedTask(ObjectDetectionTask.TaskName, ModelSchema.ObjectDetection, classNames, input, new Preprocessing(ResizeMethod, stats.Mean, stats.Std), summary));
    }
}
