namespace AutoDL.Tests;

/// <summary>
/// libtorch seeds and thread counts are process-wide, so tests that train or seed run one at a time
/// (as TorchSharp's own test suite does).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TorchCollection
{
    public const string Name = "Torch";
}
