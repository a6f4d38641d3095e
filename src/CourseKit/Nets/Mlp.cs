
namespace CourseKit.Nets;

/// <summary>Multi-layer perceptrons, built the way CS285's <c>build_mlp</c> builds them.</summary>
public static class Mlp
{
    /// <summary>The activation names <see cref="Build"/> accepts (CS285's <c>_str_to_activation</c>).</summary>
    public static IReadOnlyList<string> Activations { get; } = ["relu", "tanh", "leaky_relu", "sigmoid", "selu", "softplus", "identity"];

    /// <summary>
    /// input → [Linear(size) → activation] × nLayers → Linear(outputSize) → outputActivation, as a Sequential
    /// whose parameters are named "0.weight", "0.bias", ... as in PyTorch.
    /// </summary>
    /// <param name="inputSize">Features in.</param>
    /// <param name="outputSize">Features out.</param>
    /// <param name="nLayers">Hidden layers (0 gives a single linear layer).</param>
    /// <param name="size">Units per hidden layer.</param>
    /// <param name="activation">Hidden activation: one of <see cref="Activations"/>.</param>
    /// <param name="outputActivation">Activation after the last layer.</param>
    public static Sequential Build(int inputSize, int outputSize, int nLayers, int size, string activation = "tanh", string outputActivation = "identity")
    {
        if (inputSize < 1 || outputSize < 1) throw new ArgumentException($"Mlp.Build: inputSize and outputSize must be positive, got {inputSize} and {outputSize}.");
        if (nLayers < 0) throw new ArgumentException($"Mlp.Build: nLayers must be >= 0, got {nLayers}.");
        if (nLayers > 0 && size < 1) throw new ArgumentException($"Mlp.Build: hidden size must be positive, got {size}.");
        var layers = new List<nn.Module<Tensor, Tensor>>();
        int inSize = inputSize;
        for (int i = 0; i < nLayers; i++)
        {
            layers.Add(nn.Linear(inSize, size));
            layers.Add(Activation(activation));
            inSize = size;
        }
        layers.Add(nn.Linear(inSize, outputSize));
        layers.Add(Activation(outputActivation));
        return nn.Sequential(layers.ToArray());
    }

    /// <summary>The activation module for a CS285 activation name.</summary>
    public static nn.Module<Tensor, Tensor> Activation(string name) => (name ?? "").ToLowerInvariant() switch
    {
        "relu" => nn.ReLU(),
        "tanh" => nn.Tanh(),
        "leaky_relu" => nn.LeakyReLU(),
        "sigmoid" => nn.Sigmoid(),
        "selu" => nn.SELU(),
        "softplus" => nn.Softplus(),
        "identity" => nn.Identity(),
        _ => throw new ArgumentException($"Mlp: unknown activation '{name}'; use one of {string.Join(", ", Activations)}."),
    };
}
