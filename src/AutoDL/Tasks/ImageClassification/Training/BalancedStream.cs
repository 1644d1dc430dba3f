using AutoDL.Training;

namespace AutoDL.Tasks.ImageClassification.Training;

/// <summary>
/// Indices drawn class first: a uniformly random class, then the next image of that class's own shuffled stream.
/// Every class is then equally common in the batches, and inside a class every image is seen before any twice.
/// </summary>
internal sealed class BalancedStream : IIndexStream
{
    private readonly int[][] _members;
    private readonly ShuffledStream[] _streams;
    private readonly Random _random;

    public BalancedStream(IReadOnlyList<int> labels, int classes, Random random)
    {
        _random = random;
        _members = Enumerable.Range(0, classes)
            .Select(k => Enumerable.Range(0, labels.Count).Where(i => labels[i] == k).ToArray())
            .Where(m => m.Length > 0)
            .ToArray();
        if (_members.Length == 0)
        {
            throw new ArgumentException("Balanced sampling needs at least one labelled image.", nameof(labels));
        }
        _streams = _members.Select(m => new ShuffledStream(m.Length, random)).ToArray();
    }

    public int Next()
    {
        int k = _random.Next(_members.Length);
        return _members[k][_streams[k].Next()];
    }
}
