using AutoDL.Data;

namespace AutoDL.Tasks.ImageClassification.Data;

/// <summary>Refuses training data that cannot produce a meaningful classifier, with a message that says what to add.</summary>
internal static class DatasetChecks
{
    public static void EnsureTrainable(ImageDataset train, ClassList classes, string source, Func<string, string> describeClass)
    {
        // A forced class list means the data is being matched to an existing model (evaluation, prediction),
        // where a rare or absent class is legitimate; the minimums below are about learning a model.
        if (classes.Forced)
        {
            return;
        }
        var counts = train.ClassCounts();
        if (train.Count == 0)
        {
            throw new AutoDLException($"'{source}' has no usable training images (only test or validation images were found). Add a train split.");
        }
        if (counts.Count(c => c > 0) < 2)
        {
            var only = $" (only '{classes.Names[Array.FindIndex(counts, c => c > 0)]}' was found)";
            throw new AutoDLException($"'{source}' has one class{only}; a classifier needs at least two classes. Add a folder (or label) with images of another class.");
        }
        for (int i = 0; i < counts.Length; i++)
        {
            if (counts[i] < 2)
            {
                throw new AutoDLException($"Class '{classes.Names[i]}' has {counts[i]} usable training image{(counts[i] == 1 ? "" : "s")} in {describeClass(classes.Names[i])}; every class needs at least 2 (one to train on, one to validate with). Add images of that class or remove it.");
            }
        }
    }

    public static AutoDLException NothingUsable(string source, int total, IReadOnlyList<SkippedFile> skipped)
    {
        var reasons = string.Join("; ", skipped.Take(3).Select(s => $"{s.Path}: {s.Reason}"));
        return new AutoDLException($"No usable images in '{source}': {skipped.Count} of {total} file{(total == 1 ? " was" : "s were")} skipped (first: {reasons}). Fix or replace these files; supported formats are png, jpeg, bmp, gif and webp.");
    }
}
