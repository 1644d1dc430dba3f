using TorchSharp;

namespace AutoDL.Inference;

/// <summary>
/// Runs a forward pass with a given number of libtorch threads. libtorch's thread count is process-wide: a predictor
/// takes its own for the call and gives the process its count back, so it never slows down training (or another
/// predictor) in the same process.
/// </summary>
internal static class TorchThreads
{
    /// <summary>Runs <paramref name="work"/> with <paramref name="threads"/> intra-op threads.</summary>
    public static void With(int threads, Action work)
    {
        ArgumentNullException.ThrowIfNull(work);
        With(threads, () =>
        {
            work();
            return 0;
        });
    }

    /// <summary>The value of <paramref name="work"/>, run with <paramref name="threads"/> intra-op threads.</summary>
    public static T With<T>(int threads, Func<T> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        int previous = torch.get_num_threads();
        if (previous != threads)
        {
            torch.set_num_threads(threads);
        }
        try
        {
            return work();
        }
        finally
        {
            if (previous != threads)
            {
                torch.set_num_threads(previous);
            }
        }
    }
}
