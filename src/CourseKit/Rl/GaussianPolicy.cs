using System.Text.Json;
using System.Text.Json.Serialization;
using CourseKit.Backend;
using CourseKit.Nets;

namespace CourseKit.Rl;

/// <summary>
/// A Gaussian MLP policy for continuous actions: observations are normalised with fixed statistics, an MLP
/// gives the mean action, and a learned log standard deviation (one per action dim) gives the spread.
/// Saved as weights (.safetensors) plus a JSON sidecar describing the architecture, the normalisation and
/// the policy's measured return; experts for behavioural cloning and DAgger ship in this form
/// (CS285's <c>LoadedGaussianPolicy</c>).
/// </summary>
public sealed class GaussianPolicy : nn.Module<Tensor, Tensor>
{
    private readonly Sequential mean_net;
    private readonly Parameter logstd;
    private readonly Tensor obs_mean, obs_std;

    /// <summary>What the sidecar records.</summary>
    public GaussianPolicySpec Spec { get; }

    /// <summary>Creates a policy with freshly initialised weights.</summary>
    public GaussianPolicy(GaussianPolicySpec spec) : base("GaussianPolicy")
    {
        Spec = spec.Validated();
        mean_net = Mlp.Build(spec.ObsDim, spec.ActDim, spec.NLayers, spec.Size, spec.Activation);
        logstd = new Parameter(torch.zeros(spec.ActDim));
        obs_mean = torch.tensor(spec.ObsMean ?? new float[spec.ObsDim]);
        obs_std = torch.tensor(spec.ObsStd ?? Enumerable.Repeat(1f, spec.ObsDim).ToArray());
        RegisterComponents();
    }

    /// <summary>Mean actions for a batch of observations [B, obs] (or one observation [obs]).</summary>
    public override Tensor forward(Tensor observations)
    {
        if (observations.shape[^1] != Spec.ObsDim)
            throw new ArgumentException($"GaussianPolicy: observations have {observations.shape[^1]} features but this policy takes {Spec.ObsDim} (env '{Spec.Env}').");
        return mean_net.forward(observations.sub(obs_mean).div(obs_std));
    }

    /// <summary>The action distribution for a batch of observations.</summary>
    public Normal Distribution(Tensor observations) => torch.distributions.Normal(forward(observations), logstd.exp());

    /// <summary>The mean (deterministic) action for one observation.</summary>
    public float[] GetAction(float[] observation)
    {
        ArgumentNullException.ThrowIfNull(observation);
        using (no_grad())
        using (NewDisposeScope())
            return TensorData.ToArray<float>(forward(torch.tensor(observation, [1, observation.Length])));
    }

    /// <summary>A sampled action for one observation (mean plus Gaussian noise).</summary>
    public float[] SampleAction(float[] observation)
    {
        using (no_grad())
        using (NewDisposeScope())
            return TensorData.ToArray<float>(Distribution(torch.tensor(observation, [1, observation.Length])).sample());
    }

    /// <summary>Writes the weights to <paramref name="weightsPath"/> and the sidecar next to it (same name, ".json").</summary>
    public void Save(string weightsPath, double? measuredReturn = null)
    {
        SafeTensors.Save(weightsPath, state_dict());
        var spec = Spec with { ExpertReturn = measuredReturn ?? Spec.ExpertReturn, Weights = Path.GetFileName(weightsPath) };
        var tmp = SidecarPath(weightsPath) + ".tmp";
        File.WriteAllText(tmp, JsonSerializer.Serialize(spec, GaussianPolicySpec.Json));
        File.Move(tmp, SidecarPath(weightsPath), overwrite: true);
    }

    /// <summary>Loads a policy from its sidecar (.json) or weights (.safetensors) path.</summary>
    public static GaussianPolicy Load(string path)
    {
        string sidecar = path.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? path : SidecarPath(path);
        if (!File.Exists(sidecar))
            throw new FileNotFoundException($"GaussianPolicy.Load: no policy description at '{Path.GetFullPath(sidecar)}'. An expert is a .safetensors file plus a .json sidecar of the same name in data/.", sidecar);
        GaussianPolicySpec? spec;
        try { spec = JsonSerializer.Deserialize<GaussianPolicySpec>(File.ReadAllText(sidecar), GaussianPolicySpec.Json); }
        catch (JsonException e) { throw new InvalidDataException($"GaussianPolicy.Load: '{sidecar}' is not a valid policy description: {e.Message}", e); }
        if (spec is null) throw new InvalidDataException($"GaussianPolicy.Load: '{sidecar}' is empty.");
        var policy = new GaussianPolicy(spec);
        var weights = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(sidecar))!, spec.Weights ?? Path.ChangeExtension(Path.GetFileName(sidecar), ".safetensors"));
        policy.load_state_dict(SafeTensors.Load(weights));
        return policy;
    }

    private static string SidecarPath(string weightsPath) => Path.ChangeExtension(weightsPath, ".json");
}

/// <summary>The JSON sidecar of a saved <see cref="GaussianPolicy"/>.</summary>
public sealed record GaussianPolicySpec
{
    internal static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    /// <summary>Format marker.</summary>
    public string Format { get; init; } = "coursekit-gaussian-policy-1";
    /// <summary>The environment the policy acts in.</summary>
    public string Env { get; init; } = "";
    /// <summary>Observation size.</summary>
    public int ObsDim { get; init; }
    /// <summary>Action size.</summary>
    public int ActDim { get; init; }
    /// <summary>Hidden layers.</summary>
    public int NLayers { get; init; } = 2;
    /// <summary>Units per hidden layer.</summary>
    public int Size { get; init; } = 64;
    /// <summary>Hidden activation (an <see cref="Mlp.Activations"/> name).</summary>
    public string Activation { get; init; } = "tanh";
    /// <summary>Observation mean subtracted before the MLP (defaults to zeros).</summary>
    public float[]? ObsMean { get; init; }
    /// <summary>Observation scale divided by before the MLP (defaults to ones).</summary>
    public float[]? ObsStd { get; init; }
    /// <summary>The policy's mean return when it was saved, if measured.</summary>
    public double? ExpertReturn { get; init; }
    /// <summary>Weights file name, relative to the sidecar.</summary>
    public string? Weights { get; init; }

    internal GaussianPolicySpec Validated()
    {
        if (ObsDim < 1 || ActDim < 1) throw new InvalidDataException($"GaussianPolicySpec: obs_dim and act_dim must be positive, got {ObsDim} and {ActDim}.");
        if (ObsMean is not null && ObsMean.Length != ObsDim) throw new InvalidDataException($"GaussianPolicySpec: obs_mean has {ObsMean.Length} values, expected {ObsDim}.");
        if (ObsStd is not null && (ObsStd.Length != ObsDim || ObsStd.Any(s => !(s > 0))))
            throw new InvalidDataException($"GaussianPolicySpec: obs_std must have {ObsDim} positive values.");
        return this;
    }
}
