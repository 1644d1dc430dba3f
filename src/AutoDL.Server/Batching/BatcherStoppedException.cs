namespace AutoDL.Server.Batching;

/// <summary>The batcher's consumer stopped after an internal error (<see cref="IBatchQueue.Fault"/>), so a queued image will never be predicted.</summary>
internal sealed class BatcherStoppedException(Exception fault)
    : Exception("The server's batcher stopped after an internal error; the server must be restarted.", fault);
