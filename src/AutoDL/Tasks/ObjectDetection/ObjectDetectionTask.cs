using AutoDL.Data;
using AutoDL.Events;
using AutoDL.Pipeline;
using AutoDL.Tasks.ObjectDetection.Data;
using AutoDL.Tasks.ObjectDetection.Training;

namespace AutoDL.Tasks.ObjectDetection;

/// <summary>
/// Object detection behind the fit pipeline's seam: reads COCO, Pascal VOC or YOLO data, skips and lists what a
/// detector cannot learn from, splits what the source does not split, letterboxes every image into one square input,
/// and hands the pipeline a <see cref="PreparedObjectDetection"/>.
/// </summary>
internal sealed class ObjectDetectionTask : IFitTask
{
    /// <summary>The task's name in manifests, studies and <c>--task</c>.</summary>
    public const string TaskName = "object-detection";

    public string Name => TaskName;

    public bool Recognizes(string dataPath) => DetectionImporter.Recognise(dataPath) is not null;

    public IPreparedTask Prepare(FitContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var options = context.Options;
        context.Report(new DataCheckProgressed("reading the annotations and checking every box"));
        var listing = DetectionImporter.Import(options.DataPath, context.Cancellation);
        var (train, validation, test) = Split(listing, options);
        var input = SquareInputSize.For([.. train.Select(image => (image.Width, image.Height))]);
        var skipped = new List<SkippedFile>(listing.Skipped);
        DetectionSet Decode(IReadOnlyList<LabelledImage> images, string split)
        {
            context.Report(new DataCheckProgressed($"decoding {images.Count} {split} images into {input.Width}×{input.Height} letterboxes"));
            return DetectionSetBuilder.Build(images, input, skipped, context.Cancellation);
        }
        var trainSet = Decode(train, "training");
        var validationSet = Decode(validation, "validation");
        var testSet = Decode(test, "test");
        foreach (var (set, name) in new[] { (trainSet, "training"), (validationSet, "validation"), (testSet, "test") })
        {
            if (set.Count == 0)
            {
                throw new AutoDLException($"No {name} image of '{options.DataPath}' could be decoded; {skipped.Count} file(s) were skipped. `autodl inspect` lists them.");
            }
        }
        if (!trainSet.Objects.Any(objects => objects.Count > 0))
        {
            throw new AutoDLException($"No training image of '{options.DataPath}' has an object a detector can learn from. `autodl inspect` lists the boxes it skipped and why.");
        }
        bool flip = MirrorKeepsClasses(trainSet, listing.ClassNames.Count);
        context.Report(new MirrorJudged(flip));
        return PreparedObjectDetection.Create(listing, trainSet, validationSet, testSet, skipped, new DetectionAugmentation { HorizontalFlip = flip });
    }

    /// <summary>
    /// Whether the training objects, cut out, keep their classes when mirrored (<see cref="MirrorSymmetry"/>): where one
    /// class is another's mirror image (left and right arrows, b and d), flipping would teach the detector wrong labels.
    /// </summary>
    private static bool MirrorKeepsClasses(DetectionSet train, int classes)
    {
        var (crops, labels) = ObjectCrops.From(train, classes);
        return crops.Count == 0 || MirrorSymmetry.LooksSafe(crops, labels, classes);
    }

    /// <summary>The source's own splits; where it names no validation or test images, a seeded share of the training images.</summary>
    private static (IReadOnlyList<LabelledImage> Train, IReadOnlyList<LabelledImage> Validation, IReadOnlyList<LabelledImage> Test) Split(DetectionListing listing, FitOptions options)
    {
        IReadOnlyList<LabelledImage> rest = [.. listing.In(DataSplit.Train)];
        IReadOnlyList<LabelledImage> test = [.. listing.In(DataSplit.Test)];
        IReadOnlyList<LabelledImage> validation = [.. listing.In(DataSplit.Validation)];
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
