using AutoDL.Data;
using AutoDL.Data.Quality;
using AutoDL.Events;
using AutoDL.Internal;
using AutoDL.Pipeline;
using AutoDL.Tasks.ImageClassification.Data;
using AutoDL.Tasks.ImageClassification.Quality;
using AutoDL.Tasks.ImageClassification.Training;

namespace AutoDL.Tasks.ImageClassification;

/// <summary>
/// Image classification behind the fit pipeline's seam: reads class folders, CSV manifests or IDX files, leaves out
/// what would make the results wrong, splits the rest, and hands the pipeline a <see cref="PreparedImageClassification"/>.
/// </summary>
internal sealed class ImageClassificationTask : IFitTask
{
    /// <summary>The task's name in manifests and studies.</summary>
    public const string TaskName = "image-classification";

    /// <summary>The most of the time limit the label check may take: a cleaner training set is worth a part of the budget, not most of it.</summary>
    private const double LabelCheckShare = 0.25;

    public string Name => TaskName;

    /// <summary>Any folder, CSV or IDX file: the importer says precisely what it cannot read.</summary>
    public bool Recognizes(string dataPath) => true;

    public IPreparedTask Prepare(FitContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var options = context.Options;
        var (data, classWeights) = Inspect(Import(context), context);
        var (train, validation, test) = Split(data, options);
        var traits = DataTraits.Measure(train);
        ReportTraits(traits, train, context);
        return PreparedImageClassification.Create(data, train, validation, test, traits, classWeights);
    }

    private static ImportedData Import(FitContext context)
    {
        var importProgress = new ImmediateProgress<ImportProgress>(p => context.Report(new ImportProgressed(p.Stage, p.Done, p.Total)));
        var options = new ImportOptions
        {
            MaxSide = context.Options.MaxImageSide,
            CacheDirectory = Path.Combine(context.Options.OutputDirectory, ".cache"),
        };
        return DataImporter.Import(context.Options.DataPath, options, importProgress, context.Cancellation);
    }

    /// <summary>
    /// Checks the data before anything is trained on it and leaves out what would make the results wrong:
    /// copies of test images in training always, label suspects when asked. Writes what it left out
    /// (excluded.csv) and the manifest of what it used (clean-manifest.csv) next to the model. When label suspects
    /// were left out, also returns the class weights that keep each class's share of the loss as it was.
    /// </summary>
    private static (ImportedData Data, IReadOnlyList<float>? ClassWeights) Inspect(ImportedData data, FitContext context)
    {
        var options = context.Options;
        var quality = new QualityOptions
        {
            FindLabelErrors = options.ExcludeSuspects,
            TimeBudget = options.TimeLimit * LabelCheckShare,
            Seed = options.Seed,
        };
        var report = QualityAnalyzer.Analyze(data, quality, new ImmediateProgress<string>(step => context.Report(new DataCheckProgressed(step))), context.Cancellation);
        var (cleaned, excluded) = DataCleaner.Clean(data, report, options.ExcludeSuspects);
        if (options.ExcludeSuspects && report.LabelModelSkipped is { } why)
        {
            context.Report(new LabelCheckSkipped(why));
        }
        DataCleaner.WriteManifest(cleaned, Path.Combine(options.OutputDirectory, "clean-manifest.csv"));
        var file = Path.Combine(options.OutputDirectory, "excluded.csv");
        // A list left by an earlier run in this folder would describe data this run did not leave out.
        File.Delete(file);
        if (excluded.Count > 0)
        {
            DataCleaner.WriteExclusions(excluded, file);
            foreach (var group in excluded.GroupBy(e => e.Reason))
            {
                context.Report(new ExamplesLeftOut(group.Key, group.Count(), file));
            }
        }
        return (cleaned, PriorWeights(data, cleaned, excluded));
    }

    /// <summary>
    /// Suspected label errors come mostly from classes that look alike, so leaving them out makes those classes look
    /// rarer than they are; these weights give every class back its share of the loss, for recipes that do not balance
    /// the classes themselves (see <see cref="ClassWeights.ForLoss"/>; null when no suspect was left out).
    /// </summary>
    private static float[]? PriorWeights(ImportedData data, ImportedData cleaned, IReadOnlyList<ExcludedImage> excluded) =>
        DataCleaner.TrainCountsBeforeSuspects(data, cleaned, excluded) is { } before ? ClassWeights.RestorePriors(before, cleaned.Train.ClassCounts()) : null;

    private static void ReportTraits(DataTraits traits, ImageDataset train, FitContext context)
    {
        var counts = train.ClassCounts();
        if (traits.Imbalanced)
        {
            context.Report(new ClassesImbalanced(counts.Max(), counts.Min()));
        }
        context.Report(new MirrorJudged(traits.FlipLooksSafe));
    }

    private static (ImageDataset Train, ImageDataset Validation, ImageDataset Test) Split(ImportedData data, FitOptions options)
    {
        var rest = data.Train;
        ImageDataset test, validation;
        if (data.Test is { } givenTest)
        {
            test = givenTest;
        }
        else
        {
            (rest, test) = StratifiedSplitter.Split(rest, options.TestFraction, options.Seed);
        }
        if (data.Validation is { } givenValidation)
        {
            validation = givenValidation;
        }
        else
        {
            (rest, validation) = StratifiedSplitter.Split(rest, options.ValidationFraction, options.Seed + 1);
        }
        return (rest, validation, test);
    }
}
