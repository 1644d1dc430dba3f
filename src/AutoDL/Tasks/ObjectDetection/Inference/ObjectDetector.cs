using AutoDL.Data;
using AutoDL.Inference;
using AutoDL.Packaging;
using AutoDL.Tasks.ObjectDetection.Data;
using AutoDL.Tasks.ObjectDetection.Evaluation;
using AutoDL.Tasks.ObjectDetection.Models;
using static TorchSharp.torch;

namespace AutoDL.Tasks.ObjectDetection.Inference;

/// <summary>
/// A trained detector loaded from its package: finds objects in images of any size, letterboxing each into the input
/// it was trained at and mapping its boxes back to the image's own pixels. Runs on libtorch. Safe to call from several
/// threads (calls take turns).
/// </summary>
/// <example>
/// <code>
/// using var detector = ObjectDetector.Load("out/model.adlpk");
/// foreach (var found in detector.Detect("street.jpg"))
///     Console.WriteLine($"{detector.ClassNames[found.Label]} {found.Score:P0} at {found.Box}");
/// </code>
/// </example>
public sealed class ObjectDetector : IDisposable
{
    /// <summary>
    /// Detections below this score are left out by default: YOLO's default confidence, a usual balance between missed
    /// objects and false alarms for a person reading the result (evaluation keeps every detection down to 0.05).
    /// </summary>
    public const double DefaultMinScore = 0.25;

    private readonly nn.Module<Tensor, Tensor> _network;
    private readonly FcosNetwork _detector;
    private readonly NormalizationStats _normalization;
    private readonly FcosDecoder _decoder = new();
    private readonly int _threads;
    // A TorchSharp module is not safe to run from several threads at once.
    private readonly Lock _gate = new();

    private ObjectDetector(PackageManifest manifest, nn.Module<Tensor, Tensor> network, int threads)
    {
        Manifest = manifest;
        _network = network;
        _detector = DetectorScoring.Detector(network);
        _normalization = manifest.Preprocessing.ToStats();
        _threads = threads;
    }

    /// <summary>The package's manifest: classes, input, metrics, provenance.</summary>
    public PackageManifest Manifest { get; }

    /// <summary>Class names: a detection's label is an index into them.</summary>
    public IReadOnlyList<string> ClassNames => Manifest.ClassNames;

    /// <summary>Loads a detector's package; a missing, damaged or tampered one, or one of another task, raises an <see cref="AutoDLException"/>.</summary>
    /// <param name="packagePath">The package (model.adlpk) written by <c>autodl fit</c>.</param>
    /// <param name="threads">libtorch threads per call; by default the package's optimised setting, else every core.</param>
    public static ObjectDetector Load(string packagePath, int? threads = null) => Load(ModelPackage.ReadContents(packagePath), threads);

    /// <summary>A detector of a package already read (a caller that first looked at its task).</summary>
    internal static ObjectDetector Load(PackageContents package, int? threads = null)
    {
        ArgumentNullException.ThrowIfNull(package);
        if (package.Manifest.Task != ObjectDetectionTask.TaskName)
        {
            throw new AutoDLException($"'{package.Path}' holds an {package.Manifest.Task} model, not an object detector.");
        }
        var settings = package.Manifest.Inference ?? InferenceSettings.Default;
        return new ObjectDetector(package.Manifest, NetworkLoader.Load(package), Math.Max(1, threads ?? settings.Threads));
    }

    /// <summary>The objects in an image file scoring at least <paramref name="minScore"/>, best first, boxes in its pixels.</summary>
    /// <exception cref="AutoDLException">The file cannot be read or decoded (the message names it).</exception>
    public IReadOnlyList<Detection> Detect(string imagePath, double minScore = DefaultMinScore) => DetectFiles([imagePath], minScore)[0];

    /// <summary>The objects in an encoded image (PNG, JPEG, BMP, GIF, WebP bytes).</summary>
    public IReadOnlyList<Detection> Detect(byte[] encodedImage, double minScore = DefaultMinScore)
    {
        ArgumentNullException.ThrowIfNull(encodedImage);
        return Detect([Letterboxed(encodedImage, "the image")], minScore)[0];
    }

    /// <summary>The objects in each image file, in one batched pass per <see cref="DetectorScoring.BatchSize"/> images.</summary>
    public IReadOnlyList<IReadOnlyList<Detection>> DetectFiles(IReadOnlyList<string> imagePaths, double minScore = DefaultMinScore)
    {
        ArgumentNullException.ThrowIfNull(imagePaths);
        var results = new List<IReadOnlyList<Detection>>(imagePaths.Count);
        foreach (var chunk in imagePaths.Chunk(DetectorScoring.BatchSize))
        {
            results.AddRange(Detect([.. chunk.Select(path => Letterboxed(Read(path), $"'{path}'"))], minScore));
        }
        return results;
    }

    /// <summary>COCO's figures on a labelled set decoded at the model's input, scored as fit scores its test split.</summary>
    internal DetectionReport Evaluate(DetectionSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        if (set.Shape != Manifest.Input)
        {
            throw new ArgumentException($"Decode the set at the model's input {Manifest.Input}, not {set.Shape}.", nameof(set));
        }
        lock (_gate)
        {
            return TorchThreads.With(_threads, () => DetectorScoring.Score(_network, set, _normalization, ClassNames, _decoder).Report);
        }
    }

    private IReadOnlyList<Detection>[] Detect(IReadOnlyList<(byte[] Pixels, Letterbox Letterbox)> images, double minScore)
    {
        var input = Manifest.Input;
        var set = new DetectionSet(
            [.. images.SelectMany(i => i.Pixels)],
            input,
            [.. images.Select(_ => (IReadOnlyList<ObjectAnnotation>)[])],
            [.. images.Select(i => i.Letterbox)],
            [.. images.Select((_, n) => $"image {n}")]);
        var decoder = _decoder with { MinScore = minScore };
        lock (_gate)
        {
            return TorchThreads.With(_threads, () =>
            {
                using var scope = NewDisposeScope();
                using var _ = no_grad();
                using var points = _detector.Layout.Points();
                var predictions = _network.forward(DetectorScoring.Batch(set, _normalization, 0, set.Count));
                var found = decoder.Decode(predictions, points, input.Width, input.Height);
                return found.Select((detections, n) => FcosDecoder.InImage(detections, images[n].Letterbox)).ToArray();
            });
        }
    }

    private (byte[] Pixels, Letterbox Letterbox) Letterboxed(byte[] encoded, string what)
    {
        try
        {
            return DetectionSetBuilder.Letterboxed(encoded, Manifest.Input);
        }
        catch (AutoDLException e)
        {
            throw new AutoDLException($"Cannot decode {what}: {e.Message}", e);
        }
    }

    private static byte[] Read(string path)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new AutoDLException($"Cannot read '{path}': {e.Message}", e);
        }
    }

    /// <inheritdoc />
    public void Dispose() => _network.Dispose();
}
