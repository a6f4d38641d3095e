using System.Globalization;
using System.Text;

namespace CourseKit.Torch;

public static partial class torch
{
    public partial class Tensor
    {
        /// <summary>The values in PyTorch's style, e.g. <c>tensor([[1.0000, 2.0000]])</c>; large tensors are summarised.</summary>
        public override string ToString() => str();

        /// <summary>The values in PyTorch's style; tensors with more than <paramref name="threshold"/> elements show their edges only.</summary>
        public string str(int threshold = 1000, int edgeItems = 3)
        {
            var sb = new StringBuilder("tensor(");
            bool summarise = _numel > threshold;
            bool isFloat = is_floating_point();
            int width = 0;
            if (isFloat || _dtype == ScalarType.Int64)
                for (int i = 0; i < _numel; i++) width = Math.Max(width, FormatValue(ReadAsDouble(i)).Length);
            if (_shape.Length == 0) sb.Append(FormatValue(ReadAsDouble(0)));
            else AppendDim(sb, 0, 0, summarise, edgeItems, width, 7);
            if (_dtype != ScalarType.Float32 && _dtype != ScalarType.Int64 && _dtype != ScalarType.Bool || _numel == 0)
                sb.Append(", dtype=").Append(_dtype.Name());
            if (_dtype == ScalarType.Float64 && _numel > 0 && !sb.ToString().Contains("dtype")) sb.Append(", dtype=float64");
            if (_node is not null) sb.Append(", grad_fn=<").Append(_node.Name).Append('>');
            else if (_requiresGrad) sb.Append(", requires_grad=True");
            sb.Append(')');
            return sb.ToString();
        }

        private string FormatValue(double v) => _dtype switch
        {
            ScalarType.Bool => v != 0 ? "True" : "False",
            ScalarType.Int64 => ((long)v).ToString(CultureInfo.InvariantCulture),
            _ => double.IsNaN(v) ? "nan" : double.IsInfinity(v) ? (v > 0 ? "inf" : "-inf")
                : Math.Abs(v) >= 1e5 || (Math.Abs(v) < 1e-4 && v != 0) ? v.ToString("0.0000e+00", CultureInfo.InvariantCulture)
                : v.ToString("0.0000", CultureInfo.InvariantCulture),
        };

        private void AppendDim(StringBuilder sb, int dim, int offset, bool summarise, int edge, int width, int indent)
        {
            int size = (int)_shape[dim];
            int stride = Shape.Prod(_shape, dim + 1, _shape.Length);
            sb.Append('[');
            for (int i = 0; i < size; i++)
            {
                if (summarise && size > 2 * edge && i == edge)
                {
                    sb.Append(dim == _shape.Length - 1 ? "..., " : "...,\n" + new string(' ', indent + dim + 1));
                    i = size - edge - 1;
                    continue;
                }
                if (dim == _shape.Length - 1) sb.Append(FormatValue(ReadAsDouble(offset + i)).PadLeft(width));
                else AppendDim(sb, dim + 1, offset + i * stride, summarise, edge, width, indent);
                if (i < size - 1)
                    sb.Append(dim == _shape.Length - 1 ? ", " : "," + new string('\n', _shape.Length - dim - 1) + new string(' ', indent + dim + 1));
            }
            sb.Append(']');
        }

        /// <summary>Prints the tensor to standard output and returns it.</summary>
        public Tensor print()
        {
            Console.WriteLine(str());
            return this;
        }
    }
}
