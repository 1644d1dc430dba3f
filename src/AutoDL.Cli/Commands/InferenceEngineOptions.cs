using System.CommandLine;
using AutoDL.Packaging;
using AutoDL.Tasks.ImageClassification.Inference;

namespace AutoDL.Cli.Commands;

/// <summary>The <c>--backend</c> and <c>--threads</c> options every command that runs a model shares.</summary>
internal sealed class InferenceEngineOptions
{
    private readonly Option<string?> _backend = new("--backend")
    {
        Description = "The engine that runs the model: onnx (ONNX Runtime) or torch (libtorch). Default: what `autodl optimize` chose for the package, else onnx.",
    };

    private readonly Option<int?> _threads = new("--threads")
    {
        Description = "Threads for one forward pass. Default: what `autodl optimize` chose, else every core.",
    };

    public InferenceEngineOptions() => _backend.AcceptOnlyFromAmong("onnx", "torch");

    /// <summary>Adds the options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        command.Options.Add(_backend);
        command.Options.Add(_threads);
    }

    /// <summary>The predictor options the command line asked for.</summary>
    public PredictorOptions Read(ParseResult parse)
    {
        int? threads = parse.GetValue(_threads);
        if (threads is < 1)
        {
            throw new UsageException("--threads must be at least 1.");
        }
        return new PredictorOptions
        {
            Backend = parse.GetValue(_backend) switch
            {
                "onnx" => InferenceBackend.Onnx,
                "torch" => InferenceBackend.Torch,
                _ => null,
            },
            Threads = threads,
        };
    }
}
