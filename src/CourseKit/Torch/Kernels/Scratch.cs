using System.Runtime.CompilerServices;

namespace CourseKit.Torch.Kernels;

/// <summary>
/// Per-thread, pinned, 64-byte-aligned scratch buffers for packing panels and im2col columns.
/// </summary>
/// <remarks>
/// Why: a training step calls the kernels dozens of times and must allocate (almost) nothing, so every
/// temporary lives in a buffer that is kept per thread and only grows. The arrays are allocated on the
/// pinned object heap, so the kernels can hold raw pointers without <c>fixed</c>, and the pointer is rounded
/// up to a cache line so packed panels start on one (aligned 512-bit loads never split a line).
/// Different simultaneous uses on one thread take different <see cref="Slot"/>s: conv's column buffer
/// stays alive while the GEMM it calls packs its panels into other slots.
/// </remarks>
internal static class Scratch<T> where T : unmanaged
{
    [ThreadStatic] static T[]?[]? t_buffers;

    /// <summary>Returns a pointer to at least <paramref name="length"/> elements; contents are undefined.</summary>
    public static unsafe T* Get(Slot slot, long length)
    {
        var buffers = t_buffers ??= new T[]?[(int)Slot.Count];
        int padding = 64 / sizeof(T);
        var buffer = buffers[(int)slot];
        if (buffer is null || buffer.Length < length + padding)
        {
            if (length + padding > Array.MaxLength)
                throw new OutOfMemoryException($"Kernel scratch buffer of {length} elements is too large.");
            // Grow geometrically so a slowly increasing size does not reallocate every call.
            long size = Math.Max(length + padding, buffer is null ? 0 : Math.Min(Array.MaxLength, buffer.Length * 3L / 2));
            buffer = GC.AllocateUninitializedArray<T>((int)size, pinned: true);
            buffers[(int)slot] = buffer;
        }
        nuint address = (nuint)Unsafe.AsPointer(ref buffer[0]);
        return (T*)((address + 63) & ~(nuint)63);
    }
}

/// <summary>Who owns which per-thread scratch buffer (see <see cref="Scratch{T}"/>).</summary>
internal enum Slot
{
    PackA,
    PackB,
    SmallRow,
    SmallB,
    ConvColumns,
    ConvRows,
    ConvTaps,
    ConvPositions,
    ConvWeights,
    Count,
}
