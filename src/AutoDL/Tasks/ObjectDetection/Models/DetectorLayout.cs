using AutoDL.Data;
using AutoDL.Models;
using static TorchSharp.torch;

namespace AutoDL.Tasks.ObjectDetection.Models;

/// <summary>
/// Where a detector's predictions sit: its pyramid levels and, flattened level by level and row by row, the pixel
/// position of every location. The network, the training targets and the decoding all read the same layout, so a
/// prediction's index means the same place to each of them.
/// </summary>
internal sealed class DetectorLayout
{
    /// <summary>
    /// An object goes to the level whose stride is about an eighth of its reach (FCOS's ranges: 0–64 pixels at stride
    /// 8, 64–128 at 16, …), so each level sees objects a few cells across.
    /// </summary>
    public const double ReachPerStride = 8;

    public DetectorLayout(ImageShape input, IReadOnlyList<FeatureMap> maps)
    {
        ArgumentNullException.ThrowIfNull(maps);
        if (maps.Count == 0)
        {
            throw new ArgumentException("A detector needs at least one feature map.", nameof(maps));
        }
        if (input.Width != input.Height)
        {
            throw new ArgumentException($"The detector takes square inputs (images are letterboxed into them), not {input.Width}×{input.Height}.", nameof(input));
        }
        Input = input;
        var levels = new List<PyramidLevel>();
        for (int i = 0; i < maps.Count; i++)
        {
            // The backbone halves the map at each stride-2 layer, rounding up: the true stride is the power of two
            // nearest the ratio (100 px over a 13-cell map is a stride of 8, not 7.7, and the cells' centres follow it).
            double stride = Math.Pow(2, Math.Round(Math.Log2((double)input.Width / maps[i].Width)));
            double min = i == 0 ? 0 : levels[i - 1].MaxReach;
            double max = i == maps.Count - 1 ? double.PositiveInfinity : ReachPerStride * stride;
            levels.Add(new PyramidLevel(stride, maps[i].Height, maps[i].Width, min, max));
        }
        Levels = levels;
        Locations = levels.Sum(l => l.Locations);
    }

    /// <summary>The layout of a detector with <paramref name="levels"/> levels on <paramref name="backbone"/>, from the backbone's plan, without building it.</summary>
    public static DetectorLayout Of(ModelConfig backbone, ImageShape input, int levels)
    {
        var taps = ModelFactory.EstimateBackbone(backbone, input).Taps;
        if (taps.Count < levels)
        {
            throw new ArgumentException($"The backbone marks {taps.Count} stage(s); a {levels}-level pyramid needs as many.", nameof(backbone));
        }
        return new DetectorLayout(input, [.. taps.Skip(taps.Count - levels)]);
    }

    /// <summary>The input images' shape.</summary>
    public ImageShape Input { get; }

    /// <summary>The levels, finest first.</summary>
    public IReadOnlyList<PyramidLevel> Levels { get; }

    /// <summary>All locations of all levels.</summary>
    public int Locations { get; }

    /// <summary>
    /// Per location: x and y of its centre in input pixels, its level's stride, and the reach range of its level
    /// (L × 5, float32). The centre of cell (i, j) is ((j + ½)·stride, (i + ½)·stride).
    /// </summary>
    public Tensor Points()
    {
        var values = new float[Locations * 5];
        int n = 0;
        foreach (var level in Levels)
        {
            for (int row = 0; row < level.Height; row++)
            {
                for (int column = 0; column < level.Width; column++)
                {
                    values[n++] = (float)((column + 0.5) * level.Stride);
                    values[n++] = (float)((row + 0.5) * level.Stride);
                    values[n++] = (float)level.Stride;
                    values[n++] = (float)level.MinReach;
                    values[n++] = double.IsPositiveInfinity(level.MaxReach) ? float.MaxValue : (float)level.MaxReach;
                }
            }
        }
        return tensor(values, [Locations, 5]);
    }
}
