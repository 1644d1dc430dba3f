using AutoDL.Data;
using AutoDL.Data.Quality;
using AutoDL.Tasks.ImageClassification.Data;

namespace AutoDL.Tasks.ImageClassification.Quality;

/// <summary>
/// Looks for what is wrong with imported data before anything is trained on it (`autodl inspect`, and the
/// start of every `fit`). The cheap checks (unreadable files, odd sizes, duplicates and leakage, class balance)
/// take seconds; label suspects and outliers need a quick cross-validated model and take minutes on large sets
/// (<see cref="QualityOptions.FindLabelErrors"/>).
/// </summary>
public static class QualityAnalyzer
{
    /// <summary>Analyses <paramref name="data"/>; <paramref name="progress"/> hears what is being done.</summary>
    public static QualityReport Analyze(ImportedData data, QualityOptions? options = null, IProgress<string>? progress = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        options ??= new QualityOptions();
        var splits = Splits(data);

        progress?.Report("checking image sizes");
        var odd = OddImageFinder.Find(splits, ct);
        progress?.Report("looking for duplicates");
        var duplicates = DuplicateFinder.Find(splits, (data, i) => data.Labels[i], options.NearDuplicateDistance, options.NearDuplicateSimilarity, ct);
        var balance = ClassBalanceAnalysis.Analyze(data.Train, options);

        IReadOnlyList<LabelSuspect> suspects = [];
        int estimatedErrors = 0;
        int[]? estimatedByClass = null;
        IReadOnlyList<OutlierImage> outliers = [];
        LabelModelSummary? model = null;
        string? skipped = null;
        if (!options.FindLabelErrors)
        {
            skipped = "not asked for";
        }
        else if (balance.Counts.Count(c => c > 0) < 2 || data.Train.Count < options.Folds * 10)
        {
            skipped = $"too few training images to cross-validate ({data.Train.Count:N0} in {balance.Counts.Count(c => c > 0)} classes)";
        }
        else if (CrossValidatedPredictions.PlanEpochs(data.Train, options) is var epochs && epochs < 1)
        {
            skipped = $"not one epoch per fold fits in the {options.TimeBudget?.TotalSeconds:0} s allowed";
        }
        else
        {
            var predictions = CrossValidatedPredictions.Compute(data.Train, options, epochs, progress, ct);
            (suspects, estimatedByClass) = LabelIssueRanking.RankByClass(data.Train, DataSplit.Train, predictions.Probabilities, options.MaxListed);
            estimatedErrors = estimatedByClass.Sum();
            outliers = OutlierRanking.Rank(data.Train, DataSplit.Train, predictions, options.MaxListed);
            model = predictions.Summary;
        }

        var summaries = splits.Select(s => new SplitSummary(s.Split, s.Data.Count, s.Data.ClassCounts())).ToList();
        return new QualityReport(data.Source, data.Format, data.Shape, data.ClassNames, summaries, data.Skipped, odd, duplicates, balance, suspects, estimatedErrors, outliers, model, skipped)
        {
            MirrorScore = data.Train.Count > 0 ? MirrorSymmetry.Score(data.Train, data.Train.Labels, data.Train.ClassNames.Count) : null,
            EstimatedLabelErrorsByClass = estimatedByClass,
        };
    }

    private static List<(DataSplit Split, ImageDataset Data)> Splits(ImportedData data)
    {
        var splits = new List<(DataSplit, ImageDataset)> { (DataSplit.Train, data.Train) };
        if (data.Validation is { } validation)
        {
            splits.Add((DataSplit.Validation, validation));
        }
        if (data.Test is { } test)
        {
            splits.Add((DataSplit.Test, test));
        }
        return splits;
    }
}
