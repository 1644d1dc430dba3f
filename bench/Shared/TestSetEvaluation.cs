using AutoDL.Data;
using AutoDL.Models;
using AutoDL.Packaging;
using AutoDL.Tasks.ImageClassification.Data;
using AutoDL.Tasks.ImageClassification.Evaluation;
using AutoDL.Tasks.ImageClassification.Inference;

namespace AutoDL.Bench;

/// <summary>Scores trained weights on a test split the way a user would: through a package and the public predictor.</summary>
internal static class TestSetEvaluation
{
    public static ClassificationReport Evaluate(ModelConfig model, NormalizationStats stats, byte[] weights, ImageDataset test)
    {
        var path = Path.Combine(Path.GetTempPath(), $"autodl-bench-{Guid.NewGuid():N}.adlpk");
        try
        {
            ModelPackage.Write(path, new PackageManifest
            {
                Task = "image-classification",
                ClassNames = test.ClassNames,
                Input = test.Shape,
                Preprocessing = new Preprocessing("shorter-side-fit-centre-crop", stats.Mean, stats.Std),
                Model = model,
                Metrics = new PackageMetrics(0, null),
            }, weights);
            using var predictor = Predictor.Load(path, new PredictorOptions { Backend = InferenceBackend.Torch });
            return predictor.Evaluate(test);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
