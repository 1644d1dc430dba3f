using AutoDL.Runtime;

namespace AutoDL.Tests.Runtime;

public sealed class NativeAllocatorTests
{
    [Fact]
    public void Glibc_accepts_the_settings()
    {
        // Debian's C library is glibc; mallopt refuses a value outside its limits, so this fails if a setting is wrong.
        Assert.True(OperatingSystem.IsLinux());
        Assert.True(NativeAllocator.TryKeepBuffersForReuse());
    }
}
