using AutoDL.Data;
using AutoDL.Data.Quality;
using AutoDL.Tasks.ImageClassification.Data;

namespace AutoDL.Tasks.ImageClassification.Quality;

/// <summary>
/// Scores how far each image lies from every class in the cross-validated model's feature space: the distance
/// to the nearest class centre, in units of that class's median distance. Centres and spreads are computed per
/// fold, because each fold's model has its own feature space.
/// </summary>
internal static class OutlierRanking
{
    /// <summary>Farther than this many typical distances from every class centre counts as an outlier.</summary>
    public const double Threshold = 2.5;

    public static List<OutlierImage> Rank(ImageDataset train, DataSplit split, CrossValidatedPredictions predictions, int maxListed)
    {
        int classes = train.ClassNames.Count;
        var outliers = new List<OutlierImage>();
        foreach (int fold in predictions.Fold.Distinct())
        {
            var members = Enumerable.Range(0, train.Count).Where(i => predictions.Fold[i] == fold).ToArray();
            int width = predictions.Features[members[0]].Length;
            var centres = new double[classes][];
            for (int k = 0; k < classes; k++)
            {
                var ofClass = members.Where(i => train.Labels[i] == k).ToArray();
                centres[k] = new double[width];
                foreach (int i in ofClass)
                {
                    for (int d = 0; d < width; d++)
                    {
                        centres[k][d] += predictions.Features[i][d] / ofClass.Length;
                    }
                }
            }
            var spread = new double[classes];
            for (int k = 0; k < classes; k++)
            {
                var distances = members.Where(i => train.Labels[i] == k).Select(i => Distance(predictions.Features[i], centres[k])).Order().ToArray();
                spread[k] = distances.Length == 0 ? double.PositiveInfinity : Math.Max(distances[distances.Length / 2], 1e-9);
            }
            foreach (int i in members)
            {
                int nearest = -1;
                double best = double.PositiveInfinity;
                for (int k = 0; k < classes; k++)
                {
                    double score = Distance(predictions.Features[i], centres[k]) / spread[k];
                    if (score < best)
                    {
                        (best, nearest) = (score, k);
                    }
                }
                if (best > Threshold)
                {
                    outliers.Add(new OutlierImage(ImageRef.Of(split, train, i), nearest, best));
                }
            }
        }
        return outliers.OrderByDescending(o => o.Score).Take(maxListed).ToList();
    }

    private static double Distance(float[] a, double[] centre)
    {
        double sum = 0;
        for (int d = 0; d < a.Length; d++)
        {
            double delta = a[d] - centre[d];
            sum += delta * delta;
        }
        return Math.Sqrt(sum);
    }
}
