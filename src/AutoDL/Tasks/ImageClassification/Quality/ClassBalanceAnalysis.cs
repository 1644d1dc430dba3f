using AutoDL.Tasks.ImageClassification.Data;

namespace AutoDL.Tasks.ImageClassification.Quality;

/// <summary>Counts and judges how training images spread over the classes.</summary>
internal static class ClassBalanceAnalysis
{
    public static ClassBalance Analyze(ImageDataset train, QualityOptions options)
    {
        var counts = train.ClassCounts();
        int largest = counts.Max();
        int smallest = counts.Min();
        double ratio = smallest == 0 ? double.PositiveInfinity : (double)largest / smallest;
        var smallestClasses = Enumerable.Range(0, counts.Length).OrderBy(k => counts[k]).ThenBy(k => k).Take(5).ToArray();
        var tooSmall = Enumerable.Range(0, counts.Length).Where(k => counts[k] < options.MinClassSize).ToArray();
        return new ClassBalance(counts, ratio, smallestClasses, tooSmall, ratio >= options.ImbalanceRatio);
    }
}
