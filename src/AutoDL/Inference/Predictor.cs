using AutoDL.Data;
using AutoDL.Evaluation;
using AutoDL.Models;
using AutoDL.Packaging;
using AutoDL.Training;
using TorchSharp;

namespace AutoDL.Inference;

/// <summary>
/// A trained model loaded from its package, ready to classify images with the preprocessing it was
/// trained with.
/// </summary>
/// <example>
/// <code>
/// using var predictor = Predictor.Load("out/model.adlpk");
/// var prediction = predictor.Predict("boot.png");
/// Console.WriteLine($"{prediction.Label} ({prediction.Confidence:P0})");
/// </code>
/// </example>
public sealed class Predictor : IDisposable
{
    private readonly torch.nn.Module<torch.Tensor, torch.Tensor> _network;
    private readonly BatchBuilder _builder;
    private readonly Lock _gate = new();

    private Predictor(PackageManifest manifest, torch.nn.Module<torch.Tensor, torch.Tensor> network)
    {
        Manifest = manifest;
        _network = network;
        _builder = new BatchBuilder(manifest.Input, manifest.Preprocessing.ToStats());
    }

    /// <summary>The package's manifest: classes, input, metrics, provenance.</summary>
    public PackageManifest Manifest { get; }

    /// <summary>Class names in output order.</summary>
    public IReadOnlyList<string> ClassNames => Manifest.ClassNames;

    /// <summary>Loads a package; a missing, damaged or tampered one raises an <see cref="AutoDLException"/>.</summary>
    public static Predictor Load(string packagePath)
    {
        var (manifest, weights) = ModelPackage.Read(packagePath);
        TorchRuntime.Initialize();
        var network = ModelFactory.Create(manifest.Model, manifest.Input, manifest.ClassNames.Count);
        try
        {
            WeightsSerializer.Load(network, weights);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or IOException or EndOfStreamException)
        {
            network.Dispose();
            throw new AutoDLException($"The model package '{packagePath}' is damaged: its weights do not fit the network its manifest describes ({e.Message}).", e);
        }
        network.eval();
        return new Predictor(manifest, network);
    }

    /// <summary>Classifies an image file.</summary>
    public Prediction Predict(string imagePath, int top = 5) => PredictFiles([imagePath], top)[0];

    /// <summary>Classifies an encoded image (PNG, JPEG, BMP, GIF, WebP bytes).</summary>
    public Prediction Predict(byte[] encodedImage, int top = 5) => PredictPixels([LoadImage(encodedImage)], top)[0];

    /// <summary>Classifies image files in one batched pass.</summary>
    public IReadOnlyList<Prediction> PredictFiles(IReadOnlyList<string> imagePaths, int top = 5)
    {
        ArgumentNullException.ThrowIfNull(imagePaths);
        return PredictPixels(imagePaths.Select(LoadImage).ToList(), top);
    }

    /// <summary>Reads and decodes an image file into the model's input shape; an unreadable file raises an <see cref="AutoDLException"/> naming it.</summary>
    public byte[] LoadImage(string imagePath)
    {
        ArgumentNullException.ThrowIfNull(imagePath);
        byte[] encoded;
        try
        {
            encoded = File.ReadAllBytes(imagePath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new AutoDLException($"Cannot read '{imagePath}': {e.Message}", e);
        }
        return Decode(encoded, $"'{imagePath}'");
    }

    /// <summary>Decodes an encoded image into the model's input shape.</summary>
    public byte[] LoadImage(byte[] encodedImage)
    {
        ArgumentNullException.ThrowIfNull(encodedImage);
        return Decode(encodedImage, "the image");
    }

    /// <summary>Classifies decoded images already in the model's input shape (uint8, CHW).</summary>
    public IReadOnlyList<Prediction> PredictPixels(IReadOnlyList<byte[]> images, int top = 5)
    {
        ArgumentNullException.ThrowIfNull(images);
        int k = ClassNames.Count;
        top = Math.Clamp(top, 1, k);
        foreach (var image in images)
        {
            if (image.Length != Manifest.Input.PixelCount)
            {
                throw new ArgumentException($"An image has {image.Length} bytes; the model takes {Manifest.Input} = {Manifest.Input.PixelCount}.", nameof(images));
            }
        }
        float[] probabilities;
        lock (_gate)
        {
            probabilities = NetworkRunner.PredictProbabilities(_network, images.Count, i => images[i], Manifest.Input, _builder, k);
        }
        var predictions = new Prediction[images.Count];
        for (int i = 0; i < images.Count; i++)
        {
            var row = probabilities.AsSpan(i * k, k).ToArray();
            var ranked = Enumerable.Range(0, k).OrderByDescending(c => row[c]).Take(top).Select(c => new ClassScore(ClassNames[c], row[c])).ToList();
            predictions[i] = new Prediction(ranked[0].Label, ranked[0].Probability, ranked);
        }
        return predictions;
    }

    /// <summary>Accuracy, macro-F1, per-class metrics and confusion matrix on a labelled set whose classes are the model's.</summary>
    public ClassificationReport Evaluate(ImageDataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.Shape != Manifest.Input || !data.ClassNames.SequenceEqual(ClassNames))
        {
            throw new ArgumentException("Import the data with the model's input shape and class names (ImportOptions.TargetShape and ClassNames).", nameof(data));
        }
        float[] probabilities;
        lock (_gate)
        {
            probabilities = NetworkRunner.PredictProbabilities(_network, data, _builder, ClassNames.Count);
        }
        return ClassificationReport.FromProbabilities(data.Labels, probabilities, ClassNames);
    }

    /// <inheritdoc />
    public void Dispose() => _network.Dispose();

    private byte[] Decode(byte[] encoded, string what)
    {
        try
        {
            return ImageDecoder.Decode(encoded, Manifest.Input);
        }
        catch (ImageDecodeException e)
        {
            throw new AutoDLException($"Cannot read {what} as an image: {e.Message}. Pass a PNG, JPEG, BMP, GIF or WebP file.", e);
        }
    }
}
