using AutoDL.Packaging;
using AutoDL.Packaging.Onnx;
using Microsoft.ML.OnnxRuntime;

namespace AutoDL.Inference;

/// <summary>Opens a package's ONNX model in ONNX Runtime the way every engine of every task runs it.</summary>
internal static class OnnxSessions
{
    /// <summary>
    /// The package's <c>model.onnx</c> (exported on the spot when the package has none: a model saved mid-search) in a
    /// session with <paramref name="threads"/> intra-op threads.
    /// </summary>
    /// <exception cref="AutoDLException">ONNX Runtime cannot load it (the message names the package).</exception>
    public static InferenceSession Open(PackageContents package, int threads)
    {
        ArgumentNullException.ThrowIfNull(package);
        var onnx = package.Onnx ?? OnnxExporter.Export(package);
        using var options = new SessionOptions
        {
            IntraOpNumThreads = threads,
            // One request's forward pass uses the intra-op pool; parallel requests are the caller's business.
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        try
        {
            return new InferenceSession(onnx, options);
        }
        catch (OnnxRuntimeException e)
        {
            throw new AutoDLException($"ONNX Runtime cannot load the model in '{package.Path}': {e.Message}. Export it again with `autodl export`, or use --backend torch.", e);
        }
    }
}
