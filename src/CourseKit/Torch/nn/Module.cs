using CourseKit.Nets;
using System.Reflection;
using CourseKit.Torch.Modules;

namespace CourseKit.Torch;

public static partial class torch
{
    public static partial class nn
    {
        /// <summary>Wraps a tensor as a learnable <see cref="Modules.Parameter"/>.</summary>
        public static Parameter Parameter(Tensor data, bool requires_grad = true) => new(data, requires_grad);

        /// <summary>
        /// The base of every layer and network, as TorchSharp's <c>nn.Module</c>: it owns named parameters,
        /// buffers and submodules, and offers state_dict/load_state_dict, train/eval and zero_grad.
        /// </summary>
        public abstract class Module : IDisposable
        {
            private readonly List<(string name, Module module)> _modules = new();
            private readonly List<(string name, Parameter? parameter)> _parameters = new();
            private readonly List<(string name, Tensor buffer)> _buffers = new();
            private readonly string _name;

            /// <summary>Creates a module with a display name.</summary>
            protected Module(string name) => _name = name;

            /// <summary>The module's display name.</summary>
            public string GetName() => _name;

            /// <summary>True in training mode (the default), false after <see cref="eval"/>.</summary>
            public bool training { get; private set; } = true;

            /// <summary>
            /// Registers every field of the derived class that holds a module, a parameter or a tensor
            /// (as a buffer), named after the field. Call it at the end of your constructor.
            /// </summary>
            public void RegisterComponents()
            {
                var fields = new List<FieldInfo>();
                for (var t = GetType(); t is not null && t != typeof(Module); t = t.BaseType)
                    fields.InsertRange(0, t.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly)
                        .Where(f => !f.Name.Contains('<')));   // skip compiler-generated backing fields of properties
                foreach (var f in fields)
                {
                    var v = f.GetValue(this);
                    string name = f.Name.TrimStart('_');
                    switch (v)
                    {
                        case Module m when !_modules.Any(x => ReferenceEquals(x.module, m)): register_module(name, m); break;
                        case Modules.Parameter p when !_parameters.Any(x => ReferenceEquals(x.parameter, p)): register_parameter(name, p); break;
                        case Tensor t and not Modules.Parameter when !_buffers.Any(x => ReferenceEquals(x.buffer, t)): register_buffer(name, t); break;
                    }
                }
            }

            /// <summary>Adds a submodule under <paramref name="name"/>.</summary>
            public void register_module(string name, Module module)
            {
                CheckName(name);
                _modules.Add((name, module ?? throw new ArgumentNullException(nameof(module))));
            }

            /// <summary>Adds a parameter under <paramref name="name"/> (null reserves the name, as an absent bias).</summary>
            public void register_parameter(string name, Parameter? parameter)
            {
                CheckName(name);
                _parameters.Add((name, parameter));
            }

            /// <summary>Adds a non-learned tensor (saved in the state dict) under <paramref name="name"/>.</summary>
            public void register_buffer(string name, Tensor buffer)
            {
                CheckName(name);
                _buffers.Add((name, (buffer ?? throw new ArgumentNullException(nameof(buffer))).DetachFromDisposeScope()));
            }

            private void CheckName(string name)
            {
                if (string.IsNullOrEmpty(name) || name.Contains('.'))
                    throw new ArgumentException($"{_name}: '{name}' is not a valid component name (non-empty, no dots).");
                if (_modules.Any(x => x.name == name) || _parameters.Any(x => x.name == name) || _buffers.Any(x => x.name == name))
                    throw new ArgumentException($"{_name}: a component named '{name}' is already registered. Did you call RegisterComponents() twice?");
            }

            /// <summary>Direct submodules with their names.</summary>
            public IEnumerable<(string name, Module module)> named_children() => _modules;
            /// <summary>Direct submodules.</summary>
            public IEnumerable<Module> children() => _modules.Select(m => m.module);

            /// <summary>This module and every descendant, with dotted names ("" for this one).</summary>
            public IEnumerable<(string name, Module module)> named_modules()
            {
                yield return ("", this);
                foreach (var (n, m) in _modules)
                    foreach (var (cn, cm) in m.named_modules())
                        yield return (cn.Length == 0 ? n : n + "." + cn, cm);
            }

            /// <summary>This module and every descendant.</summary>
            public IEnumerable<Module> modules() => named_modules().Select(m => m.module);

