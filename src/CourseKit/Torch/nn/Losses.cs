namespace CourseKit.Torch;

public static partial class torch
{
    public static partial class nn
    {
        public static partial class functional
        {
            private static void SameShape(Tensor input, Tensor target, string op)
            {
                if (Shape.Equal(input._shape, target._shape)) return;
                string hint = "";
                if (input._numel == target._numel)
                    hint = input._shape.Length < target._shape.Length
                        ? " Did you mean target.squeeze(-1) (or input.unsqueeze(-1))?"
                        : " Did you mean input.squeeze(-1) (or target.unsqueeze(-1))?";
                throw new ArgumentException(
                    $"{op}: input has shape {Shape.Format(input._shape)} but target has shape {Shape.Format(target._shape)}; they must match. " +
                    "(PyTorch would broadcast them and silently compare every prediction with every target.)" + hint);
            }

            private static Tensor Reduce(Tensor perElement, Reduction reduction) => reduction switch
            {
                Reduction.Mean => perElement.mean(),
                Reduction.Sum => perElement.sum(),
                _ => perElement,
            };

            /// <summary>Mean squared error (input − target)².</summary>
            public static Tensor mse_loss(Tensor input, Tensor target, Reduction reduction = Reduction.Mean)
            {
                SameShape(input, target, "mse_loss");
                var d = input.sub(target);
                return Reduce(d.mul(d), reduction);
            }

            /// <summary>Mean absolute error |input − target|.</summary>
            public static Tensor l1_loss(Tensor input, Tensor target, Reduction reduction = Reduction.Mean)
            {
                SameShape(input, target, "l1_loss");
                return Reduce(input.sub(target).abs(), reduction);
            }

            /// <summary>
            /// Smooth L1: 0.5·d²/beta where |d| &lt; beta, |d| − 0.5·beta elsewhere (d = input − target).
            /// With beta = 1 it equals the Huber loss with delta = 1, the DQN loss.
            /// </summary>
            public static Tensor smooth_l1_loss(Tensor input, Tensor target, Reduction reduction = Reduction.Mean, double beta = 1.0)
            {
                SameShape(input, target, "smooth_l1_loss");
                if (beta <= 0) return l1_loss(input, target, reduction);
                return Robust(input, target, reduction, beta, huber: false, "smooth_l1_loss");
            }

            /// <summary>Huber: 0.5·d² where |d| ≤ delta, delta·(|d| − 0.5·delta) elsewhere.</summary>
            public static Tensor huber_loss(Tensor input, Tensor target, double delta = 1.0, Reduction reduction = Reduction.Mean)
            {
                SameShape(input, target, "huber_loss");
                if (delta <= 0) throw new ArgumentException($"huber_loss: delta must be positive, got {delta}.");
                return Robust(input, target, reduction, delta, huber: true, "huber_loss");
            }

            // One fused op for the DQN hot path: the per-element loss and its slope in a single pass. With a
            // reduction the per-element losses are summed on the fly (in double) instead of being stored.
            private static Tensor Robust(Tensor input, Tensor target, Reduction reduction, double t, bool huber, string name)
            {
                var dt = Promote(input._dtype, target._dtype);
                if (!is_floating_point(dt)) dt = ScalarType.Float32;
                var x = input.to_type(dt); var y = target.to_type(dt);
                int n = x._numel;
                bool record = Autograd.ShouldRecord(x, y);
                var loss = reduction == Reduction.None ? Tensor.Empty(dt, x._shape) : null;
                var slope = record ? Tensor.Empty(dt, x._shape) : null;     // dLoss/dInput per element
                double scale = huber ? t : 1.0;              // huber = beta·smooth_l1 with beta = delta
                double total = 0;
                for (int i = 0; i < n; i++)
                {
                    double d = x.ReadAsDouble(i) - y.ReadAsDouble(i), ad = Math.Abs(d);
                    double l = (ad < t ? 0.5 * d * d / t : ad - 0.5 * t) * scale;
                    if (loss is null) total += l; else loss.WriteFromDouble(i, l);
                    slope?.WriteFromDouble(i, (ad < t ? d / t : Math.Sign(d)) * scale);
                }
                Tensor r;
                if (loss is not null) r = loss;
                else
                {
                    r = Tensor.Empty(dt, []);
                    r.WriteFromDouble(0, reduction == Reduction.Mean ? (n == 0 ? double.NaN : total / n) : total);
                }
                if (!record) return Autograd.CheckForward(r, name);
                var node = Autograd.Op(r, name, [x, y], static (g, node) =>
                {
                    var slope = node.Saved!;
                    var reduction = (Reduction)node.A;
                    var gi = reduction == Reduction.None ? slope.mul(g) : slope.mul(reduction == Reduction.Mean ? g.div(Math.Max(slope._numel, 1)) : g);
                    return [node.Input(0)._requiresGrad ? gi : null, node.Input(1)._requiresGrad ? gi.neg() : null];
                });
                node.Saved = slope;
                node.A = (int)reduction;
                return r;
            }

