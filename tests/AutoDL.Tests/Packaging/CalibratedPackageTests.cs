using AutoDL.Data;
using AutoDL.Evaluation.Calibration;
using AutoDL.Inference;
using AutoDL.Models;
using AutoDL.Packaging;
using AutoDL.Packaging.Onnx;
using AutoDL.Tasks.ImageClassification.Data;
using AutoDL.Tasks.ImageClassification.Inference;
using AutoDL.Tests.TestData;
using AutoDL.Training;
using TorchSharp;

namespace AutoDL.Tests.Packaging;

[Collection(TorchCollection.Name)]
public sealed class CalibratedPackageTests : IDisposable
{
    private const int Classes = 3;
    private const double Temperature = 2.5;
    private static readonly ModelConfig Network = new PlainCnnConfig(Blocks: 2, BaseWidth: 8);

    private readonly string _folder = Directory.CreateTempSubdirectory("autodl-calibrated-").FullName;
    private readonly ImageDataset _data = SyntheticImages.Bands(8, classes: Classes, size: 12);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData(InferenceBackend.Torch)]
    [InlineData(InferenceBackend.Onnx)]
    public void Given_a_calibrated_package_then_both_engines_give_the_probabilities_of_logits_divided_by_its_temperature(InferenceBackend backend)
    {
        var (path, weights) = Write();
        var raw = RawProbabilities(weights);
        var expected = TemperatureScaling.Apply(raw, Classes, Temperature);

        using var predictor = Predictor.Load(path, new PredictorOptions { Backend = backend });
        var predictions = predictor.PredictPixels(Images(), top: Classes);

        for (int i = 0; i < _data.Count; i++)
        {
            foreach (var score in predictions[i].Top)
            {
                int k = _data.ClassNames.ToList().IndexOf(score.Label);
                Assert.Equal(expected[i * Classes + k], score.Probability, 1e-5);
            }
            Assert.Equal(_data.ClassNames[NetworkRunner.ArgMax(raw.AsSpan(i * Classes, Classes))], predictions[i].Label);
        }
    }

    [Fact]
    public void Given_a_calibrated_package_then_each_prediction_s_margin_and_entropy_come_from_its_calibrated_probabilities()
    {
        var (path, weights) = Write();
        var expected = TemperatureScaling.Apply(RawProbabilities(weights), Classes, Temperature);

        using var predictor = Predictor.Load(path);
        var predictions = predictor.PredictPixels(Images(), top: 1);

        for (int i = 0; i < _data.Count; i++)
        {
            var row = expected.AsSpan(i * Classes, Classes).ToArray().Select(p => (double)p).OrderDescending().ToArray();
            Assert.Equal(row[0] - row[1], predictions[i].Margin, 1e-5);
            Assert.Equal(-row.Sum(p => p * Math.Log(p)) / Math.Log(Classes), predictions[i].Entropy, 1e-5);
        }
    }

    [Fact]
    public void Given_a_calibrated_package_then_its_onnx_graph_scales_the_logits_and_says_so()
    {
        var (path, _) = Write();
        var package = ModelPackage.ReadContents(path);
        var images = Images();

        var agreement = BackendComparison.Compare(package, images.Count, i => images[i]);
        var onnx = AutoDL.Packaging.Onnx.Proto.ModelProto.Parser.ParseFrom(OnnxExporter.Export(package));

        Assert.True(agreement.MaxProbabilityDifference <= 1e-5, $"probabilities differ by {agreement.MaxProbabilityDifference}");
        Assert.Contains("calibrated temperature 2.5", onnx.DocString, StringComparison.Ordinal);
        Assert.Contains(onnx.Graph.Initializer, t => t.Name.EndsWith("inverse_temperature", StringComparison.Ordinal) && Math.Abs(BitConverter.ToSingle(t.RawData.Span) - 1 / Temperature) < 1e-7);
    }

    [Fact]
    public void Given_a_calibrated_package_then_evaluation_reports_the_figures_with_and_without_its_temperature()
    {
        var (path, weights) = Write();
        var raw = RawProbabilities(weights);

        using var predictor = Predictor.Load(path);
        var report = predictor.Evaluate(_data);

        Assert.Equal(Temperature, report.Temperature);
        var uncalibrated = CalibrationFigures.Compute(_data.Labels, raw, Classes);
        var calibrated = CalibrationFigures.Compute(_data.Labels, TemperatureScaling.Apply(raw, Classes, Temperature), Classes);
        Assert.Equal(uncalibrated.NegativeLogLikelihood, report.Uncalibrated!.NegativeLogLikelihood, 1e-4);
        Assert.Equal(uncalibrated.ExpectedCalibrationError, report.Uncalibrated.ExpectedCalibrationError, 1e-4);
        Assert.Equal(calibrated.NegativeLogLikelihood, report.Confidence!.NegativeLogLikelihood, 1e-4);
        Assert.NotEqual(report.Uncalibrated.NegativeLogLikelihood, report.Confidence.NegativeLogLikelihood, 3);
    }

    private (string Path, byte[] Weights) Write()
    {
        torch.manual_seed(5);
        using var network = ModelFactory.Create(Network, _data.Shape, Classes);
        var weights = WeightsSerializer.Save(network);
        var stats = NormalizationStats.Compute(_data);
        var figures = CalibrationFigures.Compute([], [], Classes);
        var manifest = new PackageManifest
        {
            Task = "image-classification",
            ClassNames = _data.ClassNames,
            Input = _data.Shape,
            Preprocessing = new Preprocessing("shorter-side-fit-centre-crop", stats.Mean, stats.Std),
            Model = Network,
            Training = new TrainingConfig(),
            Metrics = new PackageMetrics(0.5, null),
            Calibration = new ConfidenceCalibration(Temperature, figures, figures),
        };
        var path = Path.Combine(_folder, ModelPackage.FileName);
        ModelPackage.Write(path, manifest, weights);
        return (path, weights);
    }

    private float[] RawProbabilities(byte[] weights)
    {
        using var network = ModelFactory.Create(Network, _data.Shape, Classes);
        WeightsSerializer.Load(network, weights);
        return NetworkRunner.PredictProbabilities(network, _data, new BatchBuilder(_data.Shape, NormalizationStats.Compute(_data)), Classes);
    }

    private List<byte[]> Images() => [.. Enumerable.Range(0, _data.Count).Select(i => _data.Image(i).ToArray())];
}
