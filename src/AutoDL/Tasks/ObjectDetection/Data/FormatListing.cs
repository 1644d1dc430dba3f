using AutoDL.Data;

namespace AutoDL.Tasks.ObjectDetection.Data;

/// <summary>What one format's reader found: its classes as the files declare them, its images with their objects, and what it could not read.</summary>
/// <param name="Format">"coco", "voc" or "yolo".</param>
/// <param name="ClassNames">The classes the files declare, in the files' order.</param>
/// <param name="Files">The images and their declared objects.</param>
/// <param name="Skipped">Files or entries the reader could not use.</param>
internal sealed record FormatListing(string Format, IReadOnlyList<string> ClassNames, IReadOnlyList<AnnotatedFile> Files, IReadOnlyList<SkippedFile> Skipped);
