using AutoDL.Data;

namespace AutoDL.Tasks.ImageClassification.Data;

/// <summary>What a scanner found in a folder or manifest: the image files, what it skipped, and every input file (for the cache key).</summary>
/// <param name="Format">"image-folder" or "csv".</param>
/// <param name="Source">Full path of the folder or manifest.</param>
/// <param name="Files">Candidate images in a stable order.</param>
/// <param name="Skipped">Files rejected while scanning.</param>
/// <param name="Inputs">Every file whose change must invalidate a cached import.</param>
/// <param name="DescribeClass">Where a class's images live, for error messages (a folder, or the manifest).</param>
internal sealed record SourceListing(
    string Format,
    string Source,
    IReadOnlyList<LabelledFile> Files,
    IReadOnlyList<SkippedFile> Skipped,
    IReadOnlyList<string> Inputs,
    Func<string, string> DescribeClass);
