using TorchSharp;

namespace AutoDL.Internal;

/// <summary>
/// Numbers for tensor operations, each kept alive until this is disposed.
/// </summary>
/// <remarks>
/// TorchSharp turns a number passed to a tensor operation into a finalizable <see cref="Scalar"/> that nothing
/// references once its native handle has been read. A garbage collection started by another thread during the native
/// call can finalize it, freeing the scalar while libtorch still reads it: a rare, random crash ("Expected false to
/// be true" from <c>Scalar::toDouble</c>). Every number given to libtorch in AutoDL goes through one of these, so it
/// outlives the call.
/// </remarks>
internal sealed class HeldScalars : IDisposable
{
    private readonly List<Scalar> _held = [];

    /// <summary>
    /// 1, held for the life of the process: the explicit alpha of a plain tensor addition. TorchSharp's <c>add(Tensor)</c>
    /// and the <c>+</c> operator make a temporary 1 for it, which a collection can free mid-call (measured: 14 native
    /// errors in 148,269 calls of a training batch norm while another thread collected).
    /// </summary>
    public static Scalar One { get; } = 1L.ToScalar();

    /// <summary>0, held for the life of the process: the start of a range.</summary>
    public static Scalar Zero { get; } = 0L.ToScalar();

    /// <summary>A scalar for <paramref name="value"/> that stays valid until <see cref="Dispose"/>.</summary>
    public Scalar Of(double value) => Hold(value.ToScalar());

    /// <summary>A scalar for <paramref name="value"/> that stays valid until <see cref="Dispose"/>.</summary>
    public Scalar Of(long value) => Hold(value.ToScalar());

    public void Dispose()
    {
        foreach (var scalar in _held)
        {
            scalar.Dispose();
        }
        _held.Clear();
    }

    private Scalar Hold(Scalar scalar)
    {
        _held.Add(scalar);
        return scalar;
    }
}
