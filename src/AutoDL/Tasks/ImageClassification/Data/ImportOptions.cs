using AutoDL.Data;

namespace AutoDL.Tasks.ImageClassification.Data;

/// <summary>How <see cref="DataImporter"/> turns files into datasets. Splitting is separate (<see cref="StratifiedSplitter"/>).</summary>
public sealed record ImportOptions
{
    /// <summary>
    /// Forces the shape of every image; set it when evaluating or predicting with an existing model, whose
    /// input shape is fixed. When null, <see cref="ResizePolicy"/> chooses it from the images' headers.
    /// </summary>
    public ImageShape? TargetShape { get; init; }

    /// <summary>
    /// Forces the classes and their order (label i is ClassNames[i]), so labels match an existing model.
    /// A label that is not in the list is an error. When null, the classes are the union of labels found,
    /// sorted ordinally.
    /// </summary>
    public IReadOnlyList<string>? ClassNames { get; init; }

    /// <summary>
    /// Largest side, in pixels, an image is resized to when the shape is chosen automatically.
    /// 64 because we train on CPUs: a 64x64 image costs 5x the compute of 28x28 and 12x less than 224x224,
    /// and small-image benchmarks (CIFAR, Fashion-MNIST, STL at 64) show most of the accuracy survives.
    /// </summary>
    public int MaxSide { get; init; } = 64;

    /// <summary>
    /// Folder where decoded datasets are kept, keyed by a fingerprint of the input files and these options,
    /// so a search or a resumed run never decodes the same files twice. Null disables the cache.
    /// </summary>
    public string? CacheDirectory { get; init; }
}
