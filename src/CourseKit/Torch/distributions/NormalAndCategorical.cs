using static CourseKit.Torch.torch;

namespace CourseKit.Torch.Modules;

/// <summary>Normal (Gaussian) distribution.</summary>
public sealed class Normal : distributions.Distribution
{
    /// <summary>The mean.</summary>
    public Tensor loc { get; }
    /// <summary>The standard deviation.</summary>
    public Tensor scale { get; }

    internal Normal(Tensor loc, Tensor scale, Generator? generator) : base(generator)
    {
        ArgumentNullException.ThrowIfNull(loc);
        ArgumentNullException.ThrowIfNull(scale);
        var shape = Shape.Broadcast(loc._shape, scale._shape, "Normal");
        if (!loc.is_floating_point() || !scale.is_floating_point())
            throw new ArgumentException("Normal: loc and scale must be floating-point tensors.");
        using (no_grad())
            if (scale.le(0).AnyValue())
                throw new ArgumentException("Normal: every scale (standard deviation) must be positive. If you learn log_std, pass torch.exp(log_std).");
        this.loc = Shape.Equal(loc._shape, shape) ? loc : loc.expand(shape);
        this.scale = Shape.Equal(scale._shape, shape) ? scale : scale.expand(shape);
    }

    /// <inheritdoc />
    public override Tensor mean => loc;
    /// <summary>The standard deviation.</summary>
    public Tensor stddev => scale;
    /// <summary>The variance.</summary>
    public Tensor variance => scale.pow(2);

    /// <inheritdoc />
    public override Tensor sample(params long[] sample_shape)
    {
        using (no_grad()) return rsample(sample_shape);
    }

    /// <summary>A reparameterised sample loc + scale·ε, through which gradients flow to loc and scale.</summary>
    public Tensor rsample(params long[] sample_shape)
    {
        var eps = randn([.. sample_shape, .. loc._shape], loc._dtype, generator: Rng);
        return loc.add(eps.mul(scale));
    }

    /// <inheritdoc />
    public override Tensor log_prob(Tensor value)
    {
        var d = value.sub(loc);
        return d.mul(d).div(scale.pow(2).mul(2)).neg().sub(scale.log()).sub(0.5 * Math.Log(2 * Math.PI));
    }

    /// <inheritdoc />
    public override Tensor entropy() => scale.log().add(0.5 + 0.5 * Math.Log(2 * Math.PI));
}

/// <summary>Categorical distribution over the last dim.</summary>
public sealed class Categorical : distributions.Distribution
{
    /// <summary>Normalised log-probabilities.</summary>
    public Tensor logits { get; }
    /// <summary>Probabilities (sum to 1 over the last dim).</summary>
    public Tensor probs { get; }

    internal Categorical(Tensor? probs, Tensor? logits, Generator? generator) : base(generator)
    {
        if ((probs is null) == (logits is null))
            throw new ArgumentException("Categorical: pass exactly one of probs or logits, e.g. Categorical(logits: scores).");
        if (logits is not null)
        {
            this.logits = logits.log_softmax(-1);
            this.probs = this.logits.exp();
        }
        else
        {
            using (no_grad())
                if (probs!.lt(0).AnyValue()) throw new ArgumentException("Categorical: probs must be non-negative.");
            this.probs = probs!.div(probs!.sum(-1, keepdim: true));
            this.logits = this.probs.log();
        }
    }

    /// <summary>The mean is undefined for a categorical distribution; returns NaNs shaped like a sample, as PyTorch.</summary>
    public override Tensor mean => full(probs._shape[..^1], double.NaN);

    /// <summary>Number of categories.</summary>
    public long num_categories => probs._shape[^1];

    /// <inheritdoc />
    public override Tensor sample(params long[] sample_shape)
    {
        var p = probs.detach();
        int k = (int)p._shape[^1], rows = p._numel / Math.Max(k, 1);
        long reps = Shape.Numel(sample_shape);
        var r = Tensor.Empty(ScalarType.Int64, [.. sample_shape, .. p._shape[..^1]]);
        var rs = r.Span<long>();
        var rng = Rng;
        for (long s = 0; s < reps; s++)
            for (int row = 0; row < rows; row++)
            {
                double u = rng.NextDouble(), acc = 0;
                int pick = k - 1;
                for (int j = 0; j < k; j++)
                {
                    acc += p.ReadAsDouble(row * k + j);
                    if (u < acc) { pick = j; break; }
                }
                rs[(int)(s * rows + row)] = pick;
            }
        return r;
    }

    /// <inheritdoc />
    public override Tensor log_prob(Tensor value)
    {
        if (value._dtype != ScalarType.Int64) throw new ArgumentException($"Categorical.log_prob: value must hold int64 category indices, got {value._dtype.Name()}.");
        var lg = logits;
        if (!Shape.Equal(value._shape, lg._shape[..^1]))
            lg = lg.expand([.. value._shape, lg._shape[^1]]);
        return lg.gather(-1, value.unsqueeze(-1)).squeeze(-1);
    }

    /// <inheritdoc />
    public override Tensor entropy()
    {
        // 0·log 0 counts as 0: clamp the logits so zero-probability classes contribute nothing.
        return probs.mul(logits.clamp(min: -1e30)).sum(-1).neg();
    }
}
