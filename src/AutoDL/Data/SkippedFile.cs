namespace AutoDL.Data;

/// <summary>A file the importer could not use, and why; reported instead of failing the import.</summary>
/// <param name="Path">The file (or manifest row) that was skipped.</param>
/// <param name="Reason">Why, in words a person can act on.</param>
public sealed record SkippedFile(string Path, string Reason);
