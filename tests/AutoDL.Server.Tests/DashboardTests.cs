using AutoDL.Server.Dashboard;
using AutoDL.Tests.TestData;
using Microsoft.Playwright;

namespace AutoDL.Server.Tests;

/// <summary>
/// The fit dashboard in Debian's headless chromium, driven by Playwright. Fails (never skips) without chromium, which
/// CI installs.
/// </summary>
public sealed class DashboardTests : IDisposable
{
    private static readonly DashboardOptions Fast = new() { Port = 0, PollInterval = TimeSpan.FromMilliseconds(200) };

    private readonly string _folder = Directory.CreateTempSubdirectory("autodl-dashboard-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Given_a_fit_in_progress_when_a_trial_ends_then_the_page_shows_it_without_a_reload_or_a_console_error()
    {
        // Given a fit six trials in, followed by the dashboard in a browser
        RunFolders.Write(_folder, finished: false);
        await using var dashboard = await FitDashboard.StartAsync(_folder, Fast);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = HeadlessChromium.Require(), Args = ["--no-sandbox"] });
        var page = await browser.NewPageAsync();
        var problems = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type is "error" or "warning")
            {
                problems.Add($"{message.Type}: {message.Text}");
            }
        };
        page.PageError += (_, error) => problems.Add($"page error: {error}");
        int loads = 0;
        page.Load += (_, _) => loads++;
        await page.GotoAsync(dashboard.Address.ToString());
        await page.WaitForFunctionAsync("() => document.getElementById('live').textContent.startsWith('live')");
        Assert.Equal(0, await page.Locator("td", new() { HasText = "0.9900" }).CountAsync());

        // When a seventh trial ends in the fit's folder
        RunFolders.AddTrial(_folder, trial: 6, curve: [0.9, 0.99], atSeconds: 120);

        // Then the page shows it, in the leaderboard and the pushed count, on the page it loaded first
        await page.Locator("td", new() { HasText = "0.9900" }).First.WaitForAsync(new() { Timeout = 20_000 });
        Assert.Contains("trial 6", await page.Locator("#report").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(1, loads);
        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Fact]
    public async Task Given_a_folder_where_no_fit_has_started_then_the_page_waits_for_one()
    {
        await using var dashboard = await FitDashboard.StartAsync(_folder, Fast);
        using var client = new HttpClient();

        var page = await client.GetStringAsync(dashboard.Address);

        Assert.Contains("Waiting for a fit", page, StringComparison.Ordinal);
        Assert.Contains("<script src=\"/dashboard.js\"></script>", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_a_missing_folder_then_starting_is_refused_naming_it()
    {
        var missing = Path.Combine(_folder, "nope");

        var error = await Assert.ThrowsAsync<AutoDLException>(() => FitDashboard.StartAsync(missing, Fast));

        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
    }
}
