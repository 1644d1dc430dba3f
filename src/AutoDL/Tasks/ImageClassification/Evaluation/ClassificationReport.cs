using AutoDL.Evaluation;
using AutoDL.Evaluation.Calibration;
using AutoDL.Evaluation.Report;
using AutoDL.Models;

namespace AutoDL.Tasks.ImageClassification.Evaluation;

/// <summary>How well a classifier did on a labelled set.</summary>
/// <param name="Count">Images evaluated.</param>
/// <param name="Accuracy">Share predicted correctly.</param>
/// <param name="MacroF1">Unweighted mean of the per-class F1 over classes present in the set or predicted; the fair figure when classes are imbalanced.</param>
/// <param name="PerClass">Metrics of each class, in class order.</param>
/// <param name="ConfusionMatrix">Row = true class, column = predicted class.</param>
public sealed record ClassificationReport(int Count, double Accuracy, double MacroF1, IReadOnlyList<ClassMetrics> PerClass, int[][] ConfusionMatrix) : EvaluationReport(Count)
{
    /// <inheritdoc/>
    public override IReadOnlyDictionary<string, double> Scores() => new Dictionary<string, double>(StringComparer.Ordinal)
    {
        ["accuracy"] = Accuracy,
        ["balanced_accuracy"] = BalancedAccuracy,
        ["macro_f1"] = MacroF1,
    };

    /// <summary>How far the probabilities, as the model gives them, can be taken at their word (ECE, NLL, reliability diagram); null when computed from labels alone.</summary>
    public CalibrationFigures? Confidence { get; init; }

    /// <summary>The temperature the model's logits are divided by; null when its confidence is not calibrated.</summary>
    public double? Temperature { get; init; }

    /// <summary>The figures of <see cref="Confidence"/> as they would be without the temperature; null when there is none.</summary>
    public CalibrationFigures? Uncalibrated { get; init; }

    /// <inheritdoc/>
    public override ReportDetails Details() => new(
    [
        new ReportTable(
            "Per class",
            [new("precision"), new("recall"), new("F1"), new("support", IsCount: true)],
            [.. PerClass.Select(c => new ReportRow(c.Name, [c.Precision, c.Recall, c.F1, c.Support]))]),
    ])
    {
        Confusion = ReportDetails.Matrix("images", [.. PerClass.Select(c => c.Name)], [.. ConfusionMatrix.Select(row => (IReadOnlyList<long>)[.. row.Select(n => (long)n)])]),
        Confidence = Confidence,
        Uncalibrated = Uncalibrated,
        Temperature = Temperature,
    };

    /// <summary>The mean recall over the classes present in the set: what a fit on imbalanced classes selects on.</summary>
    public double BalancedAccuracy => PerClass.Where(c => c.Support > 0).Select(c => c.Recall).DefaultIfEmpty(0).Average();

    /// <summary>
    /// Computes the report from true labels and row-major class probabilities as the model gives them (the prediction
    /// is each row's arg-max), with their calibration figures; <paramref name="temperature"/>, when the model's logits
    /// are divided by one, also gives the figures without it.
    /// </summary>
    public static ClassificationReport FromProbabilities(IReadOnlyList<int> truth, ReadOnlySpan<float> probabilities, IReadOnlyList<string> classNames, double? temperature = null)
    {
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentNullException.ThrowIfNull(classNames);
        int k = classNames.Count;
        if (probabilities.Length != truth.Count * k)
        {
            throw new ArgumentException($"Expected {truth.Count}×{k} probabilities but got {probabilities.Length}.", nameof(probabilities));
        }
        var predicted = new int[truth.Count];
        for (int i = 0; i < predicted.Length; i++)
        {
            predicted[i] = NetworkRunner.ArgMax(probabilities.Slice(i * k, k));
        }
        return Compute(truth, predicted, classNames) with
        {
            Confidence = CalibrationFigures.Compute(truth, probabilities, k),
            Temperature = temperature,
            Uncalibrated = temperature is { } t ? CalibrationFigures.Compute(truth, TemperatureScaling.Apply(probabilities, k, 1 / t), k) : null,
        };
    }

    /// <summary>Computes the report from true and predicted labels.</summary>
    public static ClassificationReport Compute(IReadOnlyList<int> truth, IReadOnlyList<int> predicted, IReadOnlyList<string> classNames)
    {
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentNullException.ThrowIfNull(predicted);
        ArgumentNullException.ThrowIfNull(classNames);
        if (truth.Count != predicted.Count)
        {
            throw new ArgumentException($"{truth.Count} true labels but {predicted.Count} predictions.", nameof(predicted));
        }
        int k = classNames.Count;
        var confusion = new int[k][];
        for (int i = 0; i < k; i++)
        {
            confusion[i] = new int[k];
        }
        int correct = 0;
        for (int i = 0; i < truth.Count; i++)
        {
            confusion[truth[i]][predicted[i]]++;
            correct += truth[i] == predicted[i] ? 1 : 0;
        }

        var perClass = new ClassMetrics[k];
        double f1Sum = 0;
        int f1Classes = 0;
        for (int c = 0; c < k; c++)
        {
            int tp = confusion[c][c];
            int support = confusion[c].Sum();
            int predictedCount = 0;
            for (int r = 0; r < k; r++)
            {
                predictedCount += confusion[r][c];
            }
            double precision = predictedCount == 0 ? 0 : (double)tp / predictedCount;
            double recall = support == 0 ? 0 : (double)tp / support;
            double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            perClass[c] = new ClassMetrics(classNames[c], precision, recall, f1, support);
            // A class absent from the set and never predicted says nothing about the model.
            if (support > 0 || predictedCount > 0)
            {
                f1Sum += f1;
                f1Classes++;
            }
        }
        double accuracy = truth.Count == 0 ? 0 : (double)correct / truth.Count;
        return new ClassificationReport(truth.Count, accuracy, f1Classes == 0 ? 0 : f1Sum / f1Classes, perClass, confusion);
    }
}
