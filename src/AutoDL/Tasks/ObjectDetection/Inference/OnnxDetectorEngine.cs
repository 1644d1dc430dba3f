using AutoDL.Data;
using AutoDL.Inference;
using AutoDL.Packaging;
using AutoDL.Packaging.Onnx;
using Microsoft.ML.OnnxRuntime;

namespace AutoDL.Tasks.ObjectDetection.Inference;

/// <summary>
/// Runs a packaged detector's <c>model.onnx</c> with ONNX Runtime: the graph normalises the uint8 images and decodes every
/// location itself (<see cref="OnnxExporter"/>), so this engine copies pixels in and the boxes and scores out.
/// </summary>
internal sealed class OnnxDetectorEngine : IDetectorEngine
{
    private readonly InferenceSession _session;
    // ONNX Runtime's managed Run needs run options (null throws); one instance serves every call.
    private readonly RunOptions _runOptions = new();
    private readonly int _classes;
    private readonly string[] _inputNames = [OnnxExporter.InputName];
    private readonly string[] _outputNames = [OnnxExporter.BoxesName, OnnxExporter.ScoresName];

    public OnnxDetectorEngine(PackageContents package, int threads)
    {
        ArgumentNullException.ThrowIfNull(package);
        _classes = package.Manifest.ClassNames.Count;
        _session = OnnxSessions.Open(package, threads);
    }

    public InferenceBackend Backend => InferenceBackend.Onnx;

    public DetectorOutputs Run(ImageSet images, int start, int count)
    {
        ArgumentNullException.ThrowIfNull(images);
        var shape = images.Shape;
        int pixels = shape.PixelCount;
        var buffer = new byte[(long)count * pixels];
        for (int i = 0; i < count; i++)
        {
            images.Image(start + i).CopyTo(buffer.AsSpan(i * pixels, pixels));
        }
        using var input = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, buffer.AsMemory(), [count, shape.Channels, shape.Height, shape.Width]);
        using var outputs = _session.Run(_runOptions, _inputNames, [input], _outputNames);
        var boxes = outputs[0].GetTensorDataAsSpan<float>().ToArray();
        var scores = outputs[1].GetTensorDataAsSpan<float>().ToArray();
        int locations = boxes.Length / (4 * Math.Max(1, count));
        if (boxes.Length != count * locations * 4 || scores.Length != count * locations * _classes)
        {
            throw new InvalidOperationException($"The ONNX model returned {boxes.Length} box values and {scores.Length} scores for {count} images of {_classes} classes.");
        }
        return new DetectorOutputs(boxes, scores, count, locations, _classes);
    }

    public void Dispose()
    {
        _session.Dispose();
        _runOptions.Dispose();
    }
}
