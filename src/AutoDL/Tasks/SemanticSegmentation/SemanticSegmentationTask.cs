using AutoDL.Data;
using AutoDL.Events;
using AutoDL.Pipeline;
using AutoDL.Tasks.SemanticSegmentation.Data;
using AutoDL.Tasks.SemanticSegmentation.Training;

namespace AutoDL.Tasks.SemanticSegmentation;

/// <summary>
/// Semantic segmentation behind the fit pipeline's seam: reads images with masks (images/ and masks/, or Pascal VOC's
/// SegmentationClass/), skips and lists the pairs a network cannot learn from, splits what the source does not split,
/// decodes every image at its own size, and hands the pipeline a <see cref="PreparedSemanticSegmentation"/> that trains
/// on square tiles and validates on whole images.
/// </summary>
internal sealed class SemanticSegmentationTask : IFitTask
{
    /// <summary>The task's name in manifests, studies and <c>--task</c>.</summary>
    public const string TaskName = "semantic-segmentation";

    public string Name => TaskName;

    public bool Recognizes(string dataPath) => SegmentationImporter.Recognise(dataPath) is not null;

    public IPreparedTask Prepare(FitContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var options = context.Options;
        context.Report(new DataCheckProgressed("reading the masks and checking them against their images"));
        var listing = SegmentationImporter.Import(options.DataPath, context.Cancellation);
        var (train, validation, test) = Split(listing, options);
        var tile = SquareInputSize.For([.. train.Select(image => (image.Width, image.Height))]);
        var skipped = new List<SkippedFile>(listing.Skipped);
        IReadOnlyList<SegmentedImage> Decode(IReadOnlyList<MaskedImage> images, string split)
        {
            context.Report(new DataCheckProgressed($"decoding {images.Count} {split} images and their masks"));
            var decoded = SegmentationSetBuilder.Build(images, skipped, context.Cancellation);
            return decoded.Count > 0
                ? decoded
                : throw new AutoDLException($"No {split} image of '{options.DataPath}' could be decoded with its mask; {skipped.Count} file(s) were skipped. `autodl inspect` lists them.");
        }
        var trainSet = Decode(train, "training");
        var validationSet = Decode(validation, "validation");
        var testSet = Decode(test, "test");
        return PreparedSemanticSegmentation.Create(listing, trainSet, validationSet, testSet, tile, skipped, new SegmentationAugmentation());
    }

    /// <summary>The source's own splits; where it names no validation or test images, a seeded share of the training images.</summary>
    private static (IReadOnlyList<MaskedImage> Train, IReadOnlyList<MaskedImage> Validation, IReadOnlyList<MaskedImage> Test) Split(SegmentationListing listing, FitOptions options)
    {
        IReadOnlyList<MaskedImage> rest = [.. listing.In(DataSplit.Train)];
        IReadOnlyList<MaskedImage> test = [.. listing.In(DataSplit.Test)];
        IReadOnlyList<MaskedImage> validation = [.. listing.In(DataSplit.Validation)];
        if (test.Count == 0)
        {
            (rest, test) = WholeImageSplitter.Split(rest, options.TestFraction, options.Seed);
        }
        if (validation.Count == 0)
        {
            (rest, validation) = WholeImageSplitter.Split(rest, options.ValidationFraction, options.Seed + 1);
        }
        return (rest, validation, test);
    }
}
