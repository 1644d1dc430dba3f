using System.Diagnostics;
using System.Text.RegularExpressions;

namespace AutoDL.Tests.TestData;

/// <summary>
/// Runs Debian's <c>chromium</c> headless on a local page and sorts what it logs into page problems and
/// environment noise. With <c>--enable-logging=stderr --v=0</c> every message on the page's console (script
/// errors, Content-Security-Policy violations, which is how a blocked load shows) is logged as a line whose
/// source is <c>CONSOLE</c>; everything else comes from the browser itself.
/// </summary>
internal static partial class HeadlessChromium
{
    /// <summary>How long one run may take; a cold start on a busy 2-core machine takes a few seconds.</summary>
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(90);

    /// <summary>
    /// Browser errors printed whatever the page, as (source prefix, text the message contains):
    /// a container without a desktop has no D-Bus system or session bus (dbus/bus.cc, dbus/object_proxy.cc;
    /// Debian 12's chromium 156, about 30 such lines a run); and headless chromium, tearing the window down
    /// right after <c>--dump-dom</c>, sometimes has a late widget message refused by the closing frame host
    /// (seen once in CI on a page with no script); and its GPU process, compositing in software with
    /// <c>--disable-gpu</c>, sometimes asks for a shared image the closing compositor has already dropped
    /// (a burst of "non-existent mailbox" lines, seen once in a full test run on a page with no script).
    /// Nothing else is filtered: any other ERROR or FATAL line counts as a problem, so a new kind of failure is seen.
    /// </summary>
    private static readonly (string Source, string Message)[] s_noise =
    [
        ("dbus/", ""),
        ("mojo/public/cpp/bindings/lib/interface_endpoint_client.cc", "rejected by interface blink.mojom.FrameWidgetHost"),
        ("gpu/command_buffer/service/shared_image/shared_image_manager.cc", "from a non-existent mailbox"),
    ];

    /// <summary>The chromium executable on PATH, or null.</summary>
    public static string? Find() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, "chromium"))
            .FirstOrDefault(File.Exists);

    /// <summary>The chromium executable, or a failed test that says how to install it (never a silent skip: CI installs it).</summary>
    public static string Require() => Find()
        ?? throw new Xunit.Sdk.XunitException("chromium is not on PATH. The HTML report test needs Debian's headless browser: sudo apt-get install -y chromium (.ci/run does it).");

    /// <summary>Runs chromium headless on <paramref name="page"/> with <paramref name="arguments"/> (e.g. <c>--dump-dom</c>, or <c>--screenshot=FILE</c> and <c>--window-size=W,H</c>).</summary>
    public static ChromiumRun Run(string page, params string[] arguments)
    {
        string chromium = Require();
        // A profile of its own: no lock shared with another run, and nothing written to $HOME.
        var profile = Directory.CreateTempSubdirectory("autodl-chromium-");
        try
        {
            var start = new ProcessStartInfo(chromium)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            string[] common =
            [
                "--headless=new", "--no-sandbox", "--disable-gpu", "--enable-logging=stderr", "--v=0",
                "--no-first-run", "--disable-extensions", $"--user-data-dir={profile.FullName}",
            ];
            foreach (var argument in common.Concat(arguments).Append(new Uri(page).AbsoluteUri))
            {
                start.ArgumentList.Add(argument);
            }
            using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {chromium}.");
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(s_timeout))
            {
                process.Kill(entireProcessTree: true);
                throw new Xunit.Sdk.XunitException($"chromium did not finish within {s_timeout.TotalSeconds} s on {page}.");
            }
            process.WaitForExit();
            return new ChromiumRun(process.ExitCode, output.Result, error.Result, $"{chromium} {string.Join(' ', start.ArgumentList)}");
        }
        finally
        {
            try
            {
                profile.Delete(recursive: true);
            }
            catch (IOException)
            {
                // A profile chromium still holds is left to the temp cleaner; it must not fail the test.
            }
        }
    }

    /// <summary>
    /// The lines of <paramref name="stderr"/> that say something went wrong with the page: every console message
    /// (the pages under test run no script, so a console message can only be an error or a blocked load), and
    /// every browser error that is not known container noise. Lines that are not chromium log lines (such as
    /// Debian's launcher script complaining about <c>findmnt</c>) are not chromium's verdict on the page.
    /// </summary>
    public static IReadOnlyList<string> Problems(string stderr)
    {
        var problems = new List<string>();
        foreach (var line in stderr.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var match = LogLine().Match(line);
            if (!match.Success)
            {
                continue;
            }
            string level = match.Groups["level"].Value;
            string source = match.Groups["source"].Value;
            bool console = source.StartsWith("CONSOLE", StringComparison.Ordinal);
            bool error = level is "ERROR" or "FATAL";
            string message = line[match.Length..];
            bool noise = s_noise.Any(n => source.StartsWith(n.Source, StringComparison.Ordinal) && message.Contains(n.Message, StringComparison.Ordinal));
            if (console || (error && !noise))
            {
                problems.Add(line);
            }
        }
        return problems;
    }

    // [pid:tid:MMDD/hhmmss.micros:LEVEL:source.cc(:line)] message, as base/logging writes it.
    [GeneratedRegex(@"^\[\d+:\d+:\d{4}/\d{6}\.\d+:(?<level>[A-Z]+\d*):(?<source>[^\]]+)\] ")]
    private static partial Regex LogLine();
}
