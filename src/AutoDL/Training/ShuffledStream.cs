namespace AutoDL.Training;

/// <summary>Indices 0..count-1 in shuffled passes: each pass visits every index once, then reshuffles.</summary>
internal sealed class ShuffledStream : IIndexStream
{
    private readonly int[] _order;
    private readonly Random _random;
    private int _cursor;

    public ShuffledStream(int count, Random random)
    {
        _order = Enumerable.Range(0, count).ToArray();
        _random = random;
        _cursor = count;
    }

    public int Next()
    {
        if (_cursor == _order.Length)
        {
            _random.Shuffle(_order);
            _cursor = 0;
        }
        return _order[_cursor++];
    }
}
