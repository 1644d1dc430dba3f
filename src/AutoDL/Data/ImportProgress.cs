namespace AutoDL.Data;

/// <summary>How far an import has got.</summary>
/// <param name="Stage">What is being done: "scanning", "reading headers", "decoding" or "done".</param>
/// <param name="Done">Items finished in this stage.</param>
/// <param name="Total">Items in this stage.</param>
public sealed record ImportProgress(string Stage, int Done, int Total);
