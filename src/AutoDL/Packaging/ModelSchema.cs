namespace AutoDL.Packaging;

/// <summary>
/// What a package's network takes and gives, named so that a consumer outside .NET (or a later task) can tell without
/// knowing AutoDL's tasks: the input kind ("image": N × C × H × W floats after <see cref="PackageManifest.PreprocessingSteps"/>)
/// and the output kind ("class-probabilities": N × classes, in <see cref="PackageManifest.ClassNames"/> order).
/// </summary>
/// <param name="InputKind">"image" for every image task.</param>
/// <param name="OutputKind">"class-probabilities" for a classifier; detection and segmentation name theirs.</param>
public sealed record ModelSchema(string InputKind, string OutputKind)
{
    /// <summary>An image classifier's schema, which packages of formats 1 and 2 (written before schemas) all have.</summary>
    public static ModelSchema ImageClassification { get; } = new("image", "class-probabilities");

    /// <summary>
    /// A detector's schema: its output is N × locations × (classes + 5), per location a logit per class, the distances
    /// to the box's left, top, right and bottom edges in input pixels, and a centre-ness logit (see docs/detection.md).
    /// </summary>
    public static ModelSchema ObjectDetection { get; } = new("image", "fcos-locations");

    /// <summary>A segmentation network's schema: its output is N × classes × H × W logits, a score per class for every pixel of the input.</summary>
    public static ModelSchema SemanticSegmentation { get; } = new("image", "class-logits-per-pixel");
}
