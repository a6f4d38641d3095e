namespace CourseKit.Torch;

public static partial class torch
{
    public partial class Tensor
    {
        /// <summary>this + other, broadcasting.</summary>
        public Tensor add(Tensor other)
        {
            var r = Elementwise.Binary(this, other, BinaryOp.Add, "add");
            if (!Autograd.ShouldRecord(this, other)) return Autograd.CheckForward(r, "add");
            Autograd.Op(r, "add", [this, other], static (g, n) => [Grad(n.Input(0), g), Grad(n.Input(1), g)]);
            return r;
        }

        /// <summary>this + alpha * other, broadcasting.</summary>
        public Tensor add(Tensor other, Scalar alpha) => add(other.mul(alpha));

        /// <summary>this - other, broadcasting.</summary>
        public Tensor sub(Tensor other)
        {
            var r = Elementwise.Binary(this, other, BinaryOp.Sub, "sub");
            if (!Autograd.ShouldRecord(this, other)) return Autograd.CheckForward(r, "sub");
            Autograd.Op(r, "sub", [this, other], static (g, n) =>
            {
                var b = n.Input(1);
                return [Grad(n.Input(0), g), b._requiresGrad ? g.neg().SumTo(b._shape) : null];
            });
            return r;
        }

        /// <summary>this * other (element-wise), broadcasting.</summary>
        public Tensor mul(Tensor other)
        {
            var r = Elementwise.Binary(this, other, BinaryOp.Mul, "mul");
            if (!Autograd.ShouldRecord(this, other)) return Autograd.CheckForward(r, "mul");
            Autograd.Op(r, "mul", [this, other], static (g, n) =>
            {
                var a = n.Input(0); var b = n.Input(1);
                return [
                    a._requiresGrad ? g.mul(b.detach()).SumTo(a._shape) : null,
                    b._requiresGrad ? g.mul(a.detach()).SumTo(b._shape) : null];
            });
            return r;
        }

        /// <summary>this / other (true division), broadcasting.</summary>
        public Tensor div(Tensor other)
        {
            var r = Elementwise.Binary(this, other, BinaryOp.Div, "div");
            if (!Autograd.ShouldRecord(this, other)) return Autograd.CheckForward(r, "div");
            Autograd.Op(r, "div", [this, other], static (g, n) =>
            {
                var a = n.Input(0); var b = n.Input(1);
                return [
                    a._requiresGrad ? g.div(b.detach()).SumTo(a._shape) : null,
                    b._requiresGrad ? g.mul(n.Saved!.detach()).div(b.detach()).neg().SumTo(b._shape) : null];
            }).Saved = r;
            return r;
        }

        /// <summary>this ^ exponent, element-wise, broadcasting.</summary>
        public Tensor pow(Tensor exponent)
        {
            var a = this; var b = exponent;
            var r = Elementwise.Binary(a, b, BinaryOp.Pow, "pow");
            if (!Autograd.ShouldRecord(a, b)) return Autograd.CheckForward(r, "pow");
            return Autograd.Record(r, "pow", [a, b], g => [
                a._requiresGrad ? g.mul(b.detach()).mul(a.detach().pow(b.detach().sub(1))).SumTo(a._shape) : null,
                b._requiresGrad ? g.mul(r.detach()).mul(a.detach().log()).SumTo(b._shape) : null]);
        }

        /// <summary>Element-wise maximum of two tensors, broadcasting (the gradient goes to the larger; ties split it).</summary>
        public Tensor maximum(Tensor other) => MinMax(other, BinaryOp.Max, "maximum");

        /// <summary>Element-wise minimum of two tensors, broadcasting.</summary>
        public Tensor minimum(Tensor other) => MinMax(other, BinaryOp.Min, "minimum");

