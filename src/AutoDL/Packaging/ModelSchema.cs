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
}
