namespace AutoDL.Tasks;

/// <summary>The learning tasks AutoDL knows of.</summary>
public enum TaskKind
{
    /// <summary>One label per image.</summary>
    ImageClassification,
}
