using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace AutoDL.Bench.Inference;

/// <summary>
/// The most float32 arithmetic this machine's cores can do, measured rather than taken from a data sheet (a
/// virtual machine's clock and vector units are whatever the host gives it): independent fused multiply-adds on
/// the widest vectors the runtime accelerates, one loop per thread, with more accumulators than the FMA
/// latency needs, so nothing but the FMA units limits it. No real kernel exceeds it; a model whose one-image
/// forward pass already runs near it cannot gain much from batching, whatever the server does.
/// (libtorch's GEMM was tried as the yardstick first and ONNX Runtime's convolutions beat it on this AMD
/// machine, so a library GEMM is not a ceiling.)
/// </summary>
internal static class MachinePeak
{
    private const long Iterations = 200_000_000;

    /// <summary>Multiply-adds per second with <paramref name="threads"/> threads each running the loop, best of three rounds.</summary>
    public static double MultiplyAddsPerSecond(int threads)
    {
        FmaLoop(1_000_000);
        double best = 0;
        for (int round = 0; round < 3; round++)
        {
            var clock = Stopwatch.StartNew();
            Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, _ => FmaLoop(Iterations / threads));
            best = Math.Max(best, (double)Iterations * Lanes * Accumulators / clock.Elapsed.TotalSeconds);
        }
        return best;
    }

    private const int Accumulators = 12;
    private static int Lanes => Vector512.IsHardwareAccelerated ? Vector512<float>.Count : Vector256<float>.Count;

    private static float FmaLoop(long iterations) =>
        Vector512.IsHardwareAccelerated ? FmaLoop512(iterations) : FmaLoop256(iterations);

    // Two copies of one loop: .NET has no public interface over Vector256 and Vector512 (ISimdVector is internal),
    // and a core with two 512-bit FMA units would show only half its peak through 256-bit vectors.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static float FmaLoop512(long iterations)
    {
        var m = Vector512.Create(0.9999f);
        var c = Vector512.Create(1e-6f);
        Vector512<float> a0 = Vector512.Create(1f), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0, a8 = a0, a9 = a0, a10 = a0, a11 = a0;
        for (long i = 0; i < iterations; i++)
        {
            a0 = Vector512.FusedMultiplyAdd(a0, m, c); a1 = Vector512.FusedMultiplyAdd(a1, m, c);
            a2 = Vector512.FusedMultiplyAdd(a2, m, c); a3 = Vector512.FusedMultiplyAdd(a3, m, c);
            a4 = Vector512.FusedMultiplyAdd(a4, m, c); a5 = Vector512.FusedMultiplyAdd(a5, m, c);
            a6 = Vector512.FusedMultiplyAdd(a6, m, c); a7 = Vector512.FusedMultiplyAdd(a7, m, c);
            a8 = Vector512.FusedMultiplyAdd(a8, m, c); a9 = Vector512.FusedMultiplyAdd(a9, m, c);
            a10 = Vector512.FusedMultiplyAdd(a10, m, c); a11 = Vector512.FusedMultiplyAdd(a11, m, c);
        }
        // The sum keeps the JIT from dropping the loop as dead code.
        return Vector512.Sum(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static float FmaLoop256(long iterations)
    {
        var m = Vector256.Create(0.9999f);
        var c = Vector256.Create(1e-6f);
        Vector256<float> a0 = Vector256.Create(1f), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0, a8 = a0, a9 = a0, a10 = a0, a11 = a0;
        for (long i = 0; i < iterations; i++)
        {
            a0 = Vector256.FusedMultiplyAdd(a0, m, c); a1 = Vector256.FusedMultiplyAdd(a1, m, c);
            a2 = Vector256.FusedMultiplyAdd(a2, m, c); a3 = Vector256.FusedMultiplyAdd(a3, m, c);
            a4 = Vector256.FusedMultiplyAdd(a4, m, c); a5 = Vector256.FusedMultiplyAdd(a5, m, c);
            a6 = Vector256.FusedMultiplyAdd(a6, m, c); a7 = Vector256.FusedMultiplyAdd(a7, m, c);
            a8 = Vector256.FusedMultiplyAdd(a8, m, c); a9 = Vector256.FusedMultiplyAdd(a9, m, c);
            a10 = Vector256.FusedMultiplyAdd(a10, m, c); a11 = Vector256.FusedMultiplyAdd(a11, m, c);
        }
        return Vector256.Sum(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11);
    }
}
