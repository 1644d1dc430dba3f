using AutoDL.Data;
using AutoDL.Packaging;
using AutoDL.Tasks.SemanticSegmentation.Data;
using AutoDL.Tasks.SemanticSegmentation.Evaluation;

namespace AutoDL.Tasks.SemanticSegmentation.Inference;

/// <summary>
/// A trained segmentation network loaded from its package: labels every pixel of images of any size, on ONNX Runtime or
/// libtorch. An image larger than a window (512 pixels a side) is predicted in overlapping windows whose logits are
/// blended, in memory that grows with the image's width, not its area. Both engines share the windows, the blending
/// and the argmax, so they give the same masks. Safe to call from several threads (calls take turns).
/// </summary>
/// <example>
/// <code>
/// using var segmenter = SemanticSegmenter.Load("out/model.adlpk");
/// var mask = segmenter.Segment("scene.jpg");
/// Console.WriteLine($"{segmenter.ClassNames[mask.Labels[0]]} at the top-left pixel");
/// </code>
/// </example>
public sealed class SemanticSegmenter : IDisposable
{
    private readonly ISegmentationEngine _engine;
    // Neither engine may run one model from several threads at once.
    private readonly Lock _gate = new();

    private SemanticSegmenter(PackageManifest manifest, ISegmentationEngine engine, InferenceSettings settings)
    {
        Manifest = manifest;
        _engine = engine;
        Settings = settings;
    }

    /// <summary>The package's manifest: classes, tile, metrics, provenance.</summary>
    public PackageManifest Manifest { get; }

    /// <summary>Class names: a mask's pixel value is an index into them.</summary>
    public IReadOnlyList<string> ClassNames => Manifest.ClassNames;

    /// <summary>The engine that runs the network.</summary>
    public InferenceBackend Backend => _engine.Backend;

    /// <summary>How this segmenter runs: the backend and threads in use.</summary>
    public InferenceSettings Settings { get; }

    /// <summary>Loads a segmentation package; a missing, damaged or tampered one, or one of another task, raises an <see cref="AutoDLException"/>.</summary>
    /// <param name="packagePath">The package (model.adlpk) written by <c>autodl fit</c>.</param>
    /// <param name="backend">The engine; by default the package's optimised setting, else ONNX Runtime.</param>
    /// <param name="threads">Threads per call; by default the package's optimised setting, else every core.</param>
    public static SemanticSegmenter Load(string packagePath, InferenceBackend? backend = null, int? threads = null) =>
        Load(ModelPackage.ReadContents(packagePath), backend, threads);

    /// <summary>A segmenter of a package already read (a caller that first looked at its task).</summary>
    internal static SemanticSegmenter Load(PackageContents package, InferenceBackend? backend = null, int? threads = null)
    {
        ArgumentNullException.ThrowIfNull(package);
        if (package.Manifest.Task != SemanticSegmentationTask.TaskName)
        {
            throw new AutoDLException($"'{package.Path}' holds an {package.Manifest.Task} model, not a segmentation network.");
        }
        var settings = InferenceSettings.Resolve(package.Manifest.Inference, backend, threads);
        ISegmentationEngine engine = settings.Backend == InferenceBackend.Torch
            ? TorchSegmentationEngine.Load(package, settings.Threads)
            : new OnnxSegmentationEngine(package, settings.Threads);
        return new SemanticSegmenter(package.Manifest, engine, settings);
    }

    /// <summary>Each pixel's class in an image file, at the image's own size.</summary>
    /// <exception cref="AutoDLException">The file cannot be read or decoded (the message names it).</exception>
    public ClassMask Segment(string imagePath)
    {
        var (pixels, width, height) = Decode(imagePath);
        return Segment(pixels, width, height);
    }

    /// <summary>Each pixel's class in an encoded image (PNG, JPEG, BMP, GIF, WebP bytes), at the image's own size.</summary>
    /// <exception cref="AutoDLException">The bytes are not an intact image of a supported format and sane size.</exception>
    public ClassMask Segment(byte[] encodedImage)
    {
        var (pixels, width, height) = Decode(encodedImage);
        return Segment(pixels, width, height);
    }

    /// <summary>An image file decoded at its own size (3 × height × width bytes, CHW), as <see cref="Segment(string)"/> reads it.</summary>
    /// <exception cref="AutoDLException">The file cannot be read or decoded (the message names it).</exception>
    internal static (byte[] Pixels, int Width, int Height) Decode(string imagePath)
    {
        ArgumentNullException.ThrowIfNull(imagePath);
        try
        {
            return Decode(ImageDecoder.ReadFile(imagePath));
        }
        catch (ImageDecodeException e)
        {
            throw new AutoDLException($"'{imagePath}': {e.Message}.", e);
        }
        catch (AutoDLException e)
        {
            throw new AutoDLException($"'{imagePath}': {e.Message}", e);
        }
    }

    /// <summary>Encoded image bytes decoded at their own size (3 × height × width bytes, CHW).</summary>
    /// <exception cref="AutoDLException">The bytes are not an intact image of a supported format and sane size.</exception>
    internal static (byte[] Pixels, int Width, int Height) Decode(byte[] encodedImage)
    {
        ArgumentNullException.ThrowIfNull(encodedImage);
        var header = ImageDecoder.ReadHeader(encodedImage);
        if ((long)header.Width * header.Height > ImageDecoder.MaxPixels)
        {
            throw new AutoDLException($"The image is {header.Width}x{header.Height}, over {ImageDecoder.MaxPixels / 1_000_000} megapixels: cut it into parts and predict each.");
        }
        return (ImageDecoder.Decode(encodedImage, new ImageShape(SegmentedImage.Channels, header.Height, header.Width)), header.Width, header.Height);
    }

    /// <summary>Each pixel's class in decoded pixels (3 × height × width bytes, CHW).</summary>
    internal ClassMask Segment(byte[] pixels, int width, int height) => Segment([(pixels, width, height)])[0];

    /// <summary>The masks of decoded images, consecutive ones of one size run as a batch (a server's batch).</summary>
    internal IReadOnlyList<ClassMask> Segment(IReadOnlyList<(byte[] Pixels, int Width, int Height)> images)
    {
        ArgumentNullException.ThrowIfNull(images);
        var masks = images.Select(i => new ClassMask(i.Width, i.Height, new byte[(long)i.Width * i.Height])).ToArray();
        lock (_gate)
        {
            PixelLogits.Run(_engine, images, (index, rows) => rows.ArgMax(masks[index].Labels.AsSpan(rows.Top * rows.Width, rows.Pixels)));
        }
        return masks;
    }

    /// <summary>mIoU, pixel accuracy, per-class IoU and the confusion matrix on <paramref name="images"/>, as fit scores its test split.</summary>
    internal SegmentationReport Evaluate(IReadOnlyList<SegmentedImage> images)
    {
        lock (_gate)
        {
            return SegmentationScoring.Score(_engine, images, ClassNames).Report;
        }
    }

    public void Dispose() => _engine.Dispose();
}
