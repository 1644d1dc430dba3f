using System.Globalization;
using AutoDL.Evaluation.Calibration;
using ScottPlot;

namespace AutoDL.Evaluation.Report;

/// <summary>The run report's charts, drawn by ScottPlot as SVG markup to put inline in the page (no script, no files).</summary>
internal static class RunReportCharts
{
    private const int Width = 760, Height = 320;

    /// <summary>Most learning curves drawn: past that the lines are a tangle; the leaderboard lists every trial.</summary>
    public const int MaxCurves = 30;

    /// <summary>Each validation of any trial at the wall time it ended, and the best so far as a step line.</summary>
    public static string SearchOverTime(IReadOnlyList<(double Seconds, double Value)> validated, string metric, bool maximize)
    {
        var plot = new Plot();
        double[] xs = [.. validated.Select(e => e.Seconds)];
        double[] ys = [.. validated.Select(e => e.Value)];
        var points = plot.Add.ScatterPoints(xs, ys);
        points.LegendText = "an epoch validated";
        var best = new double[ys.Length];
        for (int i = 0; i < ys.Length; i++)
        {
            best[i] = i == 0 ? ys[0] : maximize ? Math.Max(best[i - 1], ys[i]) : Math.Min(best[i - 1], ys[i]);
        }
        var line = plot.Add.Scatter(xs, best);
        line.ConnectStyle = ConnectStyle.StepHorizontal;
        line.MarkerSize = 0;
        line.LegendText = "best so far";
        plot.XLabel("wall time (s)");
        plot.YLabel($"validation {metric.Replace('_', ' ')}");
        plot.ShowLegend(maximize ? Alignment.LowerRight : Alignment.UpperRight);
        return Svg(plot);
    }

    /// <summary>Each trial's validation value after each epoch, one line a trial.</summary>
    public static string LearningCurves(IReadOnlyList<(int Trial, IReadOnlyList<double> Values)> curves, string metric)
    {
        var plot = new Plot();
        foreach (var (trial, values) in curves.Take(MaxCurves))
        {
            double[] epochs = [.. Enumerable.Range(1, values.Count).Select(e => (double)e)];
            var line = plot.Add.Scatter(epochs, values.ToArray());
            line.LegendText = string.Create(CultureInfo.InvariantCulture, $"trial {trial}");
            line.MarkerSize = 3;
        }
        plot.XLabel("epoch");
        plot.YLabel($"validation {metric.Replace('_', ' ')}");
        if (curves.Count <= 12)
        {
            plot.ShowLegend(Alignment.LowerRight);
        }
        return Svg(plot);
    }

    /// <summary>The parameters' shares of the variance as horizontal bars, largest on top.</summary>
    public static string Importance(IReadOnlyList<ParameterShare> shares)
    {
        var plot = new Plot();
        var bars = shares.Reverse().Select((s, i) => new Bar { Position = i, Value = s.Share, FillColor = Colors.SteelBlue }).ToList();
        var plotted = plot.Add.Bars(bars);
        plotted.Horizontal = true;
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual([.. Enumerable.Range(0, shares.Count).Select(i => (double)i)], [.. shares.Reverse().Select(s => s.Name)]);
        plot.Axes.SetLimitsX(0, 1);
        plot.XLabel("share of the variance of the validation values (η²)");
        return Svg(plot, height: Math.Max(160, 40 + 28 * shares.Count));
    }

    /// <summary>A reliability diagram: accuracy against confidence per bin, with and without the temperature, and the diagonal a calibrated model follows.</summary>
    public static string Reliability(CalibrationFigures calibrated, CalibrationFigures? uncalibrated)
    {
        var plot = new Plot();
        var diagonal = plot.Add.Line(0, 0, 1, 1);
        diagonal.LinePattern = LinePattern.Dashed;
        diagonal.Color = Colors.Gray;
        diagonal.LegendText = "perfectly calibrated";
        if (uncalibrated is not null)
        {
            Curve(plot, uncalibrated, Colors.OrangeRed, "without the temperature");
        }
        Curve(plot, calibrated, Colors.SteelBlue, uncalibrated is null ? "as delivered" : "with the temperature");
        plot.Axes.SetLimits(0, 1, 0, 1);
        plot.XLabel("confidence (mean of the bin)");
        plot.YLabel("accuracy");
        plot.ShowLegend(Alignment.LowerRight);
        return Svg(plot, width: 480, height: 400);
    }

    private static void Curve(Plot plot, CalibrationFigures figures, Color color, string label)
    {
        var used = figures.Bins.Where(b => b.Count > 0).ToList();
        var line = plot.Add.Scatter(used.Select(b => b.MeanConfidence).ToArray(), used.Select(b => b.Accuracy).ToArray());
        line.Color = color;
        line.MarkerSize = 6;
        line.LegendText = string.Create(CultureInfo.InvariantCulture, $"{label} (ECE {figures.ExpectedCalibrationError:0.000})");
    }

    private static string Svg(Plot plot, int width = Width, int height = Height) => plot.GetSvgXml(width, height);
}
