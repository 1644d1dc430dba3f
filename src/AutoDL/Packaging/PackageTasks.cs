namespace AutoDL.Packaging;

/// <summary>
/// The tasks whose packages this AutoDL can predict with, and the schema each has. Every reader of a package (the
/// predictor, <c>evaluate</c>, <c>export</c>, the server) goes through <see cref="ModelPackage.ReadContents"/>, which asks
/// here first, so a package of a task this version cannot run is refused with one line rather than misread.
/// </summary>
internal static class PackageTasks
{
    private static readonly Dictionary<string, ModelSchema> Known = new(StringComparer.Ordinal)
    {
        ["image-classification"] = ModelSchema.ImageClassification,
        ["object-detection"] = ModelSchema.ObjectDetection,
        ["semantic-segmentation"] = ModelSchema.SemanticSegmentation,
    };

    /// <summary>Throws when <paramref name="manifest"/>'s task or schema is not one this AutoDL predicts with.</summary>
    public static void EnsureKnown(PackageManifest manifest, string path)
    {
        if (manifest.Task is null || !Known.TryGetValue(manifest.Task, out var schema))
        {
            throw new AutoDLException($"The model package '{path}' is a '{manifest.Task}' model; this AutoDL predicts with {string.Join(", ", Known.Keys)} models. Use the AutoDL version that wrote it.");
        }
        if (manifest.Schema != schema)
        {
            throw new AutoDLException($"The model package '{path}' says its '{manifest.Task}' network takes '{manifest.Schema?.InputKind}' and gives '{manifest.Schema?.OutputKind}'; this AutoDL knows it as '{schema.InputKind}' to '{schema.OutputKind}'. The manifest was edited or written by another version.");
        }
    }

    /// <summary>
    /// Throws unless the package's network gives class probabilities, the only output a classifier's engines (and so
    /// its predictor) read; a detector and a segmentation network have engines of their own.
    /// </summary>
    public static void EnsureClassProbabilities(PackageContents package)
    {
        ArgumentNullException.ThrowIfNull(package);
        if (package.Manifest.Schema != ModelSchema.ImageClassification)
        {
            throw new AutoDLException(package.Manifest.Schema == ModelSchema.ObjectDetection
                ? $"'{package.Path}' holds an object detector, not an image classifier: load it with ObjectDetector.Load, or run it with `autodl predict`."
                : $"'{package.Path}' holds a segmentation network, not an image classifier: load it with SemanticSegmenter.Load, or run it with `autodl predict --masks DIR`.");
        }
    }
}
