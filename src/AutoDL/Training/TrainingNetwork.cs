using static TorchSharp.torch;

namespace AutoDL.Training;

/// <summary>Builds the request's network the way training runs it, so training, its cost probe and the learning-rate test run the same kernels.</summary>
internal static class TrainingNetwork
{
    /// <summary>A freshly initialised network, in training mode, with its convolutions channels-last where the family trains faster so.</summary>
    public static nn.Module<Tensor, Tensor> Create(TrainingRequest request)
    {
        var network = request.Task.CreateNetwork(request.Model);
        if (request.Model.TrainsFasterChannelsLast)
        {
            ChannelsLast.ConvertConvolutionWeights(network);
        }
        BatchNormCounters.Remove(network);
        network.train();
        return network;
    }
}