            /// <summary>
            /// Negative log-likelihood of class indices: input [N, C] holds log-probabilities, target [N] holds int64 classes.
            /// </summary>
            /// <param name="input">[N, C] log-probabilities.</param>
            /// <param name="target">[N] int64 class indices.</param>
            /// <param name="weight">Optional [C] per-class weights; the mean then divides by the summed weights of the targets, as PyTorch.</param>
            /// <param name="ignore_index">Targets equal to this contribute nothing (and do not count in the mean).</param>
            /// <param name="reduction">Mean, Sum or None.</param>
            public static Tensor nll_loss(Tensor input, Tensor target, Tensor? weight = null, long ignore_index = -100, Reduction reduction = Reduction.Mean)
            {
                if (input._shape.Length != 2)
                    throw new ArgumentException($"nll_loss: input must be [N, C] log-probabilities, got shape {Shape.Format(input._shape)}.");
                if (target._dtype != ScalarType.Int64 || target._shape.Length != 1 || target._shape[0] != input._shape[0])
                    throw new ArgumentException($"nll_loss: target must be int64 class indices of shape [{input._shape[0]}], got {target._dtype.Name()} {Shape.Format(target._shape)}.");
                if (weight is not null && (weight._shape.Length != 1 || weight._shape[0] != input._shape[1]))
                    throw new ArgumentException($"nll_loss: weight must have one value per class, shape [{input._shape[1]}], got {Shape.Format(weight._shape)}.");
                var keep = target.ne(ignore_index);
                var safeTarget = where(keep, target, zeros_like(target));
                var picked = input.gather(1, safeTarget.unsqueeze(1)).squeeze(1).neg();
                var w = (weight is null ? ones_like(picked) : weight.to_type(input._dtype).index_select(0, safeTarget)).mul(keep.to_type(input._dtype));
                var losses = picked.mul(w);
                return reduction switch
                {
                    Reduction.Mean => losses.sum().div(w.sum()),
                    Reduction.Sum => losses.sum(),
                    _ => losses,
                };
            }

            /// <summary>Cross-entropy of raw scores [N, C] against int64 class indices [N] (log_softmax + nll_loss).</summary>
            public static Tensor cross_entropy(Tensor input, Tensor target, Tensor? weight = null, long ignore_index = -100, Reduction reduction = Reduction.Mean)
            {
                if (target.is_floating_point() && Shape.Equal(target._shape, input._shape))
                    return Reduce(target.mul(input.log_softmax(-1)).sum(-1).neg(), reduction);   // soft labels
                return nll_loss(input.log_softmax(1), target, weight, ignore_index, reduction);
            }

            /// <summary>Binary cross-entropy on logits: −[y·log σ(x) + (1−y)·log(1−σ(x))], computed stably.</summary>
            public static Tensor binary_cross_entropy_with_logits(Tensor input, Tensor target, Reduction reduction = Reduction.Mean)
            {
                SameShape(input, target, "binary_cross_entropy_with_logits");
                // max(x,0) − x·y + log(1 + e^−|x|); maximum (not relu) gives the exact slope σ(0) − y at x = 0.
                var l = input.maximum(zeros_like(input)).sub(input.mul(target)).add(input.abs().neg().exp().log1p());
                return Reduce(l, reduction);
            }
        }

        /// <summary>Loss modules, for code written in the module style.</summary>
        public static LossModule MSELoss(Reduction reduction = Reduction.Mean) => new("MSELoss", (x, y) => functional.mse_loss(x, y, reduction));
        /// <summary>Smooth L1 loss module.</summary>
        public static LossModule SmoothL1Loss(Reduction reduction = Reduction.Mean, double beta = 1.0) => new("SmoothL1Loss", (x, y) => functional.smooth_l1_loss(x, y, reduction, beta));
        /// <summary>Huber loss module.</summary>
        public static LossModule HuberLoss(Reduction reduction = Reduction.Mean, double delta = 1.0) => new("HuberLoss", (x, y) => functional.huber_loss(x, y, delta, reduction));
        /// <summary>Cross-entropy loss module.</summary>
        public static LossModule CrossEntropyLoss(Reduction reduction = Reduction.Mean) => new("CrossEntropyLoss", (x, y) => functional.cross_entropy(x, y, reduction: reduction));
        /// <summary>Negative log-likelihood loss module.</summary>
        public static LossModule NLLLoss(Reduction reduction = Reduction.Mean) => new("NLLLoss", (x, y) => functional.nll_loss(x, y, reduction: reduction));

        /// <summary>A loss as a module: <c>loss.forward(input, target)</c> or <c>loss.call(input, target)</c>.</summary>
        public sealed class LossModule : Module<Tensor, Tensor, Tensor>
        {
            private readonly Func<Tensor, Tensor, Tensor> _f;
            internal LossModule(string name, Func<Tensor, Tensor, Tensor> f) : base(name) => _f = f;
            /// <inheritdoc />
            public override Tensor forward(Tensor input, Tensor target) => _f(input, target);
        }
    }
}