        private Tensor MinMax(Tensor other, BinaryOp op, string name)
        {
            var a = this; var b = other;
            var r = Elementwise.Binary(a, b, op, name);
            if (!Autograd.ShouldRecord(a, b)) return Autograd.CheckForward(r, name);
            return Autograd.Record(r, name, [a, b], g =>
            {
                // Ties share the gradient equally, as PyTorch does.
                var ra = r.detach();
                var wa = a.detach().eq(ra).to_type(g._dtype);
                var wb = b.detach().eq(ra).to_type(g._dtype);
                var total = wa.add(wb);
                return [
                    a._requiresGrad ? g.mul(wa.div(total)).SumTo(a._shape) : null,
                    b._requiresGrad ? g.mul(wb.div(total)).SumTo(b._shape) : null];
            });
        }

        private static Tensor? Grad(Tensor input, Tensor g) => input._requiresGrad ? g.SumTo(input._shape) : null;

        // ---- with a scalar ----------------------------------------------------------------------------

        /// <summary>this + value.</summary>
        public Tensor add(Scalar value) => ScalarOp(value, BinaryOp.Add, false, "add", static (g, n) => g);
        /// <summary>this - value.</summary>
        public Tensor sub(Scalar value) => ScalarOp(value, BinaryOp.Sub, false, "sub", static (g, n) => g);
        /// <summary>this * value.</summary>
        public Tensor mul(Scalar value) => ScalarOp(value, BinaryOp.Mul, false, "mul", static (g, n) => g.mul(n.Value));
        /// <summary>this / value.</summary>
        public Tensor div(Scalar value) => ScalarOp(value, BinaryOp.Div, false, "div", static (g, n) => g.div(n.Value));

        /// <summary>this ^ exponent.</summary>
        public Tensor pow(Scalar exponent) => ScalarOp(exponent, BinaryOp.Pow, false, "pow", static (g, n) => n.Value.Value switch
            {
                0 => zeros_like(g),                       // x⁰ is constant; 0·x⁻¹ would be NaN at x = 0
                2 => g.mul(n.Input(0).detach()).mul(2),
                _ => g.mul(n.Input(0).detach().pow(n.Value.Value - 1)).mul(n.Value),
            });

        /// <summary>value - this.</summary>
        public Tensor rsub(Scalar value) => ScalarOp(value, BinaryOp.Sub, true, "rsub", static (g, n) => g.neg());

        /// <summary>value / this.</summary>
        public Tensor rdiv(Scalar value) =>
            ScalarOp(value, BinaryOp.Div, true, "rdiv", static (g, n) => g.mul(n.Saved!.detach()).div(n.Input(0).detach()).neg());

        // backward: the gradient for this tensor, given the output's gradient and the node (scalar in Value, output in Saved).
        private Tensor ScalarOp(Scalar s, BinaryOp op, bool scalarFirst, string name, Func<Tensor, OpNode, Tensor> backward)
        {
            var r = Elementwise.WithScalar(this, s, op, scalarFirst);
            if (!Autograd.ShouldRecord(this)) return Autograd.CheckForward(r, name);
            var node = Autograd.Op(r, name, [this], static (g, n) => [((Func<Tensor, OpNode, Tensor>)n.State!)(g, n)]);
            node.Value = s;
            node.Saved = r;
            node.State = backward;
            return r;
        }

        /// <summary>-this.</summary>
        public Tensor neg() => Unary(UnaryOp.Neg, "neg");

        // ---- operators --------------------------------------------------------------------------------

