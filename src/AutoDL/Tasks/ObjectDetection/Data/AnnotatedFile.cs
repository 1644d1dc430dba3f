using AutoDL.Data;

namespace AutoDL.Tasks.ObjectDetection.Data;

/// <summary>
/// An image and its objects as one format's files give them, before they are checked: what each reader produces and
/// <see cref="DetectionImporter"/> checks the same way for every format.
/// </summary>
/// <param name="ImagePath">The image file.</param>
/// <param name="Split">Its split, as the source says.</param>
/// <param name="AnnotationPath">The file its objects were read from, for messages.</param>
/// <param name="Objects">Its objects.</param>
internal sealed record AnnotatedFile(string ImagePath, DataSplit Split, string AnnotationPath, IReadOnlyList<DeclaredObject> Objects);
