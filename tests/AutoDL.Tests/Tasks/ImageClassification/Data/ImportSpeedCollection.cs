namespace AutoDL.Tests.Tasks.ImageClassification.Data;

/// <summary>Timing tests run alone: other tests on the same two cores would make the numbers meaningless.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ImportSpeedCollection
{
    public const string Name = "Import speed";
}
