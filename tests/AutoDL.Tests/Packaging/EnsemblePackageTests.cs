using System.IO.Compression;
using System.Text.Json.Nodes;
using AutoDL.Data;
using AutoDL.Inference;
using AutoDL.Models;
using AutoDL.Packaging;
using AutoDL.Tasks.ImageClassification.Data;
using AutoDL.Tasks.ImageClassification.Inference;
using AutoDL.Tests.TestData;
using AutoDL.Training;
using TorchSharp;

namespace AutoDL.Tests.Packaging;

[Collection(TorchCollection.Name)]
public sealed class EnsemblePackageTests : IDisposable
{
    private const int Classes = 3;
    private static readonly ModelConfig First = new PlainCnnConfig(Blocks: 2, BaseWidth: 8);
    private static readonly ModelConfig Second = new ResNetConfig(2, 1, 8);

    private readonly string _folder = Directory.CreateTempSubdirectory("autodl-ensemble-").FullName;
    private readonly ImageDataset _data = SyntheticImages.Bands(8, classes: Classes, size: 12);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData(InferenceBackend.Torch)]
    [InlineData(InferenceBackend.Onnx)]
    public void Given_an_ensemble_package_then_it_predicts_the_normalised_geometric_mean_of_its_networks(InferenceBackend backend)
    {
        var (path, weights) = WriteEnsemble(flip: false);
        // softmax(mean of logits) = softmax(mean of log-probabilities): computed here from each network alone.
        var first = Probabilities(First, weights[0]);
        var second = Probabilities(Second, weights[1]);

        using var predictor = Predictor.Load(path, new PredictorOptions { Backend = backend });
        var predictions = predictor.PredictPixels(Images(), top: Classes);

        for (int i = 0; i < _data.Count; i++)
        {
            var logMean = Enumerable.Range(0, Classes).Select(k => (Math.Log(first[i * Classes + k]) + Math.Log(second[i * Classes + k])) / 2).ToArray();
            double total = logMean.Sum(Math.Exp);
            foreach (var score in predictions[i].Top)
            {
                int k = _data.ClassNames.ToList().IndexOf(score.Label);
                Assert.Equal(Math.Exp(logMean[k]) / total, score.Probability, 1e-5);
            }
        }
    }

    [Fact]
    public void Given_an_ensemble_with_test_time_flip_then_onnx_runtime_and_libtorch_agree()
    {
        var (path, _) = WriteEnsemble(flip: true);
        var images = Images();

        var agreement = BackendComparison.Compare(ModelPackage.ReadContents(path), images.Count, i => images[i]);

        Assert.True(agreement.MaxProbabilityDifference <= 1e-4, $"probabilities differ by {agreement.MaxProbabilityDifference}");
        Assert.Equal(0, agreement.LabelsDiffering);
        // The ONNX graph gives the best member's embedding of the images as given, as libtorch does.
        Assert.NotNull(agreement.MaxEmbeddingDifference);
        Assert.True(agreement.MaxEmbeddingDifference <= 1e-4, $"embeddings differ by {agreement.MaxEmbeddingDifference} of the largest feature");
    }

    [Fact]
    public void Given_an_ensemble_or_a_single_network_then_it_is_written_as_version_3()
    {
        var (ensemble, weights) = WriteEnsemble(flip: false);
        var single = Path.Combine(_folder, "single.adlpk");
        ModelPackage.Write(single, Manifest(flip: false) with { Ensemble = [] }, weights[0]);

        var read = ModelPackage.ReadContents(ensemble);

        Assert.Equal(3, read.Manifest.FormatVersion);
        Assert.Equal(3, ModelPackage.ReadContents(single).Manifest.FormatVersion);
        Assert.Equal(weights[1], Assert.Single(read.EnsembleWeights));
        Assert.Equal(Second, Assert.Single(read.Manifest.Ensemble).Model);
    }

    [Fact]
    public void Given_tampered_or_missing_member_weights_then_the_package_is_reported_damaged_naming_the_entry()
    {
        var (path, weights) = WriteEnsemble(flip: false);
        var copy = Path.Combine(_folder, "missing.adlpk");
        File.Copy(path, copy);
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Update))
        {
            zip.GetEntry("weights-1.bin")!.Delete();
            using var entry = zip.CreateEntry("weights-1.bin").Open();
            var changed = (byte[])weights[1].Clone();
            changed[^10] ^= 0xFF;
            entry.Write(changed);
        }
        using (var zip = ZipFile.Open(copy, ZipArchiveMode.Update))
        {
            zip.GetEntry("weights-1.bin")!.Delete();
        }

        var tampered = Assert.Throws<AutoDLException>(() => Predictor.Load(path));
        var missing = Assert.Throws<AutoDLException>(() => ModelPackage.ReadContents(copy));

        Assert.Contains("weights-1.bin does not match the checksum", tampered.Message, StringComparison.Ordinal);
        Assert.Contains("has no weights-1.bin", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Given_a_package_of_a_newer_format_then_it_is_refused_with_the_versions_this_reads()
    {
        var (path, _) = WriteEnsemble(flip: false);
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Update))
        {
            var entry = zip.GetEntry("manifest.json")!;
            JsonNode manifest;
            using (var stream = entry.Open())
            {
                manifest = JsonNode.Parse(stream)!;
            }
            manifest["formatVersion"] = 4;
            entry.Delete();
            using var replaced = zip.CreateEntry("manifest.json").Open();
            replaced.Write(System.Text.Encoding.UTF8.GetBytes(manifest.ToJsonString()));
        }

        var error = Assert.Throws<AutoDLException>(() => ModelPackage.ReadContents(path));

        Assert.Contains("format version 4", error.Message, StringComparison.Ordinal);
        Assert.Contains("reads versions 1 to 3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Given_weights_that_do_not_match_the_listed_members_then_writing_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => ModelPackage.Write(Path.Combine(_folder, "x.adlpk"), Manifest(flip: false), [1, 2, 3]));

        Assert.Contains("1 ensemble members but 0 sets of weights", error.Message, StringComparison.Ordinal);
    }

    private (string Path, byte[][] Weights) WriteEnsemble(bool flip)
    {
        byte[][] weights = [RandomWeights(First, seed: 3), RandomWeights(Second, seed: 4)];
        var path = Path.Combine(_folder, flip ? "flipped.adlpk" : ModelPackage.FileName);
        ModelPackage.Write(path, Manifest(flip), weights[0], onnx: null, ensembleWeights: [weights[1]]);
        return (path, weights);
    }

    private PackageManifest Manifest(bool flip)
    {
        var stats = NormalizationStats.Compute(_data);
        return new PackageManifest
        {
            Task = "image-classification",
            ClassNames = _data.ClassNames,
            Input = _data.Shape,
            Preprocessing = new Preprocessing("shorter-side-fit-centre-crop", stats.Mean, stats.Std),
            Model = First,
            Training = new TrainingConfig(),
            SearchTrial = 0,
            Ensemble = [new EnsembleMember(Second, SearchTrial: 1, ValidationScore: 0.4)],
            TestTimeFlip = flip,
            Metrics = new PackageMetrics(0.5, null),
        };
    }

    private byte[] RandomWeights(ModelConfig model, int seed)
    {
        torch.manual_seed(seed);
        using var network = ModelFactory.Create(model, _data.Shape, Classes);
        return WeightsSerializer.Save(network);
    }

    private float[] Probabilities(ModelConfig model, byte[] weights)
    {
        using var network = ModelFactory.Create(model, _data.Shape, Classes);
        WeightsSerializer.Load(network, weights);
        return NetworkRunner.PredictProbabilities(network, _data, new BatchBuilder(_data.Shape, NormalizationStats.Compute(_data)), Classes);
    }

    private List<byte[]> Images() => [.. Enumerable.Range(0, _data.Count).Select(i => _data.Image(i).ToArray())];
}
