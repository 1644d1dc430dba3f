using AutoDL.Data;

namespace AutoDL.Tasks.ImageClassification.Data;

/// <summary>
/// Lists the images named by a CSV manifest: a header with <c>path</c> and <c>label</c> columns (any case,
/// any order) and an optional <c>split</c> column (train, test, val or validation; empty means train).
/// Relative paths are resolved against the CSV's folder, so a manifest travels with its images.
/// </summary>
internal static class CsvManifest
{
    public const string Format = "csv";
    private const string ExpectedHeader = "path,label[,split]";

    public static SourceListing Read(string csvPath, CancellationToken ct)
    {
        string folder = Path.GetDirectoryName(csvPath)!;
        var files = new List<LabelledFile>();
        var skipped = new List<SkippedFile>();
        var inputs = new List<string> { csvPath };
        if (RegularFile.Problem(csvPath) is { } problem)
        {
            throw new AutoDLException($"Cannot read CSV manifest '{csvPath}': {problem}.");
        }
        using var reader = new StreamReader(csvPath, detectEncodingFromByteOrderMarks: true);
        using var rows = CsvParser.ReadRows(reader).GetEnumerator();
        if (!rows.MoveNext())
        {
            throw new AutoDLException($"CSV manifest '{csvPath}' is empty. Its first line must be the header '{ExpectedHeader}', then one row per image.");
        }
        var header = rows.Current.Fields.Select(f => f.Trim()).ToArray();
        int pathColumn = Column(header, "path");
        int labelColumn = Column(header, "label");
        int splitColumn = Column(header, "split");
        if (pathColumn < 0 || labelColumn < 0)
        {
            throw new AutoDLException($"CSV manifest '{csvPath}' has the columns [{string.Join(", ", header)}] but needs 'path' and 'label'. Make its first line '{ExpectedHeader}'.");
        }
        while (rows.MoveNext())
        {
            ct.ThrowIfCancellationRequested();
            var (line, fields) = rows.Current;
            string where = $"{csvPath}:{line}";
            string relative = Field(fields, pathColumn);
            string label = Field(fields, labelColumn);
            if (relative.Length == 0)
            {
                skipped.Add(new SkippedFile(where, "row has an empty path"));
                continue;
            }
            string file = Path.GetFullPath(Path.Combine(folder, relative));
            if (label.Length == 0)
            {
                skipped.Add(new SkippedFile(file, $"row {line} has an empty label"));
                continue;
            }
            var split = ParseSplit(splitColumn < 0 ? "" : Field(fields, splitColumn), where);
            if (!File.Exists(file))
            {
                skipped.Add(new SkippedFile(file, $"file not found (listed on line {line} of the manifest)"));
                continue;
            }
            inputs.Add(file);
            files.Add(new LabelledFile(file, label, split));
        }
        if (files.Count == 0 && skipped.Count == 0)
        {
            throw new AutoDLException($"CSV manifest '{csvPath}' has a header but no rows. Add one row per image: '<path>,<label>'.");
        }
        return new SourceListing(Format, csvPath, files, skipped, inputs, label => $"the rows labelled '{label}' in '{csvPath}'");
    }

    private static int Column(string[] header, string name) =>
        Array.FindIndex(header, h => string.Equals(h, name, StringComparison.OrdinalIgnoreCase));

    private static string Field(string[] fields, int column) => column < fields.Length ? fields[column].Trim() : "";

    private static DataSplit ParseSplit(string value, string where) => value.ToLowerInvariant() switch
    {
        "" or "train" => DataSplit.Train,
        "test" => DataSplit.Test,
        "val" or "validation" => DataSplit.Validation,
        _ => throw new AutoDLException($"Unknown split '{value}' at {where}. Use train, test, val or validation (or leave it empty for train)."),
    };
}
