using AutoDL.Training;

namespace AutoDL.Tests.Training;

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
