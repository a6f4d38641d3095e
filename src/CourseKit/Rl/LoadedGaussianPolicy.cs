using CourseKit.Nets;
using System.Text.Json;
using System.Text.Json.Nodes;
using CourseKit.Display;
using CourseKit.Envs;

namespace CourseKit.Rl;

/// <summary>
/// An expert policy shipped in <c>data/</c> (CS285's <c>LoadedGaussianPolicy</c>): a <see cref="GaussianPolicy"/>
/// read from a <c>.safetensors</c> file and its JSON sidecar, checked against the environment it is meant for,
/// with the score it was recorded at and how it was produced. The sidecar is a <see cref="GaussianPolicySpec"/>
/// with two more entries, <c>evaluation</c> and <c>produced_by</c>, so <see cref="GaussianPolicy.Load"/> reads
/// it too.
/// </summary>
/// <remarks>
/// Every problem with the files is an <see cref="InvalidDataException"/> (or <see cref="FileNotFoundException"/>)
/// whose message names the file, what is wrong, and what to do, before any weight is used.
/// </remarks>
public sealed class LoadedGaussianPolicy
{
    LoadedGaussianPolicy(GaussianPolicy policy, string sidecarPath, string weightsPath, ExpertEvaluation? evaluation, ExpertProvenance? producedBy)
    {
        Policy = policy;
        SidecarPath = sidecarPath;
        WeightsPath = weightsPath;
        Evaluation = evaluation;
        ProducedBy = producedBy;
    }

    /// <summary>The network: MLP mean, learned log standard deviation per action dimension, fixed input normalisation.</summary>
    public GaussianPolicy Policy { get; }
    /// <summary>Architecture, dimensions and environment, as the sidecar records them.</summary>
    public GaussianPolicySpec Spec => Policy.Spec;
    /// <summary>The score the policy was recorded at (episodes, seeds, returns), if the sidecar has one.</summary>
    public ExpertEvaluation? Evaluation { get; }
    /// <summary>How the policy was made, if the sidecar says.</summary>
    public ExpertProvenance? ProducedBy { get; }
    /// <summary>Full path of the JSON sidecar.</summary>
    public string SidecarPath { get; }
    /// <summary>Full path of the weights.</summary>
    public string WeightsPath { get; }

    /// <summary>The expert's mean action for one observation (no noise).</summary>
    public float[] GetAction(float[] observation) => Policy.GetAction(Checked(observation));

    /// <summary>An action sampled from the expert's Gaussian for one observation: how the expert acts (uses the engine's generator).</summary>
    public float[] SampleAction(float[] observation) => Policy.SampleAction(Checked(observation));

    /// <summary>The learned standard deviation of each action dimension.</summary>
    public float[] ActionStd()
    {
        using (no_grad())
        using (NewDisposeScope())
            return Backend.TensorData.ToArray<float>(Policy.state_dict()["logstd"].exp());
    }

