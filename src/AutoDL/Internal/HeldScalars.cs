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
