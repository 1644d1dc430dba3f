namespace AutoDL.Data;

/// <summary>Which part of a source an image belongs to.</summary>
public enum DataSplit
{
    /// <summary>Images the model learns from.</summary>
    Train,

    /// <summary>Images that choose between models and epochs.</summary>
    Validation,

    /// <summary>Held-out images that measure the final model.</summary>
    Test,
}
