namespace AutoDL.Tests.TestData;

/// <summary>What one headless chromium run gave back.</summary>
/// <param name="ExitCode">The process exit code.</param>
/// <param name="Output">Standard output (the DOM, for --dump-dom).</param>
/// <param name="Error">Standard error: chromium's log.</param>
/// <param name="Command">The command line, for failure messages.</param>
internal sealed record ChromiumRun(int ExitCode, string Output, string Error, string Command);
