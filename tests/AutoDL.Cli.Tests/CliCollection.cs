namespace AutoDL.Cli.Tests;

/// <summary>The CLI trains with libtorch, whose seeds and threads are process-wide: these tests run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class CliCollection
{
    public const string Name = "Cli";
}