            /// <summary>Every parameter with its dotted name, e.g. "0.weight" in a Sequential.</summary>
            public IEnumerable<(string name, Parameter parameter)> named_parameters(bool recurse = true)
            {
                // A layer used twice (weight sharing) is listed once, as in PyTorch, so optimizers accept it.
                var seen = new HashSet<Parameter>(ReferenceEqualityComparer.Instance);
                foreach (var (n, p) in AllNamedParameters(recurse))
                    if (seen.Add(p)) yield return (n, p);
            }

            /// <summary>Every parameter under every name it is reachable by (state_dict keeps them all, as PyTorch).</summary>
            private IEnumerable<(string name, Parameter parameter)> AllNamedParameters(bool recurse)
            {
                foreach (var (n, p) in _parameters)
                    if (p is not null) yield return (n, p);
                if (!recurse) yield break;
                foreach (var (mn, m) in _modules)
                    foreach (var (pn, p) in m.AllNamedParameters(true))
                        yield return (mn + "." + pn, p);
            }

            /// <summary>Every parameter (what an optimizer updates).</summary>
            public IEnumerable<Parameter> parameters(bool recurse = true) => named_parameters(recurse).Select(p => p.parameter);

            /// <summary>Every buffer with its dotted name.</summary>
            public IEnumerable<(string name, Tensor buffer)> named_buffers(bool recurse = true)
            {
                foreach (var b in _buffers) yield return b;
                if (!recurse) yield break;
                foreach (var (mn, m) in _modules)
                    foreach (var (bn, b) in m.named_buffers())
                        yield return (mn + "." + bn, b);
            }

            /// <summary>Every buffer.</summary>
            public IEnumerable<Tensor> buffers(bool recurse = true) => named_buffers(recurse).Select(b => b.buffer);

            /// <summary>Parameters and buffers by dotted name. The tensors share storage with the module.</summary>
            public Dictionary<string, Tensor> state_dict()
            {
                var d = new Dictionary<string, Tensor>();
                foreach (var (n, p) in AllNamedParameters(true)) d[n] = p;
                foreach (var (n, b) in named_buffers()) d[n] = b;
                return d;
            }

            /// <summary>
            /// Copies values from <paramref name="source"/> into this module's parameters and buffers.
            /// With <paramref name="strict"/>, missing or unexpected keys are errors; shapes must always match.
            /// </summary>
            public (IList<string> missing_keys, IList<string> unexpected_keys) load_state_dict(IDictionary<string, Tensor> source, bool strict = true)
            {
                ArgumentNullException.ThrowIfNull(source);
                var own = state_dict();
                var missing = own.Keys.Where(k => !source.ContainsKey(k)).ToList();
                var unexpected = source.Keys.Where(k => !own.ContainsKey(k)).ToList();
                var misshaped = own.Keys.Where(source.ContainsKey)
                    .Where(k => !Shape.Equal(own[k]._shape, source[k]._shape))
                    .Select(k => $"'{k}': expected {Shape.Format(own[k]._shape)}, got {Shape.Format(source[k]._shape)}").ToList();
                if (misshaped.Count > 0)
                    throw new ArgumentException($"load_state_dict: shape mismatch for {string.Join("; ", misshaped)}. The saved network has different layer sizes; build the same architecture before loading.");
                if (strict && (missing.Count > 0 || unexpected.Count > 0))
                    throw new ArgumentException(
                        "load_state_dict: the state dict does not match this module." +
                        (missing.Count > 0 ? $" Missing keys: {string.Join(", ", missing)}." : "") +
                        (unexpected.Count > 0 ? $" Unexpected keys: {string.Join(", ", unexpected)}." : "") +
                        $" This module has: {string.Join(", ", own.Keys)}. Pass strict: false to load only the matching entries.");
                using (no_grad())
                    foreach (var (k, t) in own)
                        if (source.TryGetValue(k, out var s)) t.copy_(s);
                return (missing, unexpected);
            }

            /// <summary>Sets training mode on this module and every descendant.</summary>
            public void train(bool train = true)
            {
                foreach (var m in modules()) m.training = train;
            }

            /// <summary>Sets evaluation mode (same as <c>train(false)</c>).</summary>
            public void eval() => train(false);

            /// <summary>
            /// Drops every parameter's gradient (set_to_none, the default as in TorchSharp and PyTorch 2) or zeroes it in
            /// place. <c>optimizer.zero_grad()</c> zeroes in place, which is what a training loop wants.
            /// </summary>
            public void zero_grad(bool set_to_none = true)
            {
                foreach (var p in parameters())
                {
                    if (set_to_none) p.grad = null;
                    else p.grad?.zero_();
                }
            }

