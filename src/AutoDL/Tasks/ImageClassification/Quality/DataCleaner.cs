using System.Globalization;
using System.Text;
using AutoDL.Data;
using AutoDL.Data.Quality;
using AutoDL.Internal;
using AutoDL.Tasks.ImageClassification.Data;

namespace AutoDL.Tasks.ImageClassification.Quality;

/// <summary>
/// Leaves problem images out of what a fit learns from, in memory only: the user's files are never changed.
/// Always left out: a training (or validation) image that copies or nearly copies an image of a later split,
/// which would leak the answers into training, and exact repeats inside a split, which a random split could
/// put on both sides. On request: the most suspect labels, as many as the report estimates are wrong.
/// </summary>
public static class DataCleaner
{
    /// <summary>The data without the excluded images, and the list of what was excluded.</summary>
    public static (ImportedData Cleaned, IReadOnlyList<ExcludedImage> Excluded) Clean(ImportedData data, QualityReport report, bool excludeSuspects)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(report);
        var excluded = new Dictionary<(DataSplit, int), ExcludedImage>();
        void Exclude(ImageRef image, ExclusionReason reason, string detail) => excluded.TryAdd((image.Split, image.Index), new ExcludedImage(image, reason, detail));

        foreach (var pair in report.Duplicates.Where(d => d.CrossSplit))
        {
            // The pair is ordered train → validation → test: the first is the one that leaks. Near pairs count too:
            // at a pixel correlation of 0.99 they are the same picture saved twice (QualityOptions.NearDuplicateSimilarity).
            Exclude(pair.First, ExclusionReason.Leakage, $"a {(pair.Kind == DuplicateKind.Exact ? "copy" : "near copy")} of {Describe(pair.Second.Split)} image '{pair.Second.Source}'");
        }
        foreach (var pair in report.Duplicates.Where(d => d.Kind == DuplicateKind.Exact && !d.CrossSplit))
        {
            if (pair.SameLabel)
            {
                Exclude(pair.Second, ExclusionReason.RepeatedCopy, $"a repeated copy of '{pair.First.Source}'");
            }
            else
            {
                Exclude(pair.First, ExclusionReason.ConflictingLabels, $"the same image as '{pair.Second.Source}' under another label");
                Exclude(pair.Second, ExclusionReason.ConflictingLabels, $"the same image as '{pair.First.Source}' under another label");
            }
        }
        if (excludeSuspects)
        {
            foreach (var suspect in SuspectsToExclude(report))
            {
                Exclude(suspect.Image, ExclusionReason.LabelSuspect, string.Create(CultureInfo.InvariantCulture,
                    $"label '{report.ClassNames[suspect.GivenLabel]}' suspected wrong (the model says '{report.ClassNames[suspect.SuggestedLabel]}', {suspect.SuggestedProbability:P0})"));
            }
        }
        if (excluded.Count == 0)
        {
            return (data, []);
        }
        ImageDataset? Keep(ImageDataset? split, DataSplit which) =>
            split?.Subset(Enumerable.Range(0, split.Count).Where(i => !excluded.ContainsKey((which, i))).ToArray());
        var cleaned = data with
        {
            Train = Keep(data.Train, DataSplit.Train)!,
            Validation = Keep(data.Validation, DataSplit.Validation),
            Test = Keep(data.Test, DataSplit.Test),
        };
        return (cleaned, excluded.Values.OrderBy(e => e.Image.Split).ThenBy(e => e.Image.Index).ToList());
    }

    /// <summary>
    /// The suspects to leave out: those whose given label the out-of-fold model all but rules out, less than a fifth
    /// of chance (1/(5K) for K classes: 0.02 for ten), and of those, per class, no more than confident learning
    /// estimates wrong in that class, and never more than half of the class.
    /// <para>
    /// Why not simply as many as are estimated wrong: a quick model overestimates, because the hard but correctly
    /// labelled images of classes that look alike (shirts and T-shirts) are suspects too. On Fashion-MNIST with 5 %
    /// of labels flipped (bench/results/data-quality.md), with an earlier, weaker label model, the per-class estimates picked 6,991 images of which 36 %
    /// were flips, and training without them lost 2.5 points; from the top of one list the estimate took every image
    /// of the class cut to a tenth, and lost 7 (bench/results/data-quality-training-global-estimate.md). Of the
    /// suspects under the 1/(5K) cut, 94 % are flips (2,344 of 2,500; threshold chosen on that planted set); hard
    /// images keep a fair share of probability for their own label, so they stay.
    /// </para>
    /// </summary>
    public static IEnumerable<LabelSuspect> SuspectsToExclude(QualityReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        // The report's balance counts the training images it judged, which are the ones a fit cleans.
        var counts = report.Balance.Counts;
        double ruledOut = 1.0 / (5 * Math.Max(2, counts.Count));
        var taken = new int[counts.Count];
        var quota = report.EstimatedLabelErrorsByClass;
        int total = 0;
        foreach (var suspect in report.LabelSuspects.Where(s => s.Image.Split == DataSplit.Train))
        {
            int k = suspect.GivenLabel;
            if ((uint)k >= (uint)counts.Count || suspect.GivenProbability >= ruledOut || taken[k] >= counts[k] / 2)
            {
                continue;
            }
            if (quota is not null ? taken[k] >= quota[k] : total >= report.EstimatedLabelErrors)
            {
                continue;
            }
            taken[k]++;
            total++;
            yield return suspect;
        }
    }

    /// <summary>
    /// Training images per class of the cleaned data plus the label suspects left out of it: the class shares a model
    /// should keep (see ClassWeights.RestorePriors). Null when no suspect was left out.
    /// </summary>
    public static int[]? TrainCountsBeforeSuspects(ImportedData original, ImportedData cleaned, IReadOnlyList<ExcludedImage> excluded)
    {
        ArgumentNullException.ThrowIfNull(original);
        ArgumentNullException.ThrowIfNull(cleaned);
        ArgumentNullException.ThrowIfNull(excluded);
        var suspects = excluded.Where(e => e.Reason == ExclusionReason.LabelSuspect && e.Image.Split == DataSplit.Train).ToList();
        if (suspects.Count == 0)
        {
            return null;
        }
        var counts = cleaned.Train.ClassCounts();
        foreach (var suspect in suspects)
        {
            counts[original.Train.Labels[suspect.Image.Index]]++;
        }
        return counts;
    }

    /// <summary>
    /// Writes the images a fit used as a CSV manifest (path,label,split), which `autodl fit` reads back: the
    /// cleaned data set can be reviewed, edited and reused. Images without a file of their own (IDX) are listed
    /// by their "file#index" source.
    /// </summary>
    public static void WriteManifest(ImportedData data, string path)
    {
        ArgumentNullException.ThrowIfNull(data);
        var csv = new StringBuilder("path,label,split\n");
        foreach (var (split, set) in new[] { ("train", data.Train), ("validation", data.Validation), ("test", data.Test) })
        {
            if (set is null)
            {
                continue;
            }
            for (int i = 0; i < set.Count; i++)
            {
                csv.Append(Csv.Field(set.Sources?[i] ?? $"{split}#{i}")).Append(',').Append(Csv.Field(set.ClassNames[set.Labels[i]])).Append(',').Append(split).Append('\n');
            }
        }
        File.WriteAllText(path, csv.ToString());
    }

    /// <summary>Writes what was excluded and why as CSV (path,split,reason,detail).</summary>
    public static void WriteExclusions(IReadOnlyList<ExcludedImage> excluded, string path)
    {
        ArgumentNullException.ThrowIfNull(excluded);
        var csv = new StringBuilder("path,split,reason,detail\n");
        foreach (var e in excluded)
        {
            csv.Append(Csv.Field(e.Image.Source)).Append(',').Append(e.Image.Split.ToString().ToLowerInvariant()).Append(',').Append(e.Reason.ToString()).Append(',').Append(Csv.Field(e.Detail)).Append('\n');
        }
        File.WriteAllText(path, csv.ToString());
    }

    private static string Describe(DataSplit split) => split == DataSplit.Validation ? "a validation" : "a test";
}
