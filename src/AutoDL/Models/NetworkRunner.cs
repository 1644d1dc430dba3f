using AutoDL.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace AutoDL.Models;

/// <summary>Runs a network over uint8 images in evaluation mode: the one forward path shared by validation, evaluation and prediction.</summary>
internal static class NetworkRunner
{
    /// <summary>Images per forward pass when nothing is being trained; large enough to amortise per-call overhead, small enough for any laptop.</summary>
    public const int DefaultBatchSize = 256;

    /// <summary>Class probabilities, row-major: image i's probabilities are [i*classes, (i+1)*classes).</summary>
    public static float[] PredictProbabilities(nn.Module<Tensor, Tensor> network, ImageSet images, BatchBuilder builder, int classes, int batchSize = DefaultBatchSize)
    {
        return PredictProbabilities(network, images.Count, images.Image, images.Shape, builder, classes, batchSize);
    }

    /// <summary>Class probabilities for <paramref name="count"/> images read through <paramref name="image"/>.</summary>
    public static float[] PredictProbabilities(nn.Module<Tensor, Tensor> network, int count, ImageAccessor image, ImageShape shape, BatchBuilder builder, int classes, int batchSize = DefaultBatchSize) =>
        PredictProbabilities(network, count, image, shape, builder, classes, embeddings: null, batchSize);

    /// <summary>
    /// Class probabilities, and each image's embedding written row-major into <paramref name="embeddings"/> when given
    /// (image i's are [i·d, (i+1)·d) for the network's <see cref="IEmbeddingNetwork.EmbeddingSize"/> d).
    /// </summary>
    public static float[] PredictProbabilities(nn.Module<Tensor, Tensor> network, int count, ImageAccessor image, ImageShape shape, BatchBuilder builder, int classes, float[]? embeddings, int batchSize = DefaultBatchSize)
    {
        var embedder = embeddings is null ? null : network as IEmbeddingNetwork ?? throw new ArgumentException("The network gives no embedding.", nameof(network));
        int size = embedder?.EmbeddingSize ?? 0;
        if (embeddings is not null && embeddings.Length != (long)count * size)
        {
            throw new ArgumentException($"Room for {embeddings.Length} embedding values; {count} images of {size} need {(long)count * size}.", nameof(embeddings));
        }
        var result = new float[(long)count * classes];
        var buffer = new float[(long)Math.Min(batchSize, Math.Max(count, 1)) * shape.PixelCount];
        bool wasTraining = network.training;
        network.eval();
        try
        {
            using var noGrad = torch.no_grad();
            for (int start = 0; start < count; start += batchSize)
            {
                int n = Math.Min(batchSize, count - start);
                for (int i = 0; i < n; i++)
                {
                    builder.Write(image(start + i), buffer.AsSpan(i * shape.PixelCount, shape.PixelCount));
                }
                using var scope = torch.NewDisposeScope();
                var input = torch.tensor(buffer.AsSpan(0, n * shape.PixelCount).ToArray(), new long[] { n, shape.Channels, shape.Height, shape.Width });
                Tensor logits;
                if (embedder is null)
                {
                    logits = network.forward(input);
                }
                else
                {
                    (logits, var embedding) = embedder.ForwardWithEmbedding(input);
                    embedding.contiguous().data<float>().CopyTo(embeddings.AsSpan(start * size, n * size));
                }
                if (logits.shape.Length != 2 || logits.shape[1] != classes)
                {
                    throw new InvalidOperationException($"The network returned shape [{string.Join(",", logits.shape)}] but {classes} classes were expected.");
                }
                var probabilities = nn.functional.softmax(logits, 1).contiguous();
                probabilities.data<float>().CopyTo(result.AsSpan(start * classes, n * classes));
            }
        }
        finally
        {
            network.train(wasTraining);
        }
        return result;
    }

    /// <summary>Index of the largest value (the first on ties).</summary>
    public static int ArgMax(ReadOnlySpan<float> values)
    {
        int best = 0;
        for (int i = 1; i < values.Length; i++)
        {
            if (values[i] > values[best])
            {
                best = i;
            }
        }
        return best;
    }

    /// <summary>Reads image <c>i</c> of a batch source.</summary>
    public delegate ReadOnlySpan<byte> ImageAccessor(int index);
}
