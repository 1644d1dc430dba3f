using AutoDL.Data;
using AutoDL.Models;
using AutoDL.Packaging;
using AutoDL.Tasks.ObjectDetection;
using AutoDL.Tasks.ObjectDetection.Inference;
using AutoDL.Tasks.ObjectDetection.Models;
using AutoDL.Training;
using TorchSharp;

namespace AutoDL.Server.Tests.Support;

/// <summary>
/// A small random-weight detector written as a real package and loaded once: what the server returns must equal what
/// <see cref="ObjectDetector.Detect(byte[], double)"/> returns, whatever the weights are. Its class bias is set to zero
/// instead of the training prior (an object at 1 % of locations), so that untrained it still finds objects to list.
/// </summary>
public sealed class TestDetector : IDisposable
{
    public static readonly IReadOnlyList<string> Classes = ["disc", "square", "star"];

    private readonly string _folder = Directory.CreateTempSubdirectory("autodl-server-detector-").FullName;

    public TestDetector()
    {
        var shape = new ImageShape(3, 64, 64);
        var model = new DetectorConfig(new ResNetConfig(4, 1, 8, StemKind.Conv7Pool), new DetectorHead(Levels: 2, Width: 16, TowerDepth: 1));
        torch.manual_seed(11);
        using var network = ModelFactory.Create(model, shape, Classes.Count);
        using (torch.no_grad())
        {
            network.named_parameters().Single(p => p.name == "_classes.bias").parameter.zero_();
        }
        var manifest = new PackageManifest
        {
            Task = ObjectDetectionTask.TaskName,
            Schema = ModelSchema.ObjectDetection,
            ClassNames = Classes,
            Input = shape,
            Preprocessing = new Preprocessing(PreparedObjectDetection.ResizeMethod, [0.5f, 0.5f, 0.5f], [0.25f, 0.25f, 0.25f]),
            Model = model,
            Metrics = new PackageMetrics(0.1, null),
        };
        PackagePath = Path.Combine(_folder, ModelPackage.FileName);
        ModelPackage.Write(PackagePath, manifest, WeightsSerializer.Save(network));
        // One intra-op thread: the tests run servers and clients on two cores and check behaviour, not speed.
        Detector = ObjectDetector.Load(PackagePath, threads: 1);
    }

    public string PackagePath { get; }

    public ObjectDetector Detector { get; }

    public void Dispose()
    {
        Detector.Dispose();
        Directory.Delete(_folder, recursive: true);
    }
}
