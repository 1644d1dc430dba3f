using System.Globalization;
using AutoDL.Data;
using AutoDL.Data.Quality;

namespace AutoDL.Tasks.ImageClassification.Quality;

/// <summary>
/// Turns a <see cref="QualityReport"/> into one verdict per check, in a fixed order, so the terminal summary of
/// `autodl inspect` and the HTML report say the same thing with the same severity.
/// </summary>
public static class QualityFindings
{
    /// <summary>How many class names a finding spells out before it says "and n more".</summary>
    private const int NamedClasses = 5;

    /// <summary>One finding per check: unreadable files, odd images, duplicates, leakage, class balance, small classes, label suspects, outliers, mirroring.</summary>
    public static IReadOnlyList<QualityFinding> Of(QualityReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return
        [
            Unreadable(report),
            Odd(report),
            Duplicates(report),
            Leakage(report),
            Balance(report),
            SmallClasses(report),
            Suspects(report),
            Outliers(report),
            Mirroring(report),
        ];
    }

    /// <summary>Information, not a problem: whether fit's default recipe flips images, and why.</summary>
    private static QualityFinding Mirroring(QualityReport report)
    {
        if (report.MirrorScore is not { } score)
        {
            return new(FindingSeverity.Info, "mirroring", 0, "not checked");
        }
        string kept = $"mirrored images keep {score.ToString("P0", CultureInfo.InvariantCulture)} of a nearest-class-mean classifier's accuracy";
        return score >= MirrorSymmetry.SafeThreshold
            ? new(FindingSeverity.Info, "mirroring", 0, $"{kept}: fit may flip images left to right when it searches")
            : new(FindingSeverity.Info, "mirroring", 0, $"{kept}: mirroring changes what they show (text, digits, shapes that face one way), so fit never flips them");
    }

    /// <summary>The class name of <paramref name="label"/>, or the label itself when the report has no name for it.</summary>
    internal static string ClassName(QualityReport report, int label) => (uint)label < (uint)report.ClassNames.Count ? report.ClassNames[label] : $"#{label}";

    private static QualityFinding Unreadable(QualityReport report)
    {
        int n = report.Unreadable.Count;
        return n == 0
            ? new(FindingSeverity.Ok, "unreadable files", 0, "every file was read")
            : new(FindingSeverity.Error, "unreadable files", n, $"{Count(n)} file(s) could not be used and are left out of training and evaluation; fix or remove them");
    }

    private static QualityFinding Odd(QualityReport report)
    {
        int n = report.OddImages.Count;
        return n == 0
            ? new(FindingSeverity.Ok, "odd image sizes", 0, "no image is far from the typical size or shape")
            : new(FindingSeverity.Warning, "odd image sizes", n, $"{Count(n)} image(s) much smaller, larger or narrower than the rest; resizing to {report.Shape} distorts or blurs them");
    }

    private static QualityFinding Duplicates(QualityReport report)
    {
        var within = report.Duplicates.Where(d => !d.CrossSplit).ToList();
        if (within.Count == 0)
        {
            return new(FindingSeverity.Ok, "duplicates", 0, "no exact or near duplicates within a split");
        }
        int exact = within.Count(d => d.Kind == DuplicateKind.Exact);
        int conflicting = within.Count(d => !d.SameLabel);
        string labels = conflicting == 0 ? "" : $"; {Count(conflicting)} carry two different labels, so one of each is wrong";
        return new(FindingSeverity.Warning, "duplicates", within.Count, $"{Count(exact)} exact and {Count(within.Count - exact)} near duplicate pair(s) within a split; they weigh twice in training{labels}");
    }

    private static QualityFinding Leakage(QualityReport report)
    {
        var cross = report.Leakage.ToList();
        if (cross.Count == 0)
        {
            return new(FindingSeverity.Ok, "leakage between splits", 0, report.Splits.Count > 1 ? "no image appears in two splits" : "one split only; nothing to leak");
        }
        int exact = cross.Count(d => d.Kind == DuplicateKind.Exact);
        return new(FindingSeverity.Error, "leakage between splits", cross.Count, $"{Count(exact)} exact and {Count(cross.Count - exact)} near duplicate pair(s) span two splits: held-out images the model also trains on, so test scores flatter it; remove one of each pair");
    }

    private static QualityFinding Balance(QualityReport report)
    {
        var balance = report.Balance;
        if (balance.Counts.Count == 0)
        {
            return new(FindingSeverity.Info, "class balance", 0, "no classes");
        }
        int largest = balance.Counts.Max();
        int smallest = balance.Counts.Min();
        string ratio = double.IsFinite(balance.ImbalanceRatio)
            ? $"largest class {Count(largest)}, smallest {Count(smallest)} training images (ratio {balance.ImbalanceRatio.ToString("0.#", CultureInfo.InvariantCulture)}:1)"
            : $"at least one class has no training images (largest has {Count(largest)})";
        return balance.IsImbalanced
            ? new(FindingSeverity.Warning, "class balance", 1, $"{ratio}; accuracy flatters a model that ignores small classes, so fit selects on balanced accuracy and searches class-weighted loss and balanced sampling")
            : new(FindingSeverity.Ok, "class balance", 0, ratio);
    }

    private static QualityFinding SmallClasses(QualityReport report)
    {
        var tooSmall = report.Balance.TooSmall;
        if (tooSmall.Count == 0)
        {
            return new(FindingSeverity.Ok, "small classes", 0, "every class has enough training images");
        }
        var named = tooSmall.Take(NamedClasses).Select(k => $"'{ClassName(report, k)}' ({Count(CountOf(report, k))})");
        string more = tooSmall.Count > NamedClasses ? $" and {Count(tooSmall.Count - NamedClasses)} more" : "";
        return new(FindingSeverity.Warning, "small classes", tooSmall.Count, $"{Count(tooSmall.Count)} class(es) with too few training images to learn: {string.Join(", ", named)}{more}; add images");
    }

    private static QualityFinding Suspects(QualityReport report)
    {
        if (report.LabelModel is null)
        {
            return new(FindingSeverity.Info, "label suspects", 0, $"not checked: {report.LabelModelSkipped ?? "the label check did not run"}");
        }
        int n = report.LabelSuspects.Count;
        return n == 0
            ? new(FindingSeverity.Ok, "label suspects", 0, "the cross-validated model doubts no label")
            : new(FindingSeverity.Warning, "label suspects", n, $"{Count(n)} training image(s) whose label a cross-validated model doubts; review the most suspect first. The model all but rules out the label of {Count(DataCleaner.SuspectsToExclude(report).Count())} of them, which `fit --exclude-suspects` leaves out");
    }

    private static QualityFinding Outliers(QualityReport report)
    {
        if (report.LabelModel is null)
        {
            return new(FindingSeverity.Info, "outliers", 0, $"not checked: {report.LabelModelSkipped ?? "the label check did not run"}");
        }
        int n = report.Outliers.Count;
        return n == 0
            ? new(FindingSeverity.Ok, "outliers", 0, "no training image is far from every class")
            : new(FindingSeverity.Warning, "outliers", n, $"{Count(n)} training image(s) far from every class: strays, blanks or a different kind of picture");
    }

    private static int CountOf(QualityReport report, int label) =>
        (uint)label < (uint)report.Balance.Counts.Count ? report.Balance.Counts[label] : 0;

    private static string Count(int n) => n.ToString("N0", CultureInfo.InvariantCulture);
}
