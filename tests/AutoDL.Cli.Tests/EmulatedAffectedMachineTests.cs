using System.Diagnostics;

namespace AutoDL.Cli.Tests;

/// <summary>
/// The oneDNN cap and the convolution self-check (issue 18) on a machine that hides its cache sizes, emulated on an AMD
/// machine with CPUID faulting by bench/OneDnnIsaCap/empty-cache-leaf.sh, so that every run of the suite on such a
/// machine proves them, not only runs on the rare VMs that are affected. Skipped, saying why, where the emulation cannot
/// run (another vendor, no CPUID faulting, no C compiler).
/// </summary>
public sealed class EmulatedAffectedMachineTests
{
    private static readonly string Root = CliHarness.RepositoryRoot();
    private static readonly string Script = Path.Combine(Root, "bench", "OneDnnIsaCap", "empty-cache-leaf.sh");
    private static readonly string Package = Path.Combine(Root, "tests", "AutoDL.Tests", "TestData", "Packages", "fashion-mnist-sample-v1.adlpk");
    private static readonly string Image = Path.Combine(Root, "samples", "fashion-mnist-1k", "Bag", "0000.png");

    [SkippableFact]
    public async Task Given_hidden_cache_sizes_then_the_cli_caps_oneDNN_says_so_once_and_predicts_with_libtorch()
    {
        await SkipUnlessEmulationRuns();

        var (exit, error) = await PredictWithLibtorch(isa: null);

        Assert.True(exit == 0, error);
        var note = Assert.Single(error.Split('\n'), l => l.StartsWith("note: this CPU hides its cache sizes", StringComparison.Ordinal));
        Assert.Contains("ONEDNN_MAX_CPU_ISA is set to AVX2 for this process", note, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Given_hidden_cache_sizes_and_the_cap_switched_off_then_the_self_check_stops_libtorch_with_the_fix()
    {
        await SkipUnlessEmulationRuns();
        // Without AVX-512 oneDNN never runs the kernels that go wrong, and the numbers stay right uncapped.
        Skip.IfNot(File.ReadAllText("/proc/cpuinfo").Contains(" avx512f", StringComparison.Ordinal), "this CPU has no AVX-512, whose kernels are the wrong ones");

        var (exit, error) = await PredictWithLibtorch(isa: "ALL");

        Assert.Equal(1, exit);
        var line = Assert.Single(error.Split('\n'), l => l.StartsWith("error: ", StringComparison.Ordinal));
        Assert.StartsWith("error: libtorch computes wrong convolutions on this machine", line, StringComparison.Ordinal);
        Assert.Contains("Set ONEDNN_MAX_CPU_ISA=AVX2 in the environment (it is now ALL)", line, StringComparison.Ordinal);
    }

    private static async Task SkipUnlessEmulationRuns()
    {
        var (exit, error) = await Run(["true"], isa: null);
        Skip.If(exit != 0, $"the emulation cannot run here: {error.Trim()}");
    }

    private static Task<(int Exit, string Error)> PredictWithLibtorch(string? isa) =>
        Run(["dotnet", Path.Combine(AppContext.BaseDirectory, "AutoDL.Cli.dll"), "predict", Package, Image, "--backend", "torch"], isa);

    private static async Task<(int Exit, string Error)> Run(string[] command, string? isa)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Script);
        foreach (var argument in command)
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment.Remove("ONEDNN_MAX_CPU_ISA");
        start.Environment.Remove("DNNL_MAX_CPU_ISA");
        start.Environment.Remove("AUTODL_SKIP_SELF_CHECK");
        if (isa is not null)
        {
            start.Environment["ONEDNN_MAX_CPU_ISA"] = isa;
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        string error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        await output;
        return (process.ExitCode, error);
    }
}
