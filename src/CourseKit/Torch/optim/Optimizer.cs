using CourseKit.Torch.Modules;

namespace CourseKit.Torch;

public static partial class torch
{
    /// <summary>Optimizers, as <c>torch.optim</c>.</summary>
    public static partial class optim
    {
        /// <summary>
        /// The base of every optimizer: <c>zero_grad()</c>, then <c>loss.backward()</c>, then <c>step()</c>.
        /// Per-parameter state (moments, momentum buffers) is kept in float arrays next to each parameter.
        /// </summary>
        public abstract class Optimizer
        {
            private protected readonly Parameter[] _params;
            private protected readonly Dictionary<string, double[]?>[] _state;
            private protected long _steps;
            // Steps taken by each parameter: one that had no gradient on a step was not updated on it (PyTorch's per-parameter "step").
            private protected long[] _paramSteps = [];

            private protected Optimizer(IEnumerable<Parameter> parameters, double lr, string name)
            {
                ArgumentNullException.ThrowIfNull(parameters);
                _params = parameters.ToArray();
                if (_params.Length == 0)
                    throw new ArgumentException($"{name}: got an empty parameter list. Pass the network's parameters, e.g. {name}(q.parameters(), lr: 1e-3).");
                if (_params.Distinct(ReferenceEqualityComparer.Instance).Count() != _params.Length)
                    throw new ArgumentException($"{name}: a parameter appears twice in the list; each parameter must be given once.");
                if (!(lr >= 0)) throw new ArgumentException($"{name}: the learning rate must be a non-negative number, got {lr}.");
                LearningRate = lr;
                _state = _params.Select(_ => new Dictionary<string, double[]?>()).ToArray();
                _paramSteps = new long[_params.Length];
            }

            /// <summary>The learning rate used by the next <see cref="step"/> (change it for schedules).</summary>
            public double LearningRate { get; set; }

            /// <summary>The parameters this optimizer updates.</summary>
            public IReadOnlyList<Parameter> Parameters => _params;

            /// <summary>How many steps have been taken.</summary>
            public long StepCount => _steps;

            /// <summary>Zeroes every parameter's gradient in place (or drops it with set_to_none).</summary>
            public void zero_grad(bool set_to_none = false)
            {
                foreach (var p in _params)
                {
                    if (set_to_none) p.grad = null;
                    else p.grad?.zero_();
                }
            }

            /// <summary>Updates every parameter that has a gradient.</summary>
            public void step()
            {
                _steps++;
                using (no_grad())
                    for (int i = 0; i < _params.Length; i++)
                    {
                        var p = _params[i];
                        if (p.grad is null) continue;
                        _paramSteps[i]++;
                        p._version++;   // the parameter changed: a graph built from its old value can no longer be differentiated
                        if (p._dtype == ScalarType.Float32) Update(i, p.Span<float>(), p.grad.Span<float>());
                        else Update(i, p.Span<double>(), p.grad.Span<double>());
                    }
            }

            private protected abstract void Update(int index, Span<float> p, ReadOnlySpan<float> g);
            private protected abstract void Update(int index, Span<double> p, ReadOnlySpan<double> g);

            /// <summary>A per-parameter state buffer, created zero-filled on first use.</summary>
            private protected double[] StateD(int index, string key, int n)
            {
                if (!_state[index].TryGetValue(key, out var s) || s is null) _state[index][key] = s = new double[n];
                return s;
            }

            private protected readonly Dictionary<(int, string), float[]> _stateF = new();

            private protected float[] StateF(int index, string key, int n)
            {
                if (!_stateF.TryGetValue((index, key), out var s)) _stateF[(index, key)] = s = new float[n];
                return s;
            }

            /// <summary>The optimizer's state as named tensors (for checkpoints): "step" and "state.{i}.{buffer}".</summary>
            public Dictionary<string, Tensor> state_dict()
            {
                var d = new Dictionary<string, Tensor> { ["step"] = tensor(_steps), ["lr"] = tensor(LearningRate) };
                foreach (var ((i, k), v) in _stateF) d[$"state.{i}.{k}"] = tensor(v);
                for (int i = 0; i < _state.Length; i++)
                    foreach (var (k, v) in _state[i])
                        if (v is not null) d[$"state.{i}.{k}"] = tensor(v);
                d["param_steps"] = tensor(_paramSteps);
                foreach (var t in d.Values) t.DetachFromDisposeScope();   // copies the caller keeps, even when taken inside a scope
                return d;
            }

            /// <summary>Restores a state returned by <see cref="state_dict"/> for the same parameters.</summary>
            public void load_state_dict(IDictionary<string, Tensor> state)
            {
                ArgumentNullException.ThrowIfNull(state);
                if (!state.TryGetValue("step", out var st))
                    throw new ArgumentException("load_state_dict: the optimizer state has no 'step' entry; was it written by Optimizer.state_dict()?");
                if (state.TryGetValue("param_steps", out var ps))
                {
                    if (ps._numel != _params.Length)
                        throw new ArgumentException($"load_state_dict: the saved optimizer had {ps._numel} parameters, this one has {_params.Length}; it was saved for a different network.");
                    _paramSteps = ps.ToArray<long>();
                }
                foreach (var key in state.Keys.Where(k => k.StartsWith("state.")))
                {
                    var parts = key.Split('.', 3);
                    if (parts.Length != 3 || !int.TryParse(parts[1], out int i) || i < 0 || i >= _params.Length)
                        throw new ArgumentException($"load_state_dict: entry '{key}' does not belong to a parameter of this optimizer ({_params.Length} parameters).");
                    var t = state[key];
                    if (t._numel != _params[i]._numel)
                        throw new ArgumentException($"load_state_dict: '{key}' has {t._numel} values but parameter {i} has {_params[i]._numel}; the optimizer was saved for a different network.");
                    if (t._dtype == ScalarType.Float32) _stateF[(i, parts[2])] = t.ToArray<float>();
                    else _state[i][parts[2]] = t.ToArray<double>();
                }
                _steps = st.item<long>();
                if (state.TryGetValue("lr", out var lr)) LearningRate = lr.item<double>();
            }
        }
    }
}