            /// <summary>Stays on the CPU; CUDA raises an error that names the TorchSharp backend.</summary>
            public Module to(Device device)
            {
                Device.EnsureCpu(device, "Module.to");
                return this;
            }

            /// <summary>
            /// Converts every parameter and buffer to <paramref name="type"/>. The parameters are replaced by new ones, so
            /// build the optimizer after converting (as with TorchSharp).
            /// </summary>
            public Module to(ScalarType type)
            {
                foreach (var m in modules()) m.ConvertOwn(type);
                return this;
            }

            private void ConvertOwn(ScalarType type)
            {
                for (int i = 0; i < _parameters.Count; i++)
                {
                    var (n, p) = _parameters[i];
                    if (p is null || p._dtype == type) continue;
                    Tensor converted;
                    using (no_grad()) converted = p.to_type(type);
                    var np = new Parameter(converted, p.requires_grad);
                    _parameters[i] = (n, np);
                    ReplaceField(p, np);
                }
                for (int i = 0; i < _buffers.Count; i++)
                {
                    var (n, b) = _buffers[i];
                    if (b._dtype == type || !b.is_floating_point()) continue;
                    var nb = b.to_type(type).DetachFromDisposeScope();
                    _buffers[i] = (n, nb);
                    ReplaceField(b, nb);
                }
            }

            private void ReplaceField(Tensor old, Tensor replacement)
            {
                for (var t = GetType(); t is not null && t != typeof(Module); t = t.BaseType)
                    foreach (var f in t.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
                        if (ReferenceEquals(f.GetValue(this), old) && f.FieldType.IsInstanceOfType(replacement)) f.SetValue(this, replacement);
                OnParametersReplaced();
            }

            /// <summary>Called after <see cref="to(ScalarType)"/> replaced parameters, for modules that cache them in properties.</summary>
            protected virtual void OnParametersReplaced() { }

            /// <summary>
            /// Writes the state dict to a safetensors file, which PyTorch reads with <c>safetensors.torch.load_file</c>.
            /// (TorchSharp's own <c>save</c> writes a different format; TorchSharp reads safetensors through TorchSharp.PyBridge.)
            /// </summary>
            public Module save(string path)
            {
                SafeTensors.Save(path, state_dict());
                return this;
            }

            /// <summary>Loads a state dict from a safetensors file (strict by default), e.g. one written by <see cref="save"/> or by PyTorch's safetensors.</summary>
            public Module load(string path, bool strict = true)
            {
                load_state_dict(SafeTensors.Load(path), strict);
                return this;
            }

            /// <summary>Kept for TorchSharp compatibility: memory is reclaimed by the GC.</summary>
            public void Dispose() => GC.SuppressFinalize(this);

            /// <inheritdoc />
            public override string ToString()
            {
                var sb = new System.Text.StringBuilder();
                Describe(sb, "");
                return sb.ToString().TrimEnd();
            }

            private void Describe(System.Text.StringBuilder sb, string indent)
            {
                sb.Append(ExtraRepr() is { Length: > 0 } extra ? $"{_name}({extra})" : _name);
                if (_modules.Count == 0) { sb.AppendLine(); return; }
                sb.AppendLine("(");
                foreach (var (n, m) in _modules)
                {
                    sb.Append(indent).Append("  (").Append(n).Append("): ");
                    m.Describe(sb, indent + "  ");
                }
                sb.Append(indent).AppendLine(")");
            }

            /// <summary>Extra text shown in <see cref="ToString"/>, such as layer sizes.</summary>
            protected virtual string ExtraRepr() => "";
        }

        /// <summary>A module with one input and one output, as TorchSharp's <c>Module&lt;T, TResult&gt;</c>.</summary>
        public abstract class Module<T, TResult> : Module
        {
            /// <summary>Creates a module with a display name.</summary>
            protected Module(string name) : base(name) { }

            /// <summary>The computation of this module.</summary>
            public abstract TResult forward(T input);

            /// <summary>Runs <see cref="forward"/> (TorchSharp's entry point that also runs hooks).</summary>
            public TResult call(T input) => forward(input);
        }

        /// <summary>A module with two inputs and one output.</summary>
        public abstract class Module<T1, T2, TResult> : Module
        {
            /// <summary>Creates a module with a display name.</summary>
            protected Module(string name) : base(name) { }

            /// <summary>The computation of this module.</summary>
            public abstract TResult forward(T1 input1, T2 input2);

            /// <summary>Runs <see cref="forward"/>.</summary>
            public TResult call(T1 input1, T2 input2) => forward(input1, input2);
        }
    }
}
