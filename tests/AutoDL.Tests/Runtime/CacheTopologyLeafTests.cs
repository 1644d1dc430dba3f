using AutoDL.Runtime;

namespace AutoDL.Tests.Runtime;

public sealed class CacheTopologyLeafTests
{
    // CPUID leaf 0 spells the vendor across EBX, EDX, ECX.
    private static readonly CpuidRegisters Amd = new(0x10, 0x6874_7541, 0x444D_4163, 0x6974_6E65);
    private static readonly CpuidRegisters Intel = new(0x20, 0x756E_6547, 0x6C65_746E, 0x4965_6E69);

    private static Func<uint, uint, CpuidRegisters> Cpu(CpuidRegisters vendor, uint highestExtendedLeaf, CpuidRegisters cacheLeaf) =>
        (leaf, _) => leaf switch
        {
            0 => vendor,
            0x8000_0000 => new CpuidRegisters(highestExtendedLeaf, 0, 0, 0),
            0x8000_001D => cacheLeaf,
            _ => default,
        };

    [Fact]
    public void Given_an_AMD_vm_that_advertises_the_leaf_but_answers_zeros_then_the_cache_sizes_are_hidden()
    {
        // The Zen 5 VM of issue 18: highest extended leaf 0x80000021, leaf 0x8000001D all zeros.
        Assert.True(CacheTopologyLeaf.IsEmpty(Cpu(Amd, 0x8000_0021, default)));
    }

    [Fact]
    public void Given_an_AMD_cpu_that_fills_the_leaf_then_nothing_is_hidden()
    {
        // Sub-leaf 0 of a Zen 4 VM: a level-1 data cache (type 1), 64-byte lines, 64 sets.
        Assert.False(CacheTopologyLeaf.IsEmpty(Cpu(Amd, 0x8000_0021, new CpuidRegisters(0x121, 0x1C0_003F, 0x3F, 0))));
    }

    [Fact]
    public void Given_a_hypervisor_that_hides_the_leaf_entirely_then_the_cache_sizes_are_still_hidden()
    {
        // The oneDNN in libtorch 2.10 reads the leaf on AMD without checking the highest extended leaf, and AMD CPUs
        // answer leaves past it with zeros.
        Assert.True(CacheTopologyLeaf.IsEmpty(Cpu(Amd, 0x8000_001A, default)));
    }

    [Fact]
    public void Given_an_Intel_cpu_then_the_AMD_leaf_is_not_consulted()
    {
        Assert.False(CacheTopologyLeaf.IsEmpty(Cpu(Intel, 0x8000_0008, default)));
    }
}
