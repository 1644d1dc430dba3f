namespace AutoDL.Bench.DetectionData;

/// <summary>
/// Keeps re-runs idempotent, as bench/datasets' scripts are: a folder that already holds this exact set (same generator
/// version and arguments) is left alone; one that holds anything else of ours is replaced only with --force, and then
/// only the files and folders the generator writes are deleted.
/// </summary>
internal static class OutputFolder
{
    public const string PreviewFolder = "preview";

    /// <summary>Readies the output folder; returns the earlier run's summary when the set is already there.</summary>
    public static DatasetSummary? Prepare(GeneratorOptions options)
    {
        var earlier = DatasetSummary.Read(options.Output);
        if (!options.Force && earlier is not null && earlier.Generator == DatasetSummary.GeneratorVersion && earlier.Arguments == options.Arguments)
        {
            return earlier;
        }
        var ours = Entries(options.Output).Where(path => File.Exists(path) || Directory.Exists(path)).ToList();
        if (ours.Count > 0 && !options.Force)
        {
            throw new UsageException($"'{options.Output}' already holds generated data ({Path.GetFileName(ours[0])}) from other arguments, "
                + "another generator version or an interrupted run. Pass --force to replace it, or choose another folder.");
        }
        foreach (var path in ours)
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
            else
            {
                File.Delete(path);
            }
        }
        Directory.CreateDirectory(options.Output);
        return null;
    }

    /// <summary>Everything a run writes directly in the output folder.</summary>
    private static IEnumerable<string> Entries(string output) =>
        // With --format all each layout has a folder of its own; otherwise its entries sit in the output folder. Every
        // format's are listed, so that a forced run in another format also removes what the earlier one wrote.
        LayoutTarget.Layouts.SelectMany(layout => layout.Entries.Prepend(layout.Name))
            .Append(DatasetSummary.FileName)
            .Append(PreviewFolder)
            .Distinct()
            .Select(entry => Path.Combine(output, entry));
}
