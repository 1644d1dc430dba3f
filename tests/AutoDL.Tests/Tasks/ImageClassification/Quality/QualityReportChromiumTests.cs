using System.Net;
using System.Text.RegularExpressions;
using AutoDL.Tasks.ImageClassification.Quality;
using AutoDL.Tests.Data;
using AutoDL.Tests.TestData;
using SkiaSharp;

namespace AutoDL.Tests.Tasks.ImageClassification.Quality;

/// <summary>
/// The HTML report in a real browser: Debian's chromium, headless. These fail (never skip) when chromium is
/// missing, because CI installs it (.ci/run).
/// </summary>
public sealed partial class QualityReportChromiumTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void The_html_report_renders_in_headless_chromium_with_no_console_errors_or_blocked_loads()
    {
        // Given a report with hostile file and class names
        string page = WriteReport(out string html);

        // When chromium loads it and prints the DOM it built
        var run = HeadlessChromium.Run(page, "--dump-dom");

        // Then it rendered the whole page, built no element from the data, loaded nothing and logged no error
        Assert.True(run.ExitCode == 0, $"chromium exited with {run.ExitCode}: {run.Command}\n{run.Error}");
        string dom = run.Output;
        Assert.Contains("<h1>Data quality report</h1>", dom, StringComparison.Ordinal);
        foreach (var heading in new[] { "Summary", "Class counts", "Examples per class", "Unreadable files (1)", "Duplicates (2 pairs, 1 across splits)", "Label suspects (3)", "Outliers (1)", "Odd images (1)" })
        {
            Assert.Contains($"<h2>{heading}</h2>", dom, StringComparison.Ordinal);
        }
        Assert.Contains("</footer>", dom, StringComparison.Ordinal);
        foreach (var name in QualityTestData.ClassNames)
        {
            Assert.Contains($"<h3>{WebUtility.HtmlEncode(name)}</h3>", dom, StringComparison.Ordinal);
        }
        // The DOM serialiser escapes <, > and & in text but not quotes: the file name came through as text.
        Assert.Contains("&lt;script&gt;alert('x')&lt;/script&gt; &amp; \"more\".png", dom, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", dom, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<b>", dom, StringComparison.Ordinal);
        Assert.Contains("<svg class=\"chart\"", dom, StringComparison.Ordinal);
        var sources = ImageSource().Matches(dom).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(ImageSource().Matches(html).Count, sources.Count);
        Assert.NotEmpty(sources);
        Assert.All(sources, s => Assert.StartsWith("data:image/png;base64,", s, StringComparison.Ordinal));
        var problems = HeadlessChromium.Problems(run.Error);
        Assert.True(problems.Count == 0, $"chromium reported problems with the page:\n{string.Join('\n', problems)}\n(command: {run.Command})");
    }

    [Fact]
    public void The_html_report_paints_its_bar_chart_and_text()
    {
        string page = WriteReport(out _);
        string screenshot = _temp.Combine("quality.png");

        // Tall enough to reach the chart below the header and summary.
        var run = HeadlessChromium.Run(page, $"--screenshot={screenshot}", "--window-size=1280,1600");

        Assert.True(run.ExitCode == 0, $"chromium exited with {run.ExitCode}: {run.Command}\n{run.Error}");
        using var picture = SKBitmap.Decode(screenshot);
        Assert.NotNull(picture);
        int bar = 0, dark = 0;
        for (int y = 0; y < picture.Height; y++)
        {
            for (int x = 0; x < picture.Width; x++)
            {
                var c = picture.GetPixel(x, y);
                // The training bars' colour (#4c78a8), give or take colour management.
                if (Math.Abs(c.Red - 0x4c) <= 4 && Math.Abs(c.Green - 0x78) <= 4 && Math.Abs(c.Blue - 0xa8) <= 4)
                {
                    bar++;
                }
                if (c.Red + c.Green + c.Blue < 150)
                {
                    dark++;
                }
            }
        }
        Assert.True(bar > 100, $"expected the chart's training bars in the screenshot, found {bar} pixels of their colour");
        Assert.True(dark > 1000, $"expected text in the screenshot, found {dark} dark pixels");
    }

    [Theory]
    [InlineData("script error")]
    [InlineData("blocked load")]
    public void The_browser_check_catches_what_it_is_there_to_catch(string fault)
    {
        // Given a page with a fault planted: a failing script, or the real report with an external image its policy must block
        string page = _temp.Combine("faulty.html");
        if (fault == "script error")
        {
            File.WriteAllText(page, "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>t</title></head><body><h1>t</h1><script>undefinedFunction();</script></body></html>");
        }
        else
        {
            WriteReport(out string html);
            File.WriteAllText(page, html.Replace("</footer>", "<img src=\"https://example.invalid/tracker.png\"></footer>", StringComparison.Ordinal));
        }

        var run = HeadlessChromium.Run(page, "--dump-dom");

        // Then the same check that passes the report flags it
        Assert.Equal(0, run.ExitCode);
        var problems = HeadlessChromium.Problems(run.Error);
        Assert.True(problems.Count > 0, $"the check missed a {fault}; chromium's log was:\n{run.Error}");
        Assert.Contains(problems, p => p.Contains(fault == "script error" ? "undefinedFunction" : "example.invalid/tracker.png", StringComparison.Ordinal));
    }

    [Fact]
    public void Container_noise_is_not_a_problem_but_console_messages_and_other_errors_are()
    {
        const string Log = """
            /usr/bin/chromium: 9: [: 25276502016: unexpected operator
            [32678:32708:1125/223739.558713:ERROR:dbus/bus.cc:405] Failed to connect to the bus: Failed to connect to socket /run/dbus/system_bus_socket: No such file or directory
            [32745:32745:1125/223739.761319:WARNING:media/gpu/vaapi/vaapi_wrapper.cc:1655] drmGetDevices2() has not found any devices
            [3655:3655:1205/183726.418914:ERROR:mojo/public/cpp/bindings/lib/interface_endpoint_client.cc:652] Message 1102119957 rejected by interface blink.mojom.FrameWidgetHost
            [22276:22323:1206/040546.252176:ERROR:gpu/command_buffer/service/shared_image/shared_image_manager.cc:401] SharedImageManager::ProduceMemory: Trying to Produce a Memory representation from a non-existent mailbox.
            [32678:32678:1125/223740.423020:INFO:CONSOLE:1] "boom", source: file:///tmp/a.html (1)
            [32678:32678:1125/223740.450000:ERROR:mojo/public/cpp/bindings/lib/interface_endpoint_client.cc:652] Message 7 rejected by interface blink.mojom.Other
            [32678:32678:1125/223740.500000:ERROR:content/browser/renderer_host/render_process_host_impl.cc:5000] Renderer crashed
            """;

        var problems = HeadlessChromium.Problems(Log);

        Assert.Equal(3, problems.Count);
        Assert.Contains("\"boom\"", problems[0], StringComparison.Ordinal);
        Assert.Contains("blink.mojom.Other", problems[1], StringComparison.Ordinal);
        Assert.Contains("Renderer crashed", problems[2], StringComparison.Ordinal);
    }

    private string WriteReport(out string html)
    {
        var data = QualityTestData.Imported(channels: 3);
        string path = _temp.Combine("quality.html");
        QualityReportHtml.Write(QualityTestData.Report(data), data, path);
        html = File.ReadAllText(path);
        return path;
    }

    [GeneratedRegex("<img [^>]*src=\"([^\"]*)\"")]
    private static partial Regex ImageSource();
}
