namespace CourseKit.Torch;

/// <summary>Shape arithmetic shared by every op, with the error messages students see.</summary>
internal static class Shape
{
    public static int Numel(ReadOnlySpan<long> shape)
    {
        long n = 1;
        foreach (var d in shape)
        {
            if (d < 0) throw new ArgumentException($"shape {Format(shape)} has a negative size; every size must be >= 0.");
            n *= d;
            if (n > int.MaxValue) throw new ArgumentException($"shape {Format(shape)} holds {n:N0}+ elements, more than this engine's 2^31-1 per tensor.");
        }
        return (int)n;
    }

    public static string Format(ReadOnlySpan<long> shape) => "[" + string.Join(", ", shape.ToArray()) + "]";

    /// <summary>Maps a possibly negative dim to 0..ndim-1, or throws naming the op.</summary>
    public static int Dim(long dim, int ndim, string op, string what = "dim")
    {
        int n = Math.Max(ndim, 1);
        if (dim < -n || dim >= n)
            throw new ArgumentOutOfRangeException(what,
                $"{op}: {what} {dim} is out of range for a tensor with {ndim} dim{(ndim == 1 ? "" : "s")} (valid: {-n}..{n - 1}).");
        return (int)(dim < 0 ? dim + n : dim);
    }

    /// <summary>Row-major element strides of a contiguous tensor.</summary>
    public static int[] Strides(ReadOnlySpan<long> shape)
    {
        var s = new int[shape.Length];
        Strides(shape, s);
        return s;
    }

    /// <summary>Row-major strides of <paramref name="shape"/>, written into <paramref name="strides"/>.</summary>
    public static void Strides(ReadOnlySpan<long> shape, Span<int> strides)
    {
        int acc = 1;
        for (int i = shape.Length - 1; i >= 0; i--) { strides[i] = acc; acc *= (int)shape[i]; }
    }

    /// <summary>Product of the sizes in [from, to).</summary>
    public static int Prod(ReadOnlySpan<long> shape, int from, int to)
    {
        long p = 1;
        for (int i = from; i < to; i++) p *= shape[i];
        return (int)p;
    }

    public static bool Equal(ReadOnlySpan<long> a, ReadOnlySpan<long> b) => a.SequenceEqual(b);

    /// <summary>The shape with dim <paramref name="dim"/> removed (a reduction without keepdim, a squeeze). Shared: do not modify.</summary>
    public static long[] Without(long[] shape, int dim)
    {
        Span<long> r = shape.Length <= 17 ? stackalloc long[shape.Length - 1] : new long[shape.Length - 1];
        for (int i = 0, j = 0; i < shape.Length; i++) if (i != dim) r[j++] = shape[i];
        return Intern(r);
    }

    /// <summary>The shape with dim <paramref name="dim"/> set to 1 (a reduction with keepdim). Shared: do not modify.</summary>
    public static long[] WithOne(long[] shape, int dim)
    {
        Span<long> r = shape.Length <= 16 ? stackalloc long[shape.Length] : new long[shape.Length];
        shape.CopyTo(r);
        r[dim] = 1;
        return Intern(r);
    }

    /// <summary>The shape with dim <paramref name="dim"/> set to <paramref name="size"/>. Shared: do not modify.</summary>
    public static long[] WithSize(long[] shape, int dim, long size)
    {
        Span<long> r = shape.Length <= 16 ? stackalloc long[shape.Length] : new long[shape.Length];
        shape.CopyTo(r);
        r[dim] = size;
        return Intern(r);
    }

    /// <summary>The shape with a dim of size 1 inserted at <paramref name="dim"/> (unsqueeze). Shared: do not modify.</summary>
    public static long[] WithInserted(long[] shape, int dim)
    {
        Span<long> r = shape.Length <= 15 ? stackalloc long[shape.Length + 1] : new long[shape.Length + 1];
        for (int i = 0, j = 0; i < r.Length; i++) r[i] = i == dim ? 1 : shape[j++];
        return Intern(r);
    }

