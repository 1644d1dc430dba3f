using System.Globalization;
using System.Net;
using System.Text;
using AutoDL.Data;

namespace AutoDL.Tasks.ImageClassification.Quality;

/// <summary>
/// Class counts per split as an inline SVG bar chart: one row per class, one bar per split. Horizontal bars
/// because class names are long and many; every bar carries its count, since the test split's bars are short
/// next to training's on a shared scale (a shared scale is the honest one: it shows how small test is).
/// </summary>
internal static class ClassCountChart
{
    private const int LabelWidth = 180;
    private const int BarArea = 420;
    private const int BarHeight = 11;
    private const int BarGap = 2;
    private const int GroupGap = 9;
    private const int LegendHeight = 24;

    /// <summary>Characters of a class name shown before it is cut (the full name is in the tooltip).</summary>
    private const int LabelCharacters = 26;

    private static readonly string[] s_colours = ["#4c78a8", "#f58518", "#54a24b"];

    /// <summary>The chart of the first <paramref name="maxClasses"/> classes, as SVG markup; every string in it is escaped.</summary>
    public static string Svg(IReadOnlyList<string> classNames, IReadOnlyList<SplitSummary> splits, int maxClasses)
    {
        int classes = Math.Min(classNames.Count, maxClasses);
        int largest = Math.Max(1, splits.SelectMany(s => s.ClassCounts).DefaultIfEmpty(0).Max());
        int groupHeight = (splits.Count * (BarHeight + BarGap)) + GroupGap;
        int width = LabelWidth + BarArea + 70;
        int height = LegendHeight + (classes * groupHeight) + 4;
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" role=\"img\" aria-label=\"Images per class and split\" font-size=\"12\">");
        for (int s = 0; s < splits.Count; s++)
        {
            int x = LabelWidth + (s * 120);
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{x}\" y=\"4\" width=\"12\" height=\"12\" fill=\"{Colour(splits[s].Split)}\"/><text x=\"{x + 16}\" y=\"14\">{Name(splits[s].Split)}</text>");
        }
        for (int k = 0; k < classes; k++)
        {
            int top = LegendHeight + (k * groupHeight);
            string name = classNames[k];
            string shown = name.Length > LabelCharacters ? name[..(LabelCharacters - 1)] + "…" : name;
            int middle = top + (splits.Count * (BarHeight + BarGap) / 2) + 4;
            svg.Append(CultureInfo.InvariantCulture, $"<g><title>{WebUtility.HtmlEncode(name)}</title><text x=\"{LabelWidth - 8}\" y=\"{middle}\" text-anchor=\"end\">{WebUtility.HtmlEncode(shown)}</text>");
            for (int s = 0; s < splits.Count; s++)
            {
                int count = k < splits[s].ClassCounts.Count ? splits[s].ClassCounts[k] : 0;
                int y = top + (s * (BarHeight + BarGap));
                double length = (double)BarArea * count / largest;
                // A class with no images in a split gets a hairline, so "none" reads differently from "not drawn".
                string barWidth = (count == 0 ? 1 : Math.Max(1.5, length)).ToString("0.#", CultureInfo.InvariantCulture);
                string countX = (LabelWidth + Math.Max(1.5, length) + 4).ToString("0.#", CultureInfo.InvariantCulture);
                string fill = count == 0 ? "#c00" : Colour(splits[s].Split);
                svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{LabelWidth}\" y=\"{y}\" width=\"{barWidth}\" height=\"{BarHeight}\" fill=\"{fill}\"/><text x=\"{countX}\" y=\"{y + BarHeight - 2}\" font-size=\"10\">{count.ToString("N0", CultureInfo.InvariantCulture)}</text>");
            }
            svg.Append("</g>");
        }
        svg.Append("</svg>");
        return svg.ToString();
    }

    // Colour by split, not by position, so test is the same green whether or not there is a validation split.
    private static string Colour(DataSplit split) => s_colours[(int)split % s_colours.Length];

    private static string Name(DataSplit split) => split.ToString().ToLowerInvariant();
}