    /// <summary>
    /// Loads an expert from its sidecar (<c>.json</c>) or weights (<c>.safetensors</c>) path. With
    /// <paramref name="env"/>, also checks that the expert was made for that environment's id and spaces.
    /// </summary>
    /// <exception cref="FileNotFoundException">The sidecar or the weights are missing.</exception>
    /// <exception cref="InvalidDataException">A file does not parse, a weight has the wrong shape or is missing, or the expert does not fit <paramref name="env"/>.</exception>
    public static LoadedGaussianPolicy Load(string path, Env<float[], float[]>? env = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string sidecar = Path.GetFullPath(path.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? path : Path.ChangeExtension(path, ".json"));
        if (!File.Exists(sidecar))
            throw new FileNotFoundException($"LoadedGaussianPolicy: no expert description at '{sidecar}'. An expert is a .safetensors file plus a .json sidecar of the same name; the course's experts are in data/ (data/README.md says how they were made).", sidecar);
        string Bad(string why) => $"LoadedGaussianPolicy: '{sidecar}' {why}";
        GaussianPolicySpec spec;
        ExpertRecord record;
        try
        {
            var text = File.ReadAllText(sidecar);
            spec = JsonSerializer.Deserialize<GaussianPolicySpec>(text, GaussianPolicySpec.Json) ?? throw new InvalidDataException(Bad("is empty (JSON null)."));
            record = JsonSerializer.Deserialize<ExpertRecord>(text, GaussianPolicySpec.Json) ?? new ExpertRecord();
        }
        catch (JsonException e) { throw new InvalidDataException(Bad($"is not a valid expert description: {e.Message} Restore the file from the repository."), e); }
        if (spec.Format != new GaussianPolicySpec().Format)
            throw new InvalidDataException(Bad($"has format '{spec.Format}', but this CourseKit reads '{new GaussianPolicySpec().Format}'."));
        try { spec = spec.Validated(); }
        catch (InvalidDataException e) { throw new InvalidDataException(Bad(e.Message), e); }

        var weights = Path.Combine(Path.GetDirectoryName(sidecar)!, spec.Weights ?? Path.ChangeExtension(Path.GetFileName(sidecar), ".safetensors"));
        var policy = new GaussianPolicy(spec);
        var tensors = SafeTensors.Load(weights);   // names the file when it is missing or malformed
        CheckWeights(policy, tensors, weights, spec);
        policy.load_state_dict(tensors);
        policy.eval();
        var loaded = new LoadedGaussianPolicy(policy, sidecar, weights, record.Evaluation, record.ProducedBy);
        if (env is not null) loaded.CheckFits(env);
        return loaded;
    }

    /// <summary>Throws unless this expert was made for <paramref name="env"/>: the same id, observation size and action size.</summary>
    /// <exception cref="InvalidDataException">The expert belongs to another environment.</exception>
    public void CheckFits(Env<float[], float[]> env)
    {
        ArgumentNullException.ThrowIfNull(env);
        int obs = env.ObservationSpace.Shape.Aggregate(1, (a, b) => a * b), act = env.ActionSpace.Shape.Aggregate(1, (a, b) => a * b);
        if (env.Id != Spec.Env)
            throw new InvalidDataException($"LoadedGaussianPolicy: '{SidecarPath}' is an expert for '{Spec.Env}', not for '{env.Id}'. Load the expert made for your environment (data/README.md lists them) or make the env it expects (Gym.Make(\"{Spec.Env}\")).");
        if (obs != Spec.ObsDim || act != Spec.ActDim)
            throw new InvalidDataException($"LoadedGaussianPolicy: '{SidecarPath}' takes {Spec.ObsDim} observation values and gives {Spec.ActDim} actions, but '{env.Id}' has {obs} and {act}. The env changed since the expert was made: produce the expert again (data/README.md).");
    }

    /// <summary>Every weight the architecture needs, with its shape, before any is copied: a clear message instead of a half-loaded network.</summary>
    static void CheckWeights(GaussianPolicy policy, Dictionary<string, Tensor> tensors, string weights, GaussianPolicySpec spec)
    {
        var problems = new List<string>();
        foreach (var (name, own) in policy.state_dict())
        {
            if (!tensors.TryGetValue(name, out var saved)) { problems.Add($"'{name}' is missing"); continue; }
            if (!saved.shape.SequenceEqual(own.shape))
                problems.Add($"'{name}' has shape [{string.Join(", ", saved.shape)}], expected [{string.Join(", ", own.shape)}]");
        }
        foreach (var name in tensors.Keys.Where(n => !policy.state_dict().ContainsKey(n)))
            problems.Add($"'{name}' is not part of the network");
        if (problems.Count > 0)
            throw new InvalidDataException($"LoadedGaussianPolicy: the weights in '{weights}' do not fit the network its sidecar describes ({spec.NLayers} hidden layers of {spec.Size}, {spec.ObsDim} in, {spec.ActDim} out): {string.Join("; ", problems)}. The two files must come from the same save; restore both from the repository.");
    }

