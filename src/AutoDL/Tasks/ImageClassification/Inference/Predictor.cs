using AutoDL.Data;
using AutoDL.Inference;
using AutoDL.Monitoring;
using AutoDL.Monitoring.Drift;
using AutoDL.Packaging;
using AutoDL.Tasks.ImageClassification.Data;
using AutoDL.Tasks.ImageClassification.Evaluation;

namespace AutoDL.Tasks.ImageClassification.Inference;

/// <summary>
/// A trained model loaded from its package, ready to classify images with the preprocessing it was
/// trained with, on ONNX Runtime or libtorch (<see cref="PredictorOptions"/>). Safe to call from several threads.
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
    private readonly IInferenceEngine _engine;
    // The profile the out-of-distribution score measures against, when the package has one the engine can feed.
    private readonly EmbeddingProfile? _profile;

    private Predictor(PackageManifest manifest, IInferenceEngine engine, InferenceSettings settings)
    {
        Manifest = manifest;
        _engine = engine;
        Settings = settings;
        _profile = EmbeddingProfile.From(manifest.Monitoring) is { } profile && profile.Size == engine.EmbeddingSize ? profile : null;
    }

    /// <summary>The package's manifest: classes, input, metrics, provenance.</summary>
    public PackageManifest Manifest { get; }

    /// <summary>Class names in output order.</summary>
    public IReadOnlyList<string> ClassNames => Manifest.ClassNames;

    /// <summary>How this predictor runs: the backend and threads in use, and the batching the package recommends.</summary>
    public InferenceSettings Settings { get; }

    /// <summary>
    /// Loads a package; a missing, damaged or tampered one raises an <see cref="AutoDLException"/>.
    /// Unset <paramref name="options"/> come from the package's optimised settings, then <see cref="InferenceSettings.Default"/>.
    /// </summary>
    public static Predictor Load(string packagePath, PredictorOptions? options = null) => Load(ModelPackage.ReadContents(packagePath), options);

    /// <summary>A predictor of a package already read (a caller that first looked at its task).</summary>
    internal static Predictor Load(PackageContents package, PredictorOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(package);
        var settings = InferenceSettings.Resolve(package.Manifest.Inference, options?.Backend, options?.Threads);
        IInferenceEngine engine = settings.Backend switch
        {
            InferenceBackend.Onnx => OnnxInferenceEngine.Create(package, settings.Threads),
            _ => TorchInferenceEngine.Create(package, settings.Threads),
        };
        return new Predictor(package.Manifest, engine, settings);
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
        var embeddings = _profile is null ? null : new float[(long)images.Count * _profile.Size];
        var probabilities = _engine.PredictProbabilities(images.Count, i => images[i], embeddings);
        var predictions = new Prediction[images.Count];
        for (int i = 0; i < images.Count; i++)
        {
            var row = probabilities.AsSpan(i * k, k).ToArray();
            var ranked = Enumerable.Range(0, k).OrderByDescending(c => row[c]).Take(top).Select(c => new ClassScore(ClassNames[c], row[c])).ToList();
            predictions[i] = new Prediction(ranked[0].Label, ranked[0].Probability, ranked) { Margin = Margin(row), Entropy = NormalisedEntropy(row) };
            if (_profile is not null)
            {
                var projected = new double[_profile.Components];
                _profile.Project(embeddings.AsSpan(i * _profile.Size, _profile.Size), projected);
                double distance = _profile.DistanceOfProjected(projected);
                predictions[i] = predictions[i] with
                {
                    FeatureDistance = distance,
                    OutOfDistribution = _profile.Unusualness(distance),
                    Observation = DriftObservations.Of(projected, row, images[i]),
                };
            }
        }
        return predictions;
    }

    /// <summary>
    /// Accuracy, macro-F1, per-class metrics, confusion matrix and calibration figures (before and after the package's
    /// temperature) on a labelled set whose classes are the model's.
    /// </summary>
    public ClassificationReport Evaluate(ImageDataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.Shape != Manifest.Input || !data.ClassNames.SequenceEqual(ClassNames))
        {
            throw new ArgumentException("Import the data with the model's input shape and class names (ImportOptions.TargetShape and ClassNames).", nameof(data));
        }
        var probabilities = _engine.PredictProbabilities(data.Count, data.Image);
        return ClassificationReport.FromProbabilities(data.Labels, probabilities, ClassNames, Manifest.Calibration?.Temperature);
    }

    /// <inheritdoc />
    public void Dispose() => _engine.Dispose();

    private static double Margin(float[] row)
    {
        double first = double.NegativeInfinity, second = 0;
        foreach (var p in row)
        {
            (first, second) = p > first ? (p, Math.Max(first, second)) : (first, Math.Max(second, p));
        }
        return row.Length == 1 ? 1 : first - second;
    }

    private static double NormalisedEntropy(float[] row)
    {
        if (row.Length < 2)
        {
            return 0;
        }
        double entropy = 0;
        foreach (var p in row)
        {
            entropy -= p > 0 ? p * Math.Log(p) : 0;
        }
        return Math.Clamp(entropy / Math.Log(row.Length), 0, 1);
    }

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
