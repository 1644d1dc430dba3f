namespace AutoDL.Data;

/// <summary>Which part of a source an image belongs to.</summary>
internal enum DataSplit
{
    Train,
    Validation,
    Test,
}
