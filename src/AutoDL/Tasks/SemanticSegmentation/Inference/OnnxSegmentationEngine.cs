using AutoDL.Inference;
using AutoDL.Packaging;
using AutoDL.Packaging.Onnx;
using Microsoft.ML.OnnxRuntime;

namespace AutoDL.Tasks.SemanticSegmentation.Inference;

/// <summary>
/// Runs a packaged segmentation network's <c>model.onnx</c> with ONNX Runtime: the graph normalises the uint8 pixels and
/// takes images of any size (<see cref="OnnxExporter"/>), so this engine copies pixels in and the logits out.
/// </summary>
internal sealed class OnnxSegmentationEngine : ISegmentationEngine
{
    private readonly InferenceSession _session;
    // ONNX Runtime's managed Run needs run options (null throws); one instance serves every call.
    private readonly RunOptions _runOptions = new();
    private readonly string[] _inputNames = [OnnxExporter.InputName];
    private readonly string[] _outputNames = [OnnxExporter.LogitsName];

    public OnnxSegmentationEngine(PackageContents package, int threads)
    {
        ArgumentNullException.ThrowIfNull(package);
        Classes = package.Manifest.ClassNames.Count;
        _session = OnnxSessions.Open(package, threads);
    }

    public InferenceBackend Backend => InferenceBackend.Onnx;

    public int Classes { get; }

    public void Logits(byte[] pixels, int count, int height, int width, float[] logits)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        ArgumentNullException.ThrowIfNull(logits);
        int bytes = count * 3 * height * width;
        using var input = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, pixels.AsMemory(0, bytes), [count, 3, height, width]);
        using var outputs = _session.Run(_runOptions, _inputNames, [input], _outputNames);
        var output = outputs[0].GetTensorDataAsSpan<float>();
        if (output.Length != count * Classes * height * width)
        {
            throw new InvalidOperationException($"The ONNX model returned {output.Length} logits for {count} images of {width}x{height} and {Classes} classes.");
        }
        output.CopyTo(logits);
    }

    public void Dispose()
    {
        _session.Dispose();
        _runOptions.Dispose();
    }
}
