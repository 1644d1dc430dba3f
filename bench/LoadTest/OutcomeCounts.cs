using System.Collections.Concurrent;

namespace AutoDL.Bench.LoadTest;

/// <summary>
/// How often each outcome ("408", "closed without an answer", …) happened, counted from many concurrent tasks:
/// an outcome's name is what the report shows, so nobody has to decode a number.
/// </summary>
internal sealed class OutcomeCounts
{
    private readonly ConcurrentDictionary<string, long> _counts = new(StringComparer.Ordinal);

    public void Add(string outcome) => _counts.AddOrUpdate(outcome, 1, (_, count) => count + 1);

    public long this[string outcome] => _counts.GetValueOrDefault(outcome);

    public long Total => _counts.Values.Sum();

    public SortedDictionary<string, long> Snapshot() => new(_counts, StringComparer.Ordinal);
}
