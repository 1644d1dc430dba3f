namespace AutoDL.Pipeline;

/// <summary>A configuration's costs, counted analytically from the network it describes (no allocation, no random numbers).</summary>
internal interface IConfigurationCosts
{
    /// <summary>Trainable parameters of the network.</summary>
    long Parameters(IReadOnlyDictionary<string, double> parameters);

    /// <summary>Forward multiply-adds per example.</summary>
    long MultiplyAdds(IReadOnlyDictionary<string, double> parameters);

    /// <summary>Peak memory to train it at its batch size.</summary>
    long TrainingMemoryBytes(IReadOnlyDictionary<string, double> parameters);
}
