using static TorchSharp.torch;

namespace AutoDL.Data.Augmentation;

/// <summary>
/// Applies an <see cref="AugmentationConfig"/>'s tensor operations to a normalised training batch, in the order of
/// the literature's recipes: the TrivialAugment policy, then random erasing, then mixing. Draws every random choice
/// from the trainer's seeded <see cref="Random"/>, so a trial is reproducible.
/// </summary>
public sealed class BatchAugmenter : IDisposable
{
    /// <summary>Random erasing's defaults (Zhong et al., 2020): 2–40 % of the image, aspect ratio 0.3–3.3.</summary>
    private const double MinErasedArea = 0.02, MaxErasedArea = 0.4, MinAspect = 0.3;

    private const double MixupAlpha = 0.2, CutMixAlpha = 1.0;

    private readonly AugmentationConfig _config;
    private readonly ImageShape _shape;
    private readonly Random _random;
    private readonly TrivialAugmentPolicy? _policy;
    private readonly float[] _black;
    private readonly float _pixelStd;
    private readonly Generator _noise;

    /// <summary>Creates an augmenter for images of <paramref name="shape"/> normalised with <paramref name="stats"/>.</summary>
    public BatchAugmenter(AugmentationConfig config, ImageShape shape, NormalizationStats stats, Random random)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(stats);
        if (config.ErasingProbability is < 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(config), config.ErasingProbability, "The erasing probability must be in [0, 1].");
        }
        _config = config;
        _shape = shape;
        _random = random ?? throw new ArgumentNullException(nameof(random));
        _policy = config.Magnitude > 0 ? new TrivialAugmentPolicy(config.Magnitude) : null;
        // Black before normalisation, so shifted-in borders look like the padding of the uint8 crop.
        _black = stats.Mean.Select((m, c) => -m / stats.Std[c]).ToArray();
        _pixelStd = stats.Std.Average();
        _noise = new Generator((ulong)_random.NextInt64());
    }

    /// <summary>Releases the noise generator.</summary>
    public void Dispose() => _noise.Dispose();

    /// <summary>
    /// Augments a batch of <paramref name="images"/> (N×C×H×W, normalised). Returns the new batch and, when images
    /// were mixed, how their targets mix. The input is left as it is.
    /// </summary>
    public (Tensor Images, MixedTargets? Mix) Apply(Tensor images)
    {
        ArgumentNullException.ThrowIfNull(images);
        int n = (int)images.shape[0];
        var x = images.alias();
        if (_policy is not null)
        {
            var matrices = new float[n * 6];
            var brightness = new float[n];
            var contrast = new float[n];
            _policy.Draw(_random, n, _shape.Height, _shape.Width, _pixelStd, matrices, brightness, contrast);
            x = Replace(x, TensorAugmentations.Affine(x, matrices, _black));
            x = Replace(x, TensorAugmentations.BrightnessContrast(x, brightness, contrast));
        }
        if (_config.ErasingProbability > 0)
        {
            x = Replace(x, TensorAugmentations.Erase(x, ErasingBoxes(n), _noise));
        }
        MixedTargets? mix = null;
        if (_config.Mix != MixKind.None && n > 1)
        {
            var partners = Enumerable.Range(0, n).Select(i => (long)i).ToArray();
            _random.Shuffle(partners);
            if (_config.Mix == MixKind.Mixup)
            {
                float lambda = (float)BetaSampler.Symmetric(_random, MixupAlpha);
                x = Replace(x, TensorAugmentations.Mixup(x, partners, lambda));
                mix = new MixedTargets(partners, lambda);
            }
            else
            {
                var (top, left, height, width) = CutMixBox(BetaSampler.Symmetric(_random, CutMixAlpha));
                x = Replace(x, TensorAugmentations.CutMix(x, partners, top, left, height, width));
                // The pasted area decides the mix, after the box was clipped to the image.
                mix = new MixedTargets(partners, 1 - (float)(height * width) / (_shape.Height * _shape.Width));
            }
        }
        return (x, mix);
    }

    private static Tensor Replace(Tensor old, Tensor next)
    {
        old.Dispose();
        return next;
    }

    private int[] ErasingBoxes(int n)
    {
        int h = _shape.Height, w = _shape.Width;
        var boxes = new int[n * 4];
        for (int i = 0; i < n; i++)
        {
            if (_random.NextDouble() >= _config.ErasingProbability)
            {
                continue;
            }
            // Zhong et al. retry until the rectangle fits; ten tries, then the image is left whole.
            for (int attempt = 0; attempt < 10; attempt++)
            {
                double area = h * w * (MinErasedArea + _random.NextDouble() * (MaxErasedArea - MinErasedArea));
                double aspect = Math.Exp(Math.Log(MinAspect) + _random.NextDouble() * (Math.Log(1 / MinAspect) - Math.Log(MinAspect)));
                int eh = (int)Math.Round(Math.Sqrt(area * aspect)), ew = (int)Math.Round(Math.Sqrt(area / aspect));
                if (eh >= 1 && ew >= 1 && eh < h && ew < w)
                {
                    (boxes[4 * i], boxes[4 * i + 1], boxes[4 * i + 2], boxes[4 * i + 3]) = (_random.Next(h - eh + 1), _random.Next(w - ew + 1), eh, ew);
                    break;
                }
            }
        }
        return boxes;
    }

    /// <summary>CutMix's box: a side ratio of √(1 − λ), centred uniformly, clipped to the image.</summary>
    private (int Top, int Left, int Height, int Width) CutMixBox(double lambda)
    {
        int h = _shape.Height, w = _shape.Width;
        double ratio = Math.Sqrt(1 - lambda);
        int bh = (int)(h * ratio), bw = (int)(w * ratio);
        int cy = _random.Next(h), cx = _random.Next(w);
        int top = Math.Clamp(cy - bh / 2, 0, h), bottom = Math.Clamp(cy + bh / 2, 0, h);
        int left = Math.Clamp(cx - bw / 2, 0, w), right = Math.Clamp(cx + bw / 2, 0, w);
        return (top, left, bottom - top, right - left);
    }
}
