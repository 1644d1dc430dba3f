using AutoDL.Data;
using AutoDL.Data.Quality;
using AutoDL.Models;
using AutoDL.Tasks.ImageClassification.Data;

namespace AutoDL.Tasks.ImageClassification.Quality;

/// <summary>
/// Confident learning (Northcutt, Jiang and Chuang 2021): an image is a label suspect when the out-of-fold
/// model is confident it belongs to another class, confident meaning above that class's own threshold (the
/// mean probability the model gives the class on images labelled with it), or simply when another class is
/// the likeliest (cleanlab's "predicted ≠ given"): a class whose own images get high probabilities sets a
/// threshold that a mislabelled image can narrowly miss. Suspects are ranked by normalised margin,
/// given-label probability minus the largest other.
/// <para>
/// The list is generous, to find errors; how many labels are really wrong is estimated separately from the
/// calibrated confident joint (the counts of confident (given, believed) pairs, each row rescaled to its
/// class's size; its off-diagonal sum). Only that many, the most suspect, should be removed: removing every
/// suspect also removes the hard but correct images of classes that look alike, and on Fashion-MNIST with 5 %
/// flipped labels that cost 4.6 points of test accuracy (bench/results/data-quality-training-all-suspects.md).
/// </para>
/// </summary>
internal static class LabelIssueRanking
{
    public static (List<LabelSuspect> Suspects, int EstimatedErrors) Rank(ImageDataset train, DataSplit split, float[] probabilities, int maxListed)
    {
        var (suspects, byClass) = RankByClass(train, split, probabilities, maxListed);
        return (suspects, byClass.Sum());
    }

    /// <summary>The ranked suspects, and per given class how many of its labels are likely wrong (never more than its suspects listed).</summary>
    public static (List<LabelSuspect> Suspects, int[] EstimatedErrorsByClass) RankByClass(ImageDataset train, DataSplit split, float[] probabilities, int maxListed)
    {
        int classes = train.ClassNames.Count;
        var thresholds = new double[classes];
        var counts = new int[classes];
        for (int i = 0; i < train.Count; i++)
        {
            thresholds[train.Labels[i]] += probabilities[(i * classes) + train.Labels[i]];
            counts[train.Labels[i]]++;
        }
        for (int k = 0; k < classes; k++)
        {
            // A class with no images cannot set a threshold; it then never counts as confidently predicted.
            thresholds[k] = counts[k] == 0 ? double.PositiveInfinity : thresholds[k] / counts[k];
        }

        var suspects = new List<LabelSuspect>();
        var joint = new double[classes, classes];
        for (int i = 0; i < train.Count; i++)
        {
            var p = probabilities.AsSpan(i * classes, classes);
            int given = train.Labels[i];
            int confident = -1;
            for (int k = 0; k < classes; k++)
            {
                if (p[k] >= thresholds[k] && (confident < 0 || p[k] > p[confident]))
                {
                    confident = k;
                }
            }
            if (confident >= 0)
            {
                joint[given, confident]++;
            }
            int likeliest = NetworkRunner.ArgMax(p);
            int suggested = confident >= 0 && confident != given ? confident : likeliest;
            if (suggested == given)
            {
                continue;
            }
            double otherMax = 0;
            for (int k = 0; k < classes; k++)
            {
                if (k != given)
                {
                    otherMax = Math.Max(otherMax, p[k]);
                }
            }
            var image = ImageRef.Of(split, train, i);
            suspects.Add(new LabelSuspect(image, given, suggested, p[given], p[suggested], p[given] - otherMax));
        }
        var ranked = suspects.OrderBy(s => s.Score).ThenBy(s => s.Image.Index).Take(maxListed).ToList();
        var estimated = EstimateErrors(joint, counts);
        for (int k = 0; k < classes; k++)
        {
            estimated[k] = Math.Min(estimated[k], ranked.Count(s => s.GivenLabel == k));
        }
        return (ranked, estimated);
    }

    /// <summary>Per given class, the off-diagonal mass of its row of the confident joint after the row is rescaled to the class's image count.</summary>
    private static int[] EstimateErrors(double[,] joint, int[] counts)
    {
        int classes = counts.Length;
        var byClass = new int[classes];
        for (int given = 0; given < classes; given++)
        {
            double row = 0;
            for (int k = 0; k < classes; k++)
            {
                row += joint[given, k];
            }
            if (row == 0)
            {
                continue;
            }
            double errors = 0;
            for (int k = 0; k < classes; k++)
            {
                if (k != given)
                {
                    errors += joint[given, k] / row * counts[given];
                }
            }
            byClass[given] = (int)Math.Round(errors);
        }
        return byClass;
    }
}
