using AutoDL.Data;
using AutoDL.Packaging;
using AutoDL.Pipeline;
using AutoDL.Search;
using AutoDL.Tasks.SemanticSegmentation.Data;
using AutoDL.Tasks.SemanticSegmentation.Training;

namespace AutoDL.Tasks.SemanticSegmentation;

/// <summary>Segmentation data, checked, split and decoded at its own resolution, with what the search needs to know about it.</summary>
internal static class PreparedSemanticSegmentation
{
    /// <summary>How images meet the network: at their own resolution, in square tiles of the package's input size.</summary>
    public const string ResizeMethod = "none-tiles";

    /// <param name="listing">The imported data (its source, format and class names).</param>
    /// <param name="train">The training images.</param>
    /// <param name="validation">The validation images.</param>
    /// <param name="test">The test images.</param>
    /// <param name="tile">The square tiles training cuts: the package's input.</param>
    /// <param name="skipped">Every image or mask left out, with the reason.</param>
    /// <param name="augmentation">How training tiles are varied.</param>
    public static PreparedTask Create(SegmentationListing listing, IReadOnlyList<SegmentedImage> train, IReadOnlyList<SegmentedImage> validation, IReadOnlyList<SegmentedImage> test, ImageShape tile, IReadOnlyList<SkippedFile> skipped, SegmentationAugmentation augmentation)
    {
        ArgumentNullException.ThrowIfNull(listing);
        ArgumentNullException.ThrowIfNull(train);
        var classNames = listing.ClassNames;
        var stats = NormalizationStats.Compute(SegmentedImage.Channels, train.Select(image => image.Pixels));
        // Per class, the training images it appears in: a pixel count would overflow the summary's counts on large scenes.
        var imagesPerClass = new int[classNames.Count];
        foreach (var image in train)
        {
            foreach (var label in image.Mask.Where(l => l < classNames.Count).Distinct())
            {
                imagesPerClass[label]++;
            }
        }
        var summary = new DataSummary(listing.Source, listing.Format, train.Count, validation.Count, test.Count, imagesPerClass, skipped.Count);
        var search = new SemanticSegmentationSearch(tile);
        var training = new SegmentationTraining(train, validation, classNames, tile, stats, augmentation);
        return new PreparedTask(
            new Objective("miou", MetricDirection.Maximize),
            new SplitSizes(train.Count, validation.Count, test.Count),
            skipped,
            StudyIdentities.For(classNames, tile),
            search,
            new SearchedNetworkCosts(search, tile, classNames.Count),
            new SegmentationEvaluator(training, validation, test),
            training,
            new PackagedTask(SemanticSegmentationTask.TaskName, ModelSchema.SemanticSegmentation, classNames, tile, new Preprocessing(ResizeMethod, stats.Mean, stats.Std), summary));
    }
}
