using AutoDL.Evaluation.Calibration;

namespace AutoDL.Tests.Evaluation.Calibration;

public sealed class TemperatureScalingTests
{
    private const int Classes = 5;

    [Theory]
    [InlineData(0.5)]
    [InlineData(1.0)]
    [InlineData(2.5)]
    public void Given_labels_drawn_from_softer_or_sharper_probabilities_then_the_fitted_temperature_is_the_one_that_made_them(double truthTemperature)
    {
        // The model reports softmax(z); the labels come from softmax(z / T): the best temperature is T.
        var (probabilities, truth) = Sample(count: 20_000, truthTemperature, seed: 7);

        double fitted = TemperatureScaling.Fit(truth, probabilities, Classes);

        Assert.InRange(fitted, truthTemperature * 0.93, truthTemperature * 1.07);
    }

    [Fact]
    public void Given_an_overconfident_model_then_calibration_lowers_its_log_likelihood_and_calibration_error()
    {
        var (probabilities, truth) = Sample(count: 5_000, truthTemperature: 3, seed: 11);
        double temperature = TemperatureScaling.Fit(truth, probabilities, Classes);

        var before = CalibrationFigures.Compute(truth, probabilities, Classes);
        var after = CalibrationFigures.Compute(truth, TemperatureScaling.Apply(probabilities, Classes, temperature), Classes);

        Assert.True(after.NegativeLogLikelihood < before.NegativeLogLikelihood, $"NLL {before.NegativeLogLikelihood} → {after.NegativeLogLikelihood}");
        Assert.True(after.ExpectedCalibrationError < before.ExpectedCalibrationError / 2, $"ECE {before.ExpectedCalibrationError} → {after.ExpectedCalibrationError}");
    }

    [Fact]
    public void Given_a_temperature_then_applying_its_inverse_restores_the_probabilities_and_no_prediction_changes()
    {
        var (probabilities, _) = Sample(count: 200, truthTemperature: 1, seed: 3);

        var scaled = TemperatureScaling.Apply(probabilities, Classes, 1.7);
        var restored = TemperatureScaling.Apply(scaled, Classes, 1 / 1.7);

        for (int i = 0; i < probabilities.Length; i++)
        {
            Assert.Equal(probabilities[i], restored[i], 1e-5f);
        }
        for (int row = 0; row < 200; row++)
        {
            Assert.Equal(ArgMax(probabilities.AsSpan(row * Classes, Classes)), ArgMax(scaled.AsSpan(row * Classes, Classes)));
            Assert.Equal(1.0, scaled.AsSpan(row * Classes, Classes).ToArray().Sum(), 1e-5);
        }
    }

    [Fact]
    public void Given_a_model_right_on_every_image_then_the_temperature_stops_at_the_lower_bound()
    {
        float[] probabilities = [0.9f, 0.1f, 0.2f, 0.8f];

        double fitted = TemperatureScaling.Fit([0, 1], probabilities, classes: 2);

        Assert.Equal(TemperatureScaling.MinTemperature, fitted, 1e-3);
    }

    private static (float[] Probabilities, int[] Truth) Sample(int count, double truthTemperature, int seed)
    {
        var random = new Random(seed);
        var probabilities = new float[count * Classes];
        var truth = new int[count];
        var logits = new double[Classes];
        for (int i = 0; i < count; i++)
        {
            for (int c = 0; c < Classes; c++)
            {
                logits[c] = 3 * (random.NextDouble() * 2 - 1);
            }
            var model = Softmax(logits, 1);
            var nature = Softmax(logits, truthTemperature);
            for (int c = 0; c < Classes; c++)
            {
                probabilities[i * Classes + c] = (float)model[c];
            }
            double u = random.NextDouble(), cumulative = 0;
            truth[i] = Classes - 1;
            for (int c = 0; c < Classes; c++)
            {
                cumulative += nature[c];
                if (u < cumulative)
                {
                    truth[i] = c;
                    break;
                }
            }
        }
        return (probabilities, truth);
    }

    private static double[] Softmax(double[] logits, double temperature)
    {
        var exp = logits.Select(z => Math.Exp(z / temperature)).ToArray();
        double sum = exp.Sum();
        return [.. exp.Select(e => e / sum)];
    }

    private static int ArgMax(ReadOnlySpan<float> row)
    {
        int best = 0;
        for (int c = 1; c < row.Length; c++)
        {
            best = row[c] > row[best] ? c : best;
        }
        return best;
    }
}
