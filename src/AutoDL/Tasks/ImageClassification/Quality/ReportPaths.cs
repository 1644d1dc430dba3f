namespace AutoDL.Tasks.ImageClassification.Quality;

/// <summary>How reports show the files of a <see cref="QualityReport"/>.</summary>
internal static class ReportPaths
{
    /// <summary>A file under the inspected folder, relative to it (shorter, and the same on every machine); anything else in full.</summary>
    public static string Relative(QualityReport report, string path)
    {
        string root = report.Source.TrimEnd('/', '\\');
        return root.Length > 0 && path.Length > root.Length + 1 && path.StartsWith(root, StringComparison.Ordinal) && path[root.Length] is '/' or '\\'
            ? path[(root.Length + 1)..]
            : path;
    }
}
