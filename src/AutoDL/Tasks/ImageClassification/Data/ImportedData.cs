using AutoDL.Data;

namespace AutoDL.Tasks.ImageClassification.Data;

/// <summary>
/// The result of an import: the splits found in the source (all sharing one class list and one shape) and
/// the files that were skipped.
/// </summary>
/// <param name="Train">Training images (the whole source when it has no splits).</param>
/// <param name="Validation">Validation images when the source has a val/validation split.</param>
/// <param name="Test">Test images when the source has a test split; it may lack some classes.</param>
/// <param name="Skipped">Files that could not be used, and why.</param>
/// <param name="Format">"image-folder", "csv" or "idx".</param>
/// <param name="Source">The path that was imported (full path).</param>
public sealed record ImportedData(
    ImageDataset Train,
    ImageDataset? Validation,
    ImageDataset? Test,
    IReadOnlyList<SkippedFile> Skipped,
    string Format,
    string Source)
{
    /// <summary>Class names shared by every split; the index of a name is its label.</summary>
    public IReadOnlyList<string> ClassNames => Train.ClassNames;

    /// <summary>Shape shared by every split.</summary>
    public ImageShape Shape => Train.Shape;
}
