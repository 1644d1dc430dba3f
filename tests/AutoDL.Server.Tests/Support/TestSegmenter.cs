using AutoDL.Data;
using AutoDL.Models;
using AutoDL.Packaging;
using AutoDL.Tasks.SemanticSegmentation;
using AutoDL.Tasks.SemanticSegmentation.Inference;
using AutoDL.Tasks.SemanticSegmentation.Models;
using AutoDL.Training;
using TorchSharp;

namespace AutoDL.Server.Tests.Support;

/// <summary>
/// A small random-weight segmentation network written as a real package and loaded once: what the server returns must
/// equal what <see cref="SemanticSegmenter.Segment(byte[])"/> returns, whatever the weights are.
/// </summary>
public sealed class TestSegmenter : IDisposable
{
    public static readonly IReadOnlyList<string> Classes = ["ground", "road", "roof"];

    private readonly string _folder = Directory.CreateTempSubdirectory("autodl-server-segmenter-").FullName;

    public TestSegmenter()
    {
        var tile = new ImageShape(3, 64, 64);
        var model = new SegmenterConfig(new ResNetConfig(3, 1, 8, StemKind.Conv3Stride2), new SegmentationHead(Depth: 3, Width: 16));
        torch.manual_seed(13);
        using var network = ModelFactory.Create(model, tile, Classes.Count);
        var manifest = new PackageManifest
        {
            Task = SemanticSegmentationTask.TaskName,
            Schema = ModelSchema.SemanticSegmentation,
            ClassNames = Classes,
            Input = tile,
            Preprocessing = new Preprocessing(PreparedSemanticSegmentation.ResizeMethod, [0.5f, 0.5f, 0.5f], [0.25f, 0.25f, 0.25f]),
            Model = model,
            Metrics = new PackageMetrics(0.1, null),
        };
        PackagePath = Path.Combine(_folder, ModelPackage.FileName);
        ModelPackage.Write(PackagePath, manifest, WeightsSerializer.Save(network));
        // One intra-op thread: the tests run servers and clients on two cores and check behaviour, not speed.
        Segmenter = SemanticSegmenter.Load(PackagePath, threads: 1);
    }

    public string PackagePath { get; }

    public SemanticSegmenter Segmenter { get; }

    public void Dispose()
    {
        Segmenter.Dispose();
        Directory.Delete(_folder, recursive: true);
    }
}
