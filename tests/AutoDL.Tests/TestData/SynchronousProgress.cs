namespace AutoDL.Tests.TestData;

/// <summary>Calls back on the reporting thread (Progress&lt;T&gt; posts to the thread pool, so a test could read before it runs).</summary>
internal sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
{
    private readonly Lock _gate = new();

    public void Report(T value)
    {
        lock (_gate)
        {
            report(value);
        }
    }
}