    float[] Checked(float[] observation)
    {
        ArgumentNullException.ThrowIfNull(observation);
        if (observation.Length != Spec.ObsDim)
            throw new ArgumentException($"LoadedGaussianPolicy: the expert for '{Spec.Env}' takes observations of {Spec.ObsDim} values, got {observation.Length}.", nameof(observation));
        return observation;
    }

    /// <summary>
    /// Writes <paramref name="policy"/> as an expert: weights to <paramref name="weightsPath"/>, then the sidecar
    /// (same name, <c>.json</c>) with its spec, <paramref name="evaluation"/> and <paramref name="producedBy"/>. Each
    /// file is written atomically (a temporary file, then a rename).
    /// </summary>
    public static void Save(GaussianPolicy policy, string weightsPath, ExpertEvaluation? evaluation, ExpertProvenance? producedBy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentException.ThrowIfNullOrWhiteSpace(weightsPath);
        SafeTensors.Save(weightsPath, policy.state_dict());
        var spec = policy.Spec with { Weights = Path.GetFileName(weightsPath), ExpertReturn = evaluation?.MeanReturn ?? policy.Spec.ExpertReturn };
        var json = JsonSerializer.SerializeToNode(spec, GaussianPolicySpec.Json)!.AsObject();
        var extra = JsonSerializer.SerializeToNode(new ExpertRecord { Evaluation = evaluation, ProducedBy = producedBy }, GaussianPolicySpec.Json)!.AsObject();
        foreach (var (key, value) in extra.ToList())
        {
            extra.Remove(key);
            json[key] = value;
        }
        AtomicFile.WriteAllText(Path.ChangeExtension(weightsPath, ".json"), json.ToJsonString(Readable) + "\n");
    }

    // Indented, and without escaping quotes and non-ASCII letters, so the sidecar reads well in a diff.
    static readonly JsonSerializerOptions Readable = new(GaussianPolicySpec.Json) { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The sidecar entries beyond <see cref="GaussianPolicySpec"/>.</summary>
    sealed record ExpertRecord
    {
        public ExpertEvaluation? Evaluation { get; init; }
        public ExpertProvenance? ProducedBy { get; init; }
    }
}

/// <summary>
/// How an expert scored when it was saved: <see cref="Episodes"/> episodes, the first reset with
/// <see cref="EnvSeed"/> (the rest continue the env's generator, as <c>Evaluation.Evaluate</c> does), acting by
/// sampling its Gaussian after <c>Seed.Everything(TorchSeed)</c>.
/// </summary>
public sealed record ExpertEvaluation
{
    /// <summary>Episodes evaluated.</summary>
    public int Episodes { get; init; }
    /// <summary>Seed of the first reset.</summary>
    public int EnvSeed { get; init; }
    /// <summary>Seed given to <c>Seed.Everything</c> before the sampled evaluation.</summary>
    public int TorchSeed { get; init; }
    /// <summary>Mean return, acting by sampling.</summary>
    public double MeanReturn { get; init; }
    /// <summary>Standard deviation of the returns, acting by sampling.</summary>
    public double StdReturn { get; init; }
    /// <summary>Every episode's return, acting by sampling.</summary>
    public double[] Returns { get; init; } = [];
    /// <summary>Mean return on the same start states acting with the mean action (deterministic).</summary>
    public double MeanActionReturn { get; init; }
    /// <summary>Mean return on the same start states of torques drawn uniformly from [−1, 1] by <c>new Random(1)</c>, one per joint in order (the 0 % of "share of the way from random to expert").</summary>
    public double? RandomReturn { get; init; }
}

/// <summary>Where an expert came from.</summary>
public sealed record ExpertProvenance
{
    /// <summary>The program that made it (a path in the repository).</summary>
    public string Program { get; init; } = "";
    /// <summary>The command that made it.</summary>
    public string Command { get; init; } = "";
    /// <summary>How it was made, in a sentence or two.</summary>
    public string Method { get; init; } = "";
    /// <summary>Wall-clock seconds it took.</summary>
    public double Seconds { get; init; }
}