    // Shape arrays are never modified once a tensor holds them, so equal shapes can share one array.
    // A small per-thread direct-mapped cache hands out the same array for the shapes a training step
    // makes over and over, so steady-state steps allocate no shape arrays.
    private const int InternSlots = 256;
    [ThreadStatic] private static long[]?[]? _interned;

    /// <summary>An array holding <paramref name="shape"/>, shared with other tensors of that shape: never modify it.</summary>
    public static long[] Intern(ReadOnlySpan<long> shape)
    {
        if (shape.Length == 0) return System.Array.Empty<long>();
        if (shape.Length > 6) return shape.ToArray();
        ulong h = (ulong)shape.Length;
        foreach (var d in shape) h = (h ^ (ulong)d) * 0x100000001B3UL;
        int slot = (int)((h ^ (h >> 29)) & (InternSlots - 1));
        var table = _interned ??= new long[]?[InternSlots];
        var hit = table[slot];
        if (hit is not null && hit.AsSpan().SequenceEqual(shape)) return hit;
        return table[slot] = shape.ToArray();
    }

    /// <summary>NumPy/PyTorch broadcasting of two shapes.</summary>
    public static long[] Broadcast(long[] a, long[] b, string op)
    {
        if (Equal(a, b)) return a;
        int r = Math.Max(a.Length, b.Length);
        var o = new long[r];
        for (int i = 0; i < r; i++)
        {
            long da = i < r - a.Length ? 1 : a[i - (r - a.Length)];
            long db = i < r - b.Length ? 1 : b[i - (r - b.Length)];
            if (da != db && da != 1 && db != 1)
                throw new ArgumentException(
                    $"{op}: shapes {Format(a)} and {Format(b)} cannot be broadcast: dim {i - r} has size {da} in one and {db} in the other " +
                    "(sizes must match or be 1). Check which dimension you meant to line up; reshape or unsqueeze one operand.");
            o[i] = da == 1 ? db : da;
        }
        return o;
    }

    /// <summary>Element strides of <paramref name="shape"/> seen through broadcasting to <paramref name="outShape"/> (0 on broadcast dims).</summary>
    public static int[] BroadcastStrides(long[] shape, long[] outShape)
    {
        int r = outShape.Length, off = r - shape.Length;
        var s = new int[r];
        int acc = 1;
        for (int i = shape.Length - 1; i >= 0; i--)
        {
            s[i + off] = shape[i] == 1 && outShape[i + off] != 1 ? 0 : acc;
            acc *= (int)shape[i];
        }
        return s;
    }

    /// <summary>Resolves a single -1 in a requested shape, as reshape/view do.</summary>
    public static long[] Infer(long[] requested, int numel, long[] from, string op)
    {
        Span<long> s = requested.Length <= 16 ? stackalloc long[requested.Length] : new long[requested.Length];
        requested.CopyTo(s);
        int infer = -1;
        long known = 1;
        for (int i = 0; i < s.Length; i++)
        {
            if (s[i] == -1)
            {
                if (infer >= 0) throw new ArgumentException($"{op}: only one dimension can be -1, got {Format(requested)}.");
                infer = i;
            }
            else if (s[i] < 0) throw new ArgumentException($"{op}: invalid size {s[i]} in {Format(requested)}.");
            else known *= s[i];
        }
        if (infer >= 0)
        {
            if (known == 0 || numel % known != 0)
                throw new ArgumentException($"{op}: cannot reshape a tensor of shape {Format(from)} ({numel} elements) into {Format(requested)}.");
            s[infer] = numel / known;
        }
        else if (known != numel)
            throw new ArgumentException(
                $"{op}: cannot reshape a tensor of shape {Format(from)} ({numel} elements) into {Format(requested)} ({known} elements). " +
                "The element counts must match; use -1 for the size you want inferred.");
        return Intern(s);
    }
}
