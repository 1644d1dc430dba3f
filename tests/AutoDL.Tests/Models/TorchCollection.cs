namespace AutoDL.Tests.Models;

/// <summary>Torch seeds and thread counts are process-wide, so tests that build networks run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TorchCollection
{
    public const string Name = "Torch";
}
