namespace AutoDL.Tests.Data;

/// <summary>Calls back on the reporting thread (Progress&lt;T&gt; posts to the thread pool, so a test could read before it runs).</summary>
internal sealed class SynchronousProgress(Action<AutoDL.Data.ImportProgress> report) : IProgress<AutoDL.Data.ImportProgress>
{
    private readonly Lock _gate = new();

    public void Report(AutoDL.Data.ImportProgress value)
    {
        lock (_gate)
        {
            report(value);
        }
    }
}