        /// <summary>Element-wise sum, broadcasting.</summary>
        public static Tensor operator +(Tensor a, Tensor b) => a.add(b);
        /// <summary>Tensor plus a number.</summary>
        public static Tensor operator +(Tensor a, Scalar b) => a.add(b);
        /// <summary>A number plus a tensor.</summary>
        public static Tensor operator +(Scalar a, Tensor b) => b.add(a);
        /// <summary>Element-wise difference, broadcasting.</summary>
        public static Tensor operator -(Tensor a, Tensor b) => a.sub(b);
        /// <summary>Tensor minus a number.</summary>
        public static Tensor operator -(Tensor a, Scalar b) => a.sub(b);
        /// <summary>A number minus a tensor, e.g. <c>1 - terminated</c>.</summary>
        public static Tensor operator -(Scalar a, Tensor b) => b.rsub(a);
        /// <summary>Element-wise product, broadcasting.</summary>
        public static Tensor operator *(Tensor a, Tensor b) => a.mul(b);
        /// <summary>Tensor times a number.</summary>
        public static Tensor operator *(Tensor a, Scalar b) => a.mul(b);
        /// <summary>A number times a tensor.</summary>
        public static Tensor operator *(Scalar a, Tensor b) => b.mul(a);
        /// <summary>Element-wise quotient, broadcasting.</summary>
        public static Tensor operator /(Tensor a, Tensor b) => a.div(b);
        /// <summary>Tensor divided by a number.</summary>
        public static Tensor operator /(Tensor a, Scalar b) => a.div(b);
        /// <summary>A number divided by a tensor.</summary>
        public static Tensor operator /(Scalar a, Tensor b) => b.rdiv(a);
        /// <summary>Negation.</summary>
        public static Tensor operator -(Tensor a) => a.neg();
        /// <summary>Element-wise a &lt; b (bool tensor).</summary>
        public static Tensor operator <(Tensor a, Tensor b) => a.lt(b);
        /// <summary>Element-wise a &gt; b (bool tensor).</summary>
        public static Tensor operator >(Tensor a, Tensor b) => a.gt(b);
        /// <summary>Element-wise a &lt;= b (bool tensor).</summary>
        public static Tensor operator <=(Tensor a, Tensor b) => a.le(b);
        /// <summary>Element-wise a &gt;= b (bool tensor).</summary>
        public static Tensor operator >=(Tensor a, Tensor b) => a.ge(b);
        /// <summary>Element-wise a &lt; value (bool tensor).</summary>
        public static Tensor operator <(Tensor a, Scalar b) => a.lt(b);
        /// <summary>Element-wise a &gt; value (bool tensor).</summary>
        public static Tensor operator >(Tensor a, Scalar b) => a.gt(b);
        /// <summary>Element-wise a &lt;= value (bool tensor).</summary>
        public static Tensor operator <=(Tensor a, Scalar b) => a.le(b);
        /// <summary>Element-wise a &gt;= value (bool tensor).</summary>
        public static Tensor operator >=(Tensor a, Scalar b) => a.ge(b);
        /// <summary>Logical not of a bool tensor.</summary>
        public static Tensor operator !(Tensor a) => a.logical_not();
        /// <summary>Logical and of bool tensors.</summary>
        public static Tensor operator &(Tensor a, Tensor b) => a.logical_and(b);
        /// <summary>Logical or of bool tensors.</summary>
        public static Tensor operator |(Tensor a, Tensor b) => a.logical_or(b);
    }

    /// <summary>Element-wise sum.</summary>
    public static Tensor add(Tensor a, Tensor b) => a.add(b);
    /// <summary>Element-wise difference.</summary>
    public static Tensor sub(Tensor a, Tensor b) => a.sub(b);
    /// <summary>Element-wise product.</summary>
    public static Tensor mul(Tensor a, Tensor b) => a.mul(b);
    /// <summary>Element-wise quotient.</summary>
    public static Tensor div(Tensor a, Tensor b) => a.div(b);
    /// <summary>Element-wise power.</summary>
    public static Tensor pow(Tensor a, Tensor b) => a.pow(b);
    /// <summary>Element-wise power by a number.</summary>
    public static Tensor pow(Tensor a, Scalar b) => a.pow(b);
    /// <summary>Element-wise maximum.</summary>
    public static Tensor maximum(Tensor a, Tensor b) => a.maximum(b);
    /// <summary>Element-wise minimum.</summary>
    public static Tensor minimum(Tensor a, Tensor b) => a.minimum(b);
    /// <summary>Negation.</summary>
    public static Tensor neg(Tensor a) => a.neg();
}
