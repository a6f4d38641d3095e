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

    private protected override unsafe void Update(int i, Span<float> p, ReadOnlySpan<float> g)
    {
        var m = StateF(i, "exp_avg", p.Length);
        var v = StateF(i, "exp_avg_sq", p.Length);
        var vmax = _amsgrad ? StateF(i, "max_exp_avg_sq", p.Length) : null;
        double bc1 = 1 - Math.Pow(_b1, _paramSteps[i]), bc2 = 1 - Math.Pow(_b2, _paramSteps[i]);
        var step = new FloatStep((float)(LearningRate / bc1), (float)(1 / Math.Sqrt(bc2)), (float)_b1, (float)_b2, (float)_eps, (float)_wd);
        fixed (float* pp = p, pg = g, pm = m, pv = v, pvmax = vmax)
        {
            var job = t_job ??= new FloatJob();
            job.Run(step, pp, pg, pm, pv, pvmax, p.Length);
        }
    }

    /// <summary>One step's constants in float: step size (lr / bias correction 1), 1 / √(bias correction 2), betas, eps, weight decay.</summary>
    private readonly record struct FloatStep(float StepSize, float InvSqrtBc2, float B1, float B2, float Eps, float Wd);

    [ThreadStatic] private static FloatJob? t_job;

    /// <summary>
    /// The float update over a range of elements; a large parameter (the Nature CNN's 1.6-million-weight layer) is cut
    /// in one range per core (Kernels.ParallelPasses: the same bits on any number of threads).
    /// </summary>
    private sealed unsafe class FloatJob : Kernels.ParallelPasses.RangeJob
    {
        private FloatStep _s;
        private float* _p, _g, _m, _v, _vmax;

        public void Run(in FloatStep s, float* p, float* g, float* m, float* v, float* vmax, int length)
        {
            _s = s;
            _p = p;
            _g = g;
            _m = m;
            _v = v;
            _vmax = vmax;
            RunRanges(length);
        }

        protected override void RunRange(long start, long end)
        {
            var s = _s;
            float* p = _p, g = _g, m = _m, v = _v, vmax = _vmax;
            long k = start;
            if (Vector.IsHardwareAccelerated && vmax == null && s.Wd == 0)
            {
                var vb1 = new Vector<float>(s.B1); var vb1c = new Vector<float>(1 - s.B1);
                var vb2 = new Vector<float>(s.B2); var vb2c = new Vector<float>(1 - s.B2);
                var vstep = new Vector<float>(s.StepSize); var vinv = new Vector<float>(s.InvSqrtBc2); var veps = new Vector<float>(s.Eps);
                for (; k <= end - Vector<float>.Count; k += Vector<float>.Count)
                {
                    var gk = Vector.Load(g + k);
                    var mk = vb1 * Vector.Load(m + k) + vb1c * gk;
                    var vk = vb2 * Vector.Load(v + k) + vb2c * gk * gk;
                    mk.Store(m + k); vk.Store(v + k);
                    var denom = Vector.SquareRoot(vk) * vinv + veps;
                    (Vector.Load(p + k) - vstep * mk / denom).Store(p + k);
                }
            }
            for (; k < end; k++)
            {
                float gk = g[k] + s.Wd * p[k];
                m[k] = s.B1 * m[k] + (1 - s.B1) * gk;
                v[k] = s.B2 * v[k] + (1 - s.B2) * gk * gk;
                float vk = v[k];
                if (vmax != null) vk = vmax[k] = Math.Max(vmax[k], vk);
                p[k] -= s.StepSize * m[k] / (MathF.Sqrt(vk) * s.InvSqrtBc2 + s.Eps);
            }
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
