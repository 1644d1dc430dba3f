using AutoDL.Data;

namespace AutoDL.Tasks.ImageClassification.Data;

/// <summary>
/// The entry point of the data stage: turns a path into labelled datasets. The format is detected from the
/// path: a folder of class subfolders (optionally under train/test/val), a CSV manifest (path,label[,split]),
/// or IDX files (the MNIST family). Unusable files are skipped and listed, never fatal on their own.
/// </summary>
public static class DataImporter
{
    /// <summary>Imports the images at <paramref name="path"/>.</summary>
    /// <param name="path">A folder, a .csv manifest, an IDX images file, or a folder of IDX files.</param>
    /// <param name="options">Shape, class and cache settings; defaults when null.</param>
    /// <param name="progress">Receives files done / total while importing.</param>
    /// <param name="ct">Stops the import between files.</param>
    /// <exception cref="AutoDLException">The path or its contents cannot make a dataset; the message says why and what to do.</exception>
    public static ImportedData Import(string path, ImportOptions? options = null, IProgress<ImportProgress>? progress = null, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        options ??= new ImportOptions();
        Validate(options);
        string full = Path.GetFullPath(path);
        progress?.Report(new ImportProgress("scanning", 0, 1));

        if (File.Exists(full))
        {
            if (string.Equals(Path.GetExtension(full), ".csv", StringComparison.OrdinalIgnoreCase))
            {
                return ImportListing(CsvManifest.Read(full, ct), options, progress, ct);
            }
            if (IdxSource.IsImagesFile(full))
            {
                return ImportIdx(IdxSource.FromImagesFile(full), options, progress, ct);
            }
            throw new AutoDLException($"'{full}' is a file but neither a CSV manifest (.csv) nor IDX images (e.g. train-images-idx3-ubyte.gz). Pass the folder that holds the class subfolders, a .csv manifest or an IDX images file.");
        }
        if (Directory.Exists(full))
        {
            var idx = IdxSource.FindInFolder(full);
            return idx is not null
                ? ImportIdx(idx, options, progress, ct)
                : ImportListing(ImageFolderScanner.Scan(full, ct), options, progress, ct);
        }
        throw new AutoDLException($"Data path '{full}' does not exist. Check the spelling; pass a folder of class subfolders, a .csv manifest or an IDX images file.");
    }

    private static ImportedData ImportListing(SourceListing listing, ImportOptions options, IProgress<ImportProgress>? progress, CancellationToken ct) =>
        Cached(listing.Format, listing.Source, listing.Inputs, options, progress, () => ImageFileImporter.Import(listing, options, progress, ct));

    private static ImportedData ImportIdx(IdxSource source, ImportOptions options, IProgress<ImportProgress>? progress, CancellationToken ct) =>
        Cached(IdxSource.Format, source.Source, source.Inputs, options, progress, () => IdxImporter.Import(source, options, progress, ct));

    private static ImportedData Cached(string format, string source, IReadOnlyList<string> inputs, ImportOptions options, IProgress<ImportProgress>? progress, Func<ImportedData> import)
    {
        if (options.CacheDirectory is null)
        {
            return import();
        }
        string file = DatasetCache.FileFor(options.CacheDirectory, format, source, inputs, options);
        if (DatasetCache.TryLoad(file) is { } cached)
        {
            int count = cached.Train.Count + (cached.Validation?.Count ?? 0) + (cached.Test?.Count ?? 0);
            progress?.Report(new ImportProgress("done", count, count));
            return cached;
        }
        var data = import();
        try
        {
            DatasetCache.Save(file, data);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A cache that cannot be written (read-only disk, full disk) costs speed next time, not this import.
        }
        return data;
    }

    private static void Validate(ImportOptions options)
    {
        if (options.MaxSide < 1)
        {
            throw new AutoDLException($"MaxSide is {options.MaxSide}; it must be at least 1 pixel (the default is 64).");
        }
        if (options.TargetShape is { } shape && (shape.Channels is not (1 or 3) || shape.Height < 1 || shape.Width < 1))
        {
            throw new AutoDLException($"TargetShape {shape} is not an image shape; use 1 or 3 channels and a positive height and width.");
        }
        if (options.ClassNames is { } names)
        {
            var duplicate = names.GroupBy(n => n, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
            if (names.Count == 0 || duplicate is not null)
            {
                throw new AutoDLException(duplicate is null
                    ? "ClassNames is empty; give the model's class names in label order, or leave it unset."
                    : $"ClassNames lists '{duplicate.Key}' more than once; each class must appear once, in label order.");
            }
        }
    }
}
