using AutoDL.Data;
using AutoDL.Packaging;
using AutoDL.Tasks.ObjectDetection.Data;
using AutoDL.Tasks.ObjectDetection.Evaluation;

namespace AutoDL.Tasks.ObjectDetection.Inference;

/// <summary>
/// A trained detector loaded from its package: finds objects in images of any size, letterboxing each into the input
/// it was trained at and mapping its boxes back to the image's own pixels, on ONNX Runtime or libtorch. Both engines
/// decode every location the same way and share one selection and suppression, so they give the same detections.
/// Safe to call from several threads (calls take turns).
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

    private readonly IDetectorEngine _engine;
    private readonly FcosDecoder _decoder = new();
    // Neither engine may run one model from several threads at once.
    private readonly Lock _gate = new();

    private ObjectDetector(PackageManifest manifest, IDetectorEngine engine, InferenceSettings settings)
    {
        Manifest = manifest;
        _engine = engine;
        Settings = settings;
    }

    /// <summary>The package's manifest: classes, input, metrics, provenance.</summary>
    public PackageManifest Manifest { get; }

    /// <summary>Class names: a detection's label is an index into them.</summary>
    public IReadOnlyList<string> ClassNames => Manifest.ClassNames;

    /// <summary>The engine that runs the network.</summary>
    public InferenceBackend Backend => _engine.Backend;

    /// <summary>How this detector runs: the backend and threads in use, and the batching the package recommends.</summary>
    public InferenceSettings Settings { get; }

    /// <summary>Loads a detector's package; a missing, damaged or tampered one, or one of another task, raises an <see cref="AutoDLException"/>.</summary>
    /// <param name="packagePath">The package (model.adlpk) written by <c>autodl fit</c>.</param>
    /// <param name="backend">The engine; by default the package's optimised setting, else ONNX Runtime.</param>
    /// <param name="threads">Threads per call; by default the package's optimised setting, else every core.</param>
    public static ObjectDetector Load(string packagePath, InferenceBackend? backend = null, int? threads = null) =>
        Load(ModelPackage.ReadContents(packagePath), backend, threads);

    /// <summary>A detector of a package already read (a caller that first looked at its task).</summary>
    internal static ObjectDetector Load(PackageContents package, InferenceBackend? backend = null, int? threads = null)
    {
        ArgumentNullException.ThrowIfNull(package);
        if (package.Manifest.Task != ObjectDetectionTask.TaskName)
        {
            throw new AutoDLException($"'{package.Path}' holds an {package.Manifest.Task} model, not an object detector.");
        }
        var settings = InferenceSettings.Resolve(package.Manifest.Inference, backend, threads);
        IDetectorEngine engine = settings.Backend == InferenceBackend.Torch
            ? new TorchDetectorEngine(package, settings.Threads)
            : new OnnxDetectorEngine(package, settings.Threads);
        return new ObjectDetector(package.Manifest, engine, settings);
    }

    /// <summary>The objects in an image file scoring at least <paramref name="minScore"/>, best first, boxes in its pixels.</summary>
    /// <exception cref="AutoDLException">The file cannot be read or decoded (the message names it).</exception>
    public IReadOnlyList<Detection> Detect(string imagePath, double minScore = DefaultMinScore) => DetectFiles([imagePath], minScore)[0];

    /// <summary>The objects in an encoded image (PNG, JPEG, BMP, GIF, WebP bytes).</summary>
    public IReadOnlyList<Detection> Detect(byte[] encodedImage, double minScore = DefaultMinScore)
    {
        ArgumentNullException.ThrowIfNull(encodedImage);
        return Detect([Prepare(encodedImage)], minScore)[0];
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
        return DetectorScoring.Report(set, Found(set, _decoder), ClassNames);
    }

    /// <summary>Each image's detections in the input's pixels, before they are mapped back.</summary>
    private List<IReadOnlyList<Detection>> Found(ImageSet images, FcosDecoder decoder)
    {
        var found = new List<IReadOnlyList<Detection>>(images.Count);
        foreach (var (start, count) in DetectorScoring.Batches(images.Count))
        {
            DetectorOutputs outputs;
            lock (_gate)
            {
                outputs = _engine.Run(images, start, count);
            }
            found.AddRange(decoder.Select(outputs));
        }
        return found;
    }

    /// <summary>
    /// Decodes an encoded image into the model's input, and how it sits there; apart from detecting, so that a server
    /// decodes on its requests' threads while the model runs batches.
    /// </summary>
    internal (byte[] Pixels, Letterbox Letterbox) Prepare(byte[] encodedImage) => Letterboxed(encodedImage, "the image");

    /// <summary>The objects in images <see cref="Prepare"/> decoded, boxes in each image's own pixels, in one batched pass per <see cref="DetectorScoring.BatchSize"/> images.</summary>
    internal IReadOnlyList<Detection>[] Detect(IReadOnlyList<(byte[] Pixels, Letterbox Letterbox)> images, double minScore)
    {
        var set = new DetectionSet(
            [.. images.SelectMany(i => i.Pixels)],
            Manifest.Input,
            [.. images.Select(_ => (IReadOnlyList<ObjectAnnotation>)[])],
            [.. images.Select(i => i.Letterbox)],
            [.. images.Select((_, n) => $"image {n}")]);
        var found = Found(set, _decoder with { MinScore = minScore });
        return [.. found.Select((detections, n) => FcosDecoder.InImage(detections, images[n].Letterbox))];
    }

    private (byte[] Pixels, Letterbox Letterbox) Letterboxed(byte[] encoded, string what)
    {
        try
        {
            return DetectionSetBuilder.Letterboxed(encoded, Manifest.Input);
        }
        catch (AutoDLException e)
        {
            throw new AutoDLException($"{what}: {e.Message}", e);
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
    public void Dispose() => _engine.Dispose();
}
