using static CourseKit.Torch.torch;

namespace CourseKit.Torch.Modules;

/// <summary>SGD optimizer.</summary>
public sealed class SGD : optim.Optimizer
{
    private readonly double _momentum, _dampening, _wd;
    private readonly bool _nesterov;

    internal SGD(IEnumerable<Parameter> p, double lr, double momentum, double dampening, double wd, bool nesterov) : base(p, lr, "SGD")
    {
        if (nesterov && (momentum <= 0 || dampening != 0)) throw new ArgumentException("SGD: Nesterov momentum needs momentum > 0 and dampening = 0.");
        (_momentum, _dampening, _wd, _nesterov) = (momentum, dampening, wd, nesterov);
    }

    private protected override void Update(int i, Span<float> p, ReadOnlySpan<float> g)
    {
        bool first = !_stateF.ContainsKey((i, "momentum_buffer"));
        var buf = _momentum != 0 ? StateF(i, "momentum_buffer", p.Length) : null;
        float lr = (float)LearningRate, mom = (float)_momentum, damp = (float)_dampening, wd = (float)_wd;
        for (int k = 0; k < p.Length; k++)
        {
            float d = g[k] + wd * p[k];
            if (buf is not null)
            {
                buf[k] = first ? d : mom * buf[k] + (1 - damp) * d;
                d = _nesterov ? d + mom * buf[k] : buf[k];
            }
            p[k] -= lr * d;
        }
    }

    private protected override void Update(int i, Span<double> p, ReadOnlySpan<double> g)
    {
        bool first = !_state[i].ContainsKey("momentum_buffer");
        var buf = _momentum != 0 ? StateD(i, "momentum_buffer", p.Length) : null;
        for (int k = 0; k < p.Length; k++)
        {
            double d = g[k] + _wd * p[k];
            if (buf is not null)
            {
                buf[k] = first ? d : _momentum * buf[k] + (1 - _dampening) * d;
                d = _nesterov ? d + _momentum * buf[k] : buf[k];
            }
            p[k] -= LearningRate * d;
        }
    }
}
