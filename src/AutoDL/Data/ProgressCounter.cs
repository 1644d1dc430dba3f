namespace AutoDL.Data;

/// <summary>
/// Counts finished items from many threads and reports about every 1%, because reporting each of 60,000
/// files would flood a UI thread with callbacks.
/// </summary>
internal sealed class ProgressCounter
{
    private readonly IProgress<ImportProgress>? _progress;
    private readonly string _stage;
    private readonly int _total;
    private readonly int _step;
    private int _done;

    public ProgressCounter(IProgress<ImportProgress>? progress, string stage, int total)
    {
        _progress = progress;
        _stage = stage;
        _total = total;
        _step = Math.Max(1, total / 100);
    }

    public void Increment()
    {
        int done = Interlocked.Increment(ref _done);
        if (_progress is not null && (done % _step == 0 || done == _total))
        {
            _progress.Report(new ImportProgress(_stage, done, _total));
        }
    }
}
