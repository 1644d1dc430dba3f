using System.Runtime.Intrinsics.X86;

namespace AutoDL.Runtime;

/// <summary>
/// AMD's cache-topology CPUID leaf (0x8000001D), from which oneDNN learns the cache sizes it blocks its kernels for.
/// Some hypervisors advertise the leaf but answer it with zeros. The oneDNN inside libtorch 2.10 (3.7.1) reads it on
/// every AMD CPU, whatever the highest extended leaf, and multiplies its fields plus one: every cache level comes out
/// at 1 byte (its fallback to typical sizes only applies when no level is found, which 3.8 fixed). The AVX-512
/// convolution kernels blocked for that size compute wrong outputs and gradients, and some shapes write outside their
/// buffers. An empty first sub-leaf is the sign: a real AMD CPU always describes its level-1 data cache there.
/// </summary>
internal static class CacheTopologyLeaf
{
    private const uint VendorLeaf = 0;
    private const uint Leaf = 0x8000_001D;

    // "AuthenticAMD", as CPUID leaf 0 spells it across EBX, EDX and ECX.
    private const uint Auth = 0x6874_7541, Enti = 0x6974_6E65, Camd = 0x444D_4163;

    /// <summary>Whether this CPU is AMD and leaves the leaf empty; false where CPUID does not exist.</summary>
    public static bool IsEmptyHere() => X86Base.IsSupported && IsEmpty(ReadCpuid);

    /// <summary>The same decision over any CPUID answers (tests give it those of the machines we have met).</summary>
    public static bool IsEmpty(Func<uint, uint, CpuidRegisters> cpuid)
    {
        ArgumentNullException.ThrowIfNull(cpuid);
        var vendor = cpuid(VendorLeaf, 0);
        if (vendor is not { Ebx: Auth, Edx: Enti, Ecx: Camd })
        {
            return false;
        }
        // Bits 0-4 of EAX give the cache type; 0 means "no more caches", here before the first one.
        return (cpuid(Leaf, 0).Eax & 0x1F) == 0;
    }

    private static CpuidRegisters ReadCpuid(uint leaf, uint subleaf)
    {
        var (eax, ebx, ecx, edx) = X86Base.CpuId(unchecked((int)leaf), unchecked((int)subleaf));
        return new CpuidRegisters(unchecked((uint)eax), unchecked((uint)ebx), unchecked((uint)ecx), unchecked((uint)edx));
    }
}
