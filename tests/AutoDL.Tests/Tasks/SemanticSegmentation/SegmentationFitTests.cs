using AutoDL.Data;
using AutoDL.Events;
using AutoDL.Packaging;
using AutoDL.Tasks.ImageClassification.Inference;
using AutoDL.Tasks.SemanticSegmentation.Data;
using AutoDL.Tasks.SemanticSegmentation.Evaluation;
using AutoDL.Tasks.SemanticSegmentation.Inference;
using AutoDL.Tasks.SemanticSegmentation.Models;
using AutoDL.Tests.TestData;

namespace AutoDL.Tests.Tasks.SemanticSegmentation;

/// <summary>The whole fit on segmentation data: recognised, trained on tiles through the shared pipeline, scored on whole test images, packaged.</summary>
[Collection(TorchCollection.Name)]
public sealed class SegmentationFitTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("autodl-segmentation-data-").FullName;
    private readonly string _output = Directory.CreateTempSubdirectory("autodl-segmentation-fit-").FullName;

    public void Dispose()
    {
        Directory.Delete(_data, recursive: true);
        Directory.Delete(_output, recursive: true);
    }

    [Fact]
    public void Fit_on_images_and_masks_trains_a_segmentation_network_and_packages_it_with_its_test_mIoU()
    {
        MaskScenes.Write(_data, train: 96, validation: 16, test: 16);

        var progress = new List<FitProgress>();
        var result = AutoFit.Run(new FitOptions(_data, _output) { TimeLimit = TimeSpan.FromSeconds(50), MaxTrials = 1, Seed = 1 }, new SynchronousProgress<FitProgress>(progress.Add));

        var test = Assert.IsType<SegmentationReport>(result.Test);
        Assert.Equal(16, test.Count);
        // Labelling every pixel background scores about a third: one class of three found.
        Assert.True(test.MeanIoU > 0.5, $"test mIoU {test.MeanIoU} (per class: {string.Join(", ", test.PerClass.Select(c => $"{c.Name} {c.IoU:0.###}"))})");
        var (manifest, _) = ModelPackage.Read(result.PackagePath);
        Assert.Equal("semantic-segmentation", manifest.Task);
        Assert.Equal(ModelSchema.SemanticSegmentation, manifest.Schema);
        Assert.Equal(MaskScenes.ClassNames, manifest.ClassNames);
        // Tiles of the training images' longer side, rounded up to 64.
        Assert.Equal(new ImageShape(3, 64, 64), manifest.Input);
        Assert.IsType<SegmenterConfig>(manifest.Model);
        Assert.Equal("miou", manifest.Metrics.Metric);
        Assert.Equal(test.MeanIoU, manifest.Metrics.TestScores!["miou"]);
        // The package scores the test split exactly as the fit did, on libtorch, which fit scores with.
        var testImages = SegmentationImporter.Import(_data).In(DataSplit.Test).ToList();
        var decoded = SegmentationSetBuilder.Build(testImages, [], CancellationToken.None);
        using var torch = SemanticSegmenter.Load(result.PackagePath, InferenceBackend.Torch);
        Assert.Equal(test.MeanIoU, torch.Evaluate(decoded).MeanIoU);
        // The package carries the network's ONNX graph, and ONNX Runtime labels the test images' pixels as libtorch does.
        Assert.DoesNotContain(progress, p => p.Event is OnnxExportSkipped);
        Assert.NotNull(ModelPackage.ReadContents(result.PackagePath).Onnx);
        using var onnx = SemanticSegmenter.Load(result.PackagePath, InferenceBackend.Onnx);
        long pixels = 0, differing = 0;
        foreach (var image in testImages)
        {
            var expected = torch.Segment(image.ImagePath);
            var actual = onnx.Segment(image.ImagePath);
            Assert.Equal((MaskScenes.Width, MaskScenes.Height), (actual.Width, actual.Height));
            pixels += expected.Labels.Length;
            differing += expected.Labels.Zip(actual.Labels).Count(p => p.First != p.Second);
        }
        Assert.True(differing <= pixels / 1000, $"{differing} of {pixels} pixels labelled differently");
        // A classifier's predictor refuses it in one line that names the segmenter.
        var error = Assert.Throws<AutoDLException>(() => Predictor.Load(result.PackagePath));
        Assert.Contains("SemanticSegmenter.Load", error.Message, StringComparison.Ordinal);
    }
}
