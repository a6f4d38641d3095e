using static CourseKit.Torch.torch;

namespace CourseKit.Torch.Modules;

/// <summary>RMSProp optimizer.</summary>
public sealed class RMSProp : optim.Optimizer
{
    private readonly double _alpha, _eps, _wd, _momentum;
    private readonly bool _centered;

    internal RMSProp(IEnumerable<Parameter> p, double lr, double alpha, double eps, double wd, double momentum, bool centered) : base(p, lr, "RMSProp")
        => (_alpha, _eps, _wd, _momentum, _centered) = (alpha, eps, wd, momentum, centered);

    private protected override void Update(int i, Span<float> p, ReadOnlySpan<float> g)
    {
        var pd = new double[p.Length]; var gd = new double[p.Length];
        for (int k = 0; k < p.Length; k++) { pd[k] = p[k]; gd[k] = g[k]; }
        Update(i, pd.AsSpan(), gd);
        for (int k = 0; k < p.Length; k++) p[k] = (float)pd[k];
    }

    private protected override void Update(int i, Span<double> p, ReadOnlySpan<double> g)
    {
        var sq = StateD(i, "square_avg", p.Length);
        var ga = _centered ? StateD(i, "grad_avg", p.Length) : null;
        var buf = _momentum > 0 ? StateD(i, "momentum_buffer", p.Length) : null;
        for (int k = 0; k < p.Length; k++)
        {
            double d = g[k] + _wd * p[k];
            sq[k] = _alpha * sq[k] + (1 - _alpha) * d * d;
            double avg;
            if (ga is not null) { ga[k] = _alpha * ga[k] + (1 - _alpha) * d; avg = Math.Sqrt(sq[k] - ga[k] * ga[k]) + _eps; }
            else avg = Math.Sqrt(sq[k]) + _eps;
            if (buf is not null) { buf[k] = _momentum * buf[k] + d / avg; p[k] -= LearningRate * buf[k]; }
            else p[k] -= LearningRate * d / avg;
        }
    }
}
