namespace AutoDL.Packaging;

/// <summary>The engine that runs a model's forward pass.</summary>
public enum InferenceBackend
{
    /// <summary>libtorch through TorchSharp: the engine the model was trained with.</summary>
    Torch,

    /// <summary>ONNX Runtime on the package's exported <c>model.onnx</c>: usually the faster one on a CPU.</summary>
    Onnx,
}
