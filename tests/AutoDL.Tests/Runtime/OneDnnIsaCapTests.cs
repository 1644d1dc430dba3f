using AutoDL.Runtime;

namespace AutoDL.Tests.Runtime;

public sealed class OneDnnIsaCapTests
{
    [Fact]
    public void Given_hidden_cache_sizes_and_no_variable_then_the_cap_is_applied()
    {
        Assert.Equal(OneDnnIsaCapState.Applied, OneDnnIsaCap.Decide(cacheSizesHidden: true, userValue: null, legacyUserValue: ""));
    }

    [Theory]
    [InlineData("ALL", null)]
    [InlineData(null, "AVX512_CORE")]
    public void Given_hidden_cache_sizes_and_a_variable_the_user_set_then_it_is_left_alone(string? value, string? legacyValue)
    {
        Assert.Equal(OneDnnIsaCapState.LeftToUser, OneDnnIsaCap.Decide(cacheSizesHidden: true, value, legacyValue));
    }

    [Fact]
    public void Given_visible_cache_sizes_then_oneDNN_chooses_as_everywhere()
    {
        Assert.Equal(OneDnnIsaCapState.NotNeeded, OneDnnIsaCap.Decide(cacheSizesHidden: false, userValue: null, legacyUserValue: null));
    }

    [Fact]
    public void The_notice_says_what_was_set_and_how_to_choose_otherwise()
    {
        Assert.Null(OneDnnIsaCap.Notice(OneDnnIsaCapState.NotNeeded, null));
        var applied = OneDnnIsaCap.Notice(OneDnnIsaCapState.Applied, "AVX2")!;
        Assert.Contains("ONEDNN_MAX_CPU_ISA is set to AVX2", applied, StringComparison.Ordinal);
        var left = OneDnnIsaCap.Notice(OneDnnIsaCapState.LeftToUser, "ALL")!;
        Assert.Contains("left as you set it (ALL)", left, StringComparison.Ordinal);
    }

    [Fact]
    public void The_decision_on_this_machine_follows_its_cpuid_and_reaches_native_code()
    {
        var state = OneDnnIsaCap.State;
        Assert.Equal(CacheTopologyLeaf.IsEmptyHere(), state != OneDnnIsaCapState.NotNeeded);
        if (state == OneDnnIsaCapState.Applied)
        {
            Assert.Equal(OneDnnIsaCap.CappedIsa, LibcEnvironment.Get(OneDnnIsaCap.Variable));
        }
    }

    [Fact]
    public void A_variable_set_through_libc_is_seen_by_native_getenv_and_by_dotnet()
    {
        // Environment.SetEnvironmentVariable alone never reaches the C library's environ on Unix, which oneDNN reads.
        string managedOnly = $"AUTODL_TEST_{Guid.NewGuid():N}";
        Environment.SetEnvironmentVariable(managedOnly, "AVX2");
        Assert.Null(LibcEnvironment.Get(managedOnly));

        string name = $"AUTODL_TEST_{Guid.NewGuid():N}";
        Assert.True(LibcEnvironment.TrySet(name, "AVX2"));
        Assert.Equal("AVX2", LibcEnvironment.Get(name));
        Assert.Equal("AVX2", Environment.GetEnvironmentVariable(name));
    }
}
