namespace AutoDL.Internal;

/// <summary>
/// Reports on the calling thread, in order. <see cref="Progress{T}"/> posts each report to the thread pool, so
/// reports could arrive late, out of order, or at the same time as the caller's own.
/// </summary>
internal sealed class ImmediateProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
