using AutoDL.Data;
using AutoDL.Tasks.ImageClassification;
using AutoDL.Tasks.ImageClassification.Data;

namespace AutoDL.Bench;

/// <summary>
/// A data set as fit splits it with its default seed (training images 90/10, seed 43), both parts optionally cut to fewer images (stratified),
/// with the normalisation and traits fit would measure on the training part, and the test split when the set has one.
/// </summary>
internal sealed record TuningSplit(string Name, ImageDataset Train, ImageDataset Validation, ImageDataset? Test, NormalizationStats Stats, DataTraits Traits)
{
    public static TuningSplit Load(string folder, int? trainImages = null, int? validationImages = null)
    {
        var data = DataImporter.Import(folder, new ImportOptions { CacheDirectory = Path.Combine(Path.GetTempPath(), "autodl-bench-cache") });
        var (train, validation) = StratifiedSplitter.Split(data.Train, 0.1, 43);
        train = Cut(train, trainImages);
        validation = Cut(validation, validationImages);
        return new TuningSplit(Path.GetFileName(Path.TrimEndingDirectorySeparator(folder)), train, validation, data.Test, NormalizationStats.Compute(train), DataTraits.Measure(train));
    }

    public override string ToString() =>
        $"{Name}: {Train.Count} train / {Validation.Count} validation images of {Train.Shape}, {Train.ClassNames.Count} classes, {Traits}";

    private static ImageDataset Cut(ImageDataset data, int? count) =>
        count is { } n && n < data.Count ? StratifiedSplitter.Split(data, n / (double)data.Count, 44).Held : data;
}
