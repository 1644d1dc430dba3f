namespace AutoDL.Pipeline;

/// <summary>
/// A learning task as the shared fit pipeline (<see cref="FitPipeline"/>) sees it: it knows how to read, check and
/// split its kind of data, and hands back everything else the pipeline needs to search, choose, evaluate and package
/// (<see cref="IPreparedTask"/>). docs/architecture.md lists which task implements what.
/// </summary>
internal interface IFitTask
{
    /// <summary>The task's name in manifests, studies and <c>--task</c>, e.g. "image-classification".</summary>
    string Name { get; }

    /// <summary>
    /// Whether the data at <paramref name="dataPath"/> is laid out as this task reads it (with <c>--task auto</c>). A check
    /// of the layout only: reading it may still fail, with a message that names the file.
    /// </summary>
    bool Recognizes(string dataPath);

    /// <summary>Imports the data at the options' path, checks it, leaves out what would make results wrong, and splits it.</summary>
    IPreparedTask Prepare(FitContext context);
}
