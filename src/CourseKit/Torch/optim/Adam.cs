using System.Numerics;
using static CourseKit.Torch.torch;

namespace CourseKit.Torch.Modules;

/// <summary>Adam optimizer.</summary>
public sealed class Adam : optim.Optimizer
{
    private readonly double _b1, _b2, _eps, _wd;
    private readonly bool _amsgrad;

    internal Adam(IEnumerable<Parameter> p, double lr, double b1, double b2, double eps, double wd, bool amsgrad) : base(p, lr, "Adam")
    {
        if (b1 is < 0 or >= 1 || b2 is < 0 or >= 1) throw new ArgumentException($"Adam: betas must be in [0, 1), got ({b1}, {b2}).");
        (_b1, _b2, _eps, _wd, _amsgrad) = (b1, b2, eps, wd, amsgrad);
    }

    private protected override void Update(int i, Span<float> p, ReadOnlySpan<float> g)
    {
        var m = StateF(i, "exp_avg", p.Length).AsSpan();
        var v = StateF(i, "exp_avg_sq", p.Length).AsSpan();
        var vmax = _amsgrad ? StateF(i, "max_exp_avg_sq", p.Length).AsSpan() : default;
        double bc1 = 1 - Math.Pow(_b1, _paramSteps[i]), bc2 = 1 - Math.Pow(_b2, _paramSteps[i]);
        float stepSize = (float)(LearningRate / bc1), invSqrtBc2 = (float)(1 / Math.Sqrt(bc2));
        float b1 = (float)_b1, b2 = (float)_b2, eps = (float)_eps, wd = (float)_wd;
        int k = 0;
        if (Vector.IsHardwareAccelerated && !_amsgrad && _wd == 0)
        {
            var vb1 = new Vector<float>(b1); var vb1c = new Vector<float>(1 - b1);
            var vb2 = new Vector<float>(b2); var vb2c = new Vector<float>(1 - b2);
            var vstep = new Vector<float>(stepSize); var vinv = new Vector<float>(invSqrtBc2); var veps = new Vector<float>(eps);
            for (; k <= p.Length - Vector<float>.Count; k += Vector<float>.Count)
            {
                var gk = new Vector<float>(g[k..]);
                var mk = vb1 * new Vector<float>(m[k..]) + vb1c * gk;
                var vk = vb2 * new Vector<float>(v[k..]) + vb2c * gk * gk;
                mk.CopyTo(m[k..]); vk.CopyTo(v[k..]);
                var denom = Vector.SquareRoot(vk) * vinv + veps;
                (new Vector<float>(p[k..]) - vstep * mk / denom).CopyTo(p[k..]);
            }
        }
        for (; k < p.Length; k++)
        {
            float gk = g[k] + wd * p[k];
            m[k] = b1 * m[k] + (1 - b1) * gk;
            v[k] = b2 * v[k] + (1 - b2) * gk * gk;
            float vk = v[k];
            if (_amsgrad) vk = vmax[k] = Math.Max(vmax[k], vk);
            p[k] -= stepSize * m[k] / (MathF.Sqrt(vk) * invSqrtBc2 + eps);
        }
    }

    private protected override void Update(int i, Span<double> p, ReadOnlySpan<double> g)
    {
        var m = StateD(i, "exp_avg", p.Length); var v = StateD(i, "exp_avg_sq", p.Length);
        var vmax = _amsgrad ? StateD(i, "max_exp_avg_sq", p.Length) : null;
        double bc1 = 1 - Math.Pow(_b1, _paramSteps[i]), bc2 = 1 - Math.Pow(_b2, _paramSteps[i]);
        for (int k = 0; k < p.Length; k++)
        {
            double gk = g[k] + _wd * p[k];
            m[k] = _b1 * m[k] + (1 - _b1) * gk;
            v[k] = _b2 * v[k] + (1 - _b2) * gk * gk;
            double vk = v[k];
            if (vmax is not null) vk = vmax[k] = Math.Max(vmax[k], vk);
            p[k] -= LearningRate / bc1 * m[k] / (Math.Sqrt(vk) / Math.Sqrt(bc2) + _eps);
        }
    }
}
