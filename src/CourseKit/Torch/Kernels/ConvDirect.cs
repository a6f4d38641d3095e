using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace CourseKit.Torch.Kernels;

/// <summary>
/// conv2d's forward product and weight gradient as direct kernels on AVX2: the output channels run along the
/// vector lanes and the pixels are broadcast straight from the images, so nothing is lowered or packed.
/// </summary>
/// <remarks>
/// Why: the course's convolutions have few output channels (the pixel net's 16 and 32, the Nature CNN's 32 and 64).
/// A GEMM that takes them as its rows reuses each packed column element only O times, so packing the columns from
/// the images (a gather per element) cost about as much as the multiplications. Turned around, with positions as
/// rows and channels as columns, the roles swap: the small operand (the weights, K × O) is read as vectors in place,
/// and the large one (the image under each tap) is read one scalar broadcast at a time, which needs no copy at all.
/// <para>
/// Forward: a register tile holds 6 output positions × 2 vectors of channels (12 accumulators; the AVX2 shape of
/// <see cref="MicroKernel256{T}"/>), starts from the bias, sums over the K taps in order, applies the relu and
/// stores [position × O] rows into scratch; one pass of 8×8 transposes then writes [N, O, S].
/// Weight gradient: a tile holds 6 taps × 2 vectors of channels and sums over every position of the batch in
/// order, with gradOutput first transposed to [N·S × O]; the bias gradient sums gradOutput's rows.
/// </para>
/// <para>
/// Reproducibility: every output element is one chain of multiply-adds in a fixed order (taps for the forward,
/// positions for the weight gradient), computed whole by whichever thread owns its tile, so the bits do not
/// depend on the thread count. Only unpadded convolutions whose output channels fill whole tiles come here: every
/// window then lies inside its image, so the kernels need no bounds test. Others take <see cref="Conv2dCore{T}"/>'s
/// GEMM paths.
/// </para>
/// </remarks>
internal static unsafe class ConvDirect<T> where T : unmanaged, INumber<T>
{
    /// <summary>Positions (forward) or taps (weight gradient) per register tile.</summary>
    const int Rows = 6;

    static int V => Vector256<T>.Count;

    /// <summary>Output channels per register tile: two vectors.</summary>
    static int Block => 2 * Vector256<T>.Count;

    /// <summary>A product below this many multiply-adds runs on one thread.</summary>
    const long ParallelWork = 4L << 20;

    /// <summary>True when the hardware has 256-bit vectors and the shape suits the kernels (see the remarks).</summary>
    public static bool Supports(in ConvShape s) =>
        Vector256.IsHardwareAccelerated && s.PadH == 0 && s.PadW == 0 && s.O % Block == 0 && s.N > 0
        && (long)s.N * s.InputSize <= int.MaxValue && (long)s.N * s.S * s.O <= int.MaxValue;

    /// <summary>output[N, O, S] = relu?(conv(input, weight) + bias).</summary>
    public static void Forward(T* input, T* weight, T* bias, T* output, in ConvShape s, bool relu)
    {
        int n = s.N * s.S, blocks = (n + Rows - 1) / Rows;
        T* weightT = Scratch<T>.Get(Slot.ConvWeights, (long)s.K * s.O);
        Transpose(weight, s.K, weightT, s.O, s.O, s.K);
        int* taps = Scratch<int>.Get(Slot.ConvTaps, s.K);
        FillTaps(taps, s, s.K);
        int* positions = Scratch<int>.Get(Slot.ConvPositions, (long)blocks * Rows);
        FillPositions(positions, s, blocks * Rows);
        T* rows = Scratch<T>.Get(Slot.ConvRows, (long)blocks * Rows * s.O);
        var job = Job.Get();
        job.Set(Kind.Forward, input, weightT, bias, rows, positions, taps, s, relu);
        job.Run(blocks, Threads(s));
        // rows[N·S × O] → output[N, O, S], image by image.
        TransposeImages(rows, (long)s.S * s.O, s.O, output, s.OutputSize, s.S, s.S, s.O, s);
    }

    /// <summary>gradWeight[O, K] (overwritten) and gradBias[O] (overwritten, when non-null).</summary>
    public static void BackwardWeight(T* gradOutput, T* input, T* gradWeight, T* gradBias, in ConvShape s)
    {
        int n = s.N * s.S, tapBlocks = (s.K + Rows - 1) / Rows, tiles = tapBlocks * (s.O / Block);
        T* gradRows = Scratch<T>.Get(Slot.ConvRows, (long)n * s.O);
        TransposeImages(gradOutput, s.OutputSize, s.S, gradRows, (long)s.S * s.O, s.O, s.O, s.S, s);
        int* taps = Scratch<int>.Get(Slot.ConvTaps, (long)tapBlocks * Rows);
        FillTaps(taps, s, tapBlocks * Rows);
        int* positions = Scratch<int>.Get(Slot.ConvPositions, n);
        FillPositions(positions, s, n);
        T* sums = Scratch<T>.Get(Slot.ConvColumns, (long)tiles * TileSize);
        var job = Job.Get();
        job.Set(Kind.Weight, input, gradRows, sums, gradWeight, positions, taps, s, relu: false);
        job.Run(tiles, Threads(s));
        if (gradBias != null)
            for (int o = 0; o < s.O; o++)
            {
                T sum = T.Zero;
                for (int b = 0; b < s.N; b++) sum += System.Numerics.Tensors.TensorPrimitives.Sum(new ReadOnlySpan<T>(gradOutput + b * s.OutputSize + (long)o * s.S, s.S));
                gradBias[o] = sum;
            }
    }

    /// <summary>True when the input gradient suits the direct kernel: unpadded, input channels in whole 16-wide tiles.</summary>
    public static bool SupportsInput(in ConvShape s) =>
        Vector256.IsHardwareAccelerated && s.PadH == 0 && s.PadW == 0 && s.C % Block == 0 && s.N > 0
        && (long)s.N * s.InputSize <= int.MaxValue && (long)s.N * s.S * s.O <= int.MaxValue;

    /// <summary>gradInput[N, C, H, W] (overwritten) from gradOutput[N, O, S] and weight[O, C, KH, KW].</summary>
    /// <remarks>
    /// Each output position j and kernel offset (ki, kj) adds Σ_o gradOutput[j, o] · weight[o, :, ki, kj] to the
    /// input pixel under that offset, all C channels at once: so the input gradient is gathered channel-last,
    /// [N, H, W, C], and transposed to NCHW at the end. A register tile is 6 positions × 16 channels summed over
    /// O; its six rows are then added to their six pixels. Kernel offsets run outermost and positions in order
    /// within an image, so every pixel receives its terms in the same order however the positions are tiled
    /// and whichever thread (threads take whole images) runs them.
    /// </remarks>
    public static void BackwardInput(T* gradOutput, T* weight, T* gradInput, in ConvShape s)
    {
        int n = s.N * s.S, pixels = s.H * s.W;
        T* gradRows = Scratch<T>.Get(Slot.ConvRows, (long)n * s.O);
        TransposeImages(gradOutput, s.OutputSize, s.S, gradRows, (long)s.S * s.O, s.O, s.O, s.S, s);
        // weight[o, c, ki, kj] → byOffset[ki, kj, o, c]: for one kernel offset, an O × C matrix with channels contiguous.
        T* byOffset = Scratch<T>.Get(Slot.ConvWeights, (long)s.O * s.K);
        int offsets = s.KH * s.KW;
        for (int o = 0; o < s.O; o++)
            for (int c = 0; c < s.C; c++)
                for (int r = 0; r < offsets; r++)
                    byOffset[((long)r * s.O + o) * s.C + c] = weight[((long)o * s.C + c) * offsets + r];
        int* positions = Scratch<int>.Get(Slot.ConvPositions, n);
        for (int b = 0, j = 0; b < s.N; b++)
            for (int y = 0; y < s.OH; y++)
                for (int x = 0; x < s.OW; x++) positions[j++] = (b * s.H + y * s.StrideH) * s.W + x * s.StrideW;
        T* channelLast = Scratch<T>.Get(Slot.ConvColumns, (long)s.N * pixels * s.C);
        var job = Job.Get();
        job.Set(Kind.Input, null, gradRows, byOffset, channelLast, positions, null, s, relu: false);
        job.Run(s.N, Threads(s));   // each part clears its own images of channelLast first
        TransposeImages(channelLast, (long)pixels * s.C, s.C, gradInput, s.InputSize, pixels, pixels, s.C, s);
    }

    /// <summary>Accumulators per weight-gradient tile: 6 taps × 2 vectors.</summary>
    static int TileSize => Rows * 2 * Vector256<T>.Count;

    /// <summary>
    /// Positions per chunk of the weight gradient: each tile sums a chunk, then the next, so the chunk's
    /// gradOutput rows (chunk × O elements) are read from L1 by every tile instead of streaming the whole
    /// batch's from L2 or L3 once per tile.
    /// </summary>
    static int ChunkPositions(int o) => Math.Max(Rows, (16 << 10) / (o * sizeof(T)));

    static int Threads(in ConvShape s) => (long)s.N * s.S * s.O * s.K >= ParallelWork ? Gemm.MaxThreads : 1;

    /// <summary>taps[k] = the flat offset of tap k = (ci, ki, kj) from its window's corner; entries past K repeat the last tap.</summary>
    static void FillTaps(int* taps, in ConvShape s, int count)
    {
        int k = 0;
        for (int ci = 0; ci < s.C; ci++)
            for (int ki = 0; ki < s.KH; ki++)
                for (int kj = 0; kj < s.KW; kj++)
                    taps[k++] = (ci * s.H + ki) * s.W + kj;
        for (; k < count; k++) taps[k] = taps[s.K - 1];
    }

    /// <summary>positions[j] = the flat offset of output position j's window corner in the batch; entries past N·S repeat the last.</summary>
    static void FillPositions(int* positions, in ConvShape s, int count)
    {
        int j = 0;
        for (int b = 0; b < s.N; b++)
            for (int y = 0; y < s.OH; y++)
                for (int x = 0; x < s.OW; x++)
                    positions[j++] = (int)(b * s.InputSize) + y * s.StrideH * s.W + x * s.StrideW;
        int n = s.N * s.S;
        for (; j < count; j++) positions[j] = positions[n - 1];
    }

    /// <summary>
    /// <see cref="Transpose"/> of each of the batch's N images (image b at src + b·srcImage, dst + b·dstImage), in
    /// contiguous runs of images, one per core when the convolution itself runs on several.
    /// </summary>
    static void TransposeImages(T* src, long srcImage, int lds, T* dst, long dstImage, int ldd, int rows, int cols, in ConvShape s)
    {
        int parts = Math.Min(Threads(s), s.N);
        if (parts <= 1)
        {
            for (int b = 0; b < s.N; b++) Transpose(src + b * srcImage, lds, dst + b * dstImage, ldd, rows, cols);
            return;
        }
        TransposeJob.Get().Run(src, srcImage, lds, dst, dstImage, ldd, rows, cols, s.N, parts);
    }

    /// <summary>dst[c · ldd + r] = src[r · lds + c] for r &lt; rows, c &lt; cols: 8×8 blocks in AVX registers for float.</summary>
    static void Transpose(T* src, int lds, T* dst, int ldd, int rows, int cols)
    {
        int r = 0;
        if (typeof(T) == typeof(float) && Transpose8x8.IsSupported)
        {
            var one = Vector256.Create(1f);
            for (; r + 8 <= rows; r += 8)
            {
                int c = 0;
                for (; c + 8 <= cols; c += 8)
                    Transpose8x8.Run((float*)src + (long)r * lds + c, lds, (float*)dst + (long)c * ldd + r, ldd, one);
                for (; c < cols; c++)
                    for (int i = r; i < r + 8; i++) dst[(long)c * ldd + i] = src[(long)i * lds + c];
            }
        }
        for (; r < rows; r++)
            for (int c = 0; c < cols; c++) dst[(long)c * ldd + r] = src[(long)r * lds + c];
    }

    /// <summary>Runs of whole images per part for <see cref="TransposeImages"/>; reused per calling thread.</summary>
    sealed class TransposeJob : ParallelJob
    {
        [ThreadStatic] static TransposeJob? t_job;
        public static TransposeJob Get() => t_job ??= new TransposeJob();

        T* _src, _dst;
        long _srcImage, _dstImage;
        int _lds, _ldd, _rows, _cols, _images, _parts;

        public void Run(T* src, long srcImage, int lds, T* dst, long dstImage, int ldd, int rows, int cols, int images, int parts)
        {
            _src = src;
            _dst = dst;
            (_srcImage, _dstImage, _lds, _ldd, _rows, _cols, _images, _parts) = (srcImage, dstImage, lds, ldd, rows, cols, images, parts);
            Execute(parts, parts);
        }

        protected override void RunPart(int part)
        {
            int b0 = (int)((long)_images * part / _parts), b1 = (int)((long)_images * (part + 1) / _parts);
            for (int b = b0; b < b1; b++) Transpose(_src + b * _srcImage, _lds, _dst + b * _dstImage, _ldd, _rows, _cols);
        }
    }

    enum Kind { Forward, Weight, Input }

    /// <summary>Tiles split into fixed contiguous runs, one per part; reused per calling thread so a call allocates nothing.</summary>
    sealed class Job : ParallelJob
    {
        [ThreadStatic] static Job? t_job;
        public static Job Get() => t_job ??= new Job();

        Kind _kind;
        T* _input, _operand, _bias, _dst;
        int* _positions, _taps;
        ConvShape _s;
        bool _relu;
        int _tiles, _parts;

        public void Set(Kind kind, T* input, T* operand, T* bias, T* dst, int* positions, int* taps, in ConvShape s, bool relu)
        {
            _kind = kind;
            _input = input;
            _operand = operand;
            _bias = bias;
            _dst = dst;
            _positions = positions;
            _taps = taps;
            (_s, _relu) = (s, relu);
        }

        public void Run(int tiles, int threads)
        {
            _tiles = tiles;
            _parts = Math.Max(1, Math.Min(threads, tiles));
            if (_parts == 1) RunPart(0);
            else Execute(_parts, _parts);
        }

        protected override void RunPart(int part)
        {
            int t0 = (int)((long)_tiles * part / _parts), t1 = (int)((long)_tiles * (part + 1) / _parts);
            if (_kind == Kind.Forward) ForwardTiles(t0, t1);
            else if (_kind == Kind.Weight) WeightTiles(t0, t1);
            else InputImages(t0, t1);
        }

        void ForwardTiles(int t0, int t1)
        {
            int O = _s.O, K = _s.K;
            for (int t = t0; t < t1; t++)
                for (int cb = 0; cb < O; cb += Block)
                    ForwardTile(_input, _positions + t * Rows, _taps, K, _operand + cb, O, _bias == null ? null : _bias + cb,
                        _dst + (long)t * Rows * O + cb, O, _relu);
        }

        /// <summary>The input gradient of images b0..b1-1 (here the parts are images; _bias holds the weights by offset).</summary>
        void InputImages(int b0, int b1)
        {
            int O = _s.O, C = _s.C, S = _s.S, W = _s.W;
            long imageSize = (long)_s.H * W * C;
            new Span<T>(_dst + b0 * imageSize, checked((int)((b1 - b0) * imageSize))).Clear();
            Span<int> rows = stackalloc int[Rows];
            for (int ki = 0; ki < _s.KH; ki++)
                for (int kj = 0; kj < _s.KW; kj++)
                {
                    T* weights = _bias + (long)(ki * _s.KW + kj) * O * C;
                    int shift = ki * W + kj;
                    for (int b = b0; b < b1; b++)
                        for (int j0 = b * S; j0 < (b + 1) * S; j0 += Rows)
                        {
                            int count = Math.Min(Rows, (b + 1) * S - j0);
                            for (int r = 0; r < Rows; r++) rows[r] = _positions[j0 + Math.Min(r, count - 1)] + shift;
                            for (int cb = 0; cb < C; cb += Block)
                                InputTile(_operand + (long)j0 * O, O, count, weights + cb, C, _dst + cb, C, rows);
                        }
                }
        }

        void WeightTiles(int t0, int t1)
        {
            int O = _s.O, K = _s.K, blocksPerTapRow = O / Block, n = _s.N * _s.S, chunk = ChunkPositions(O);
            // _bias holds the tiles' running sums; every tile sums its chunks in order, so an element's sum runs
            // over the positions in order whatever the chunk size or the thread.
            for (int j0 = 0; j0 < n; j0 += chunk)
            {
                int count = Math.Min(chunk, n - j0);
                for (int t = t0; t < t1; t++)
                {
                    int k0 = t / blocksPerTapRow * Rows, cb = t % blocksPerTapRow * Block;
                    WeightTile(_input, _positions + j0, count, _taps + k0, _operand + (long)j0 * O + cb, O, _bias + (long)t * TileSize, j0 == 0);
                }
            }
            int block = Block;
            for (int t = t0; t < t1; t++)
            {
                int k0 = t / blocksPerTapRow * Rows, cb = t % blocksPerTapRow * Block;
                T* tile = _bias + (long)t * TileSize;
                for (int r = 0; r < Math.Min(Rows, K - k0); r++)
                    for (int c = 0; c < block; c++) _dst[(long)(cb + c) * K + k0 + r] = tile[r * block + c];
            }
        }
    }

    /// <summary>
    /// dst[r · ldd + c] = relu?(bias[c] + Σ_k input[positions[r] + taps[k]] · weightT[k · ldw + c]) for 6 positions r
    /// and 2 vectors of channels c.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void ForwardTile(T* input, int* positions, int* taps, int k, T* weightT, int ldw, T* bias, T* dst, int ldd, bool relu)
    {
        int v = V;
        T* p0 = input + positions[0], p1 = input + positions[1], p2 = input + positions[2];
        T* p3 = input + positions[3], p4 = input + positions[4], p5 = input + positions[5];
        Vector256<T> b0 = bias == null ? Vector256<T>.Zero : Vector256.Load(bias), b1 = bias == null ? Vector256<T>.Zero : Vector256.Load(bias + v);
        Vector256<T> c00 = b0, c01 = b1, c10 = b0, c11 = b1, c20 = b0, c21 = b1, c30 = b0, c31 = b1, c40 = b0, c41 = b1, c50 = b0, c51 = b1;
        for (int i = 0; i < k; i++, weightT += ldw)
        {
            int t = taps[i];
            var w0 = Vector256.Load(weightT);
            var w1 = Vector256.Load(weightT + v);
            var x = Vector256.Create(p0[t]); c00 = Fma(x, w0, c00); c01 = Fma(x, w1, c01);
            x = Vector256.Create(p1[t]); c10 = Fma(x, w0, c10); c11 = Fma(x, w1, c11);
            x = Vector256.Create(p2[t]); c20 = Fma(x, w0, c20); c21 = Fma(x, w1, c21);
            x = Vector256.Create(p3[t]); c30 = Fma(x, w0, c30); c31 = Fma(x, w1, c31);
            x = Vector256.Create(p4[t]); c40 = Fma(x, w0, c40); c41 = Fma(x, w1, c41);
            x = Vector256.Create(p5[t]); c50 = Fma(x, w0, c50); c51 = Fma(x, w1, c51);
        }
        Store(dst, c00, c01, relu, v); Store(dst + ldd, c10, c11, relu, v); Store(dst + 2 * ldd, c20, c21, relu, v);
        Store(dst + 3 * ldd, c30, c31, relu, v); Store(dst + 4 * ldd, c40, c41, relu, v); Store(dst + 5 * ldd, c50, c51, relu, v);
    }

    /// <summary>
    /// sums[r · 2V + c] (+)= Σ_j input[positions[j] + taps[r]] · gradRows[j · ldg + c] over the n positions j in
    /// order, for 6 taps r and 2 vectors of channels c; <paramref name="first"/> starts the sums from zero.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void WeightTile(T* input, int* positions, int n, int* taps, T* gradRows, int ldg, T* sums, bool first)
    {
        int v = V, block = 2 * v;
        int t0 = taps[0], t1 = taps[1], t2 = taps[2], t3 = taps[3], t4 = taps[4], t5 = taps[5];
        Vector256<T> c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51;
        if (first)
            c00 = c01 = c10 = c11 = c20 = c21 = c30 = c31 = c40 = c41 = c50 = c51 = Vector256<T>.Zero;
        else
        {
            c00 = Vector256.Load(sums); c01 = Vector256.Load(sums + v); c10 = Vector256.Load(sums + block); c11 = Vector256.Load(sums + block + v);
            c20 = Vector256.Load(sums + 2 * block); c21 = Vector256.Load(sums + 2 * block + v); c30 = Vector256.Load(sums + 3 * block); c31 = Vector256.Load(sums + 3 * block + v);
            c40 = Vector256.Load(sums + 4 * block); c41 = Vector256.Load(sums + 4 * block + v); c50 = Vector256.Load(sums + 5 * block); c51 = Vector256.Load(sums + 5 * block + v);
        }
        for (int j = 0; j < n; j++, gradRows += ldg)
        {
            T* p = input + positions[j];
            var g0 = Vector256.Load(gradRows);
            var g1 = Vector256.Load(gradRows + v);
            var x = Vector256.Create(p[t0]); c00 = Fma(x, g0, c00); c01 = Fma(x, g1, c01);
            x = Vector256.Create(p[t1]); c10 = Fma(x, g0, c10); c11 = Fma(x, g1, c11);
            x = Vector256.Create(p[t2]); c20 = Fma(x, g0, c20); c21 = Fma(x, g1, c21);
            x = Vector256.Create(p[t3]); c30 = Fma(x, g0, c30); c31 = Fma(x, g1, c31);
            x = Vector256.Create(p[t4]); c40 = Fma(x, g0, c40); c41 = Fma(x, g1, c41);
            x = Vector256.Create(p[t5]); c50 = Fma(x, g0, c50); c51 = Fma(x, g1, c51);
        }
        c00.Store(sums); c01.Store(sums + v); c10.Store(sums + block); c11.Store(sums + block + v);
        c20.Store(sums + 2 * block); c21.Store(sums + 2 * block + v); c30.Store(sums + 3 * block); c31.Store(sums + 3 * block + v);
        c40.Store(sums + 4 * block); c41.Store(sums + 4 * block + v); c50.Store(sums + 5 * block); c51.Store(sums + 5 * block + v);
    }

    /// <summary>
    /// For the <paramref name="count"/> ≤ 6 positions r from gradRows (row stride ldg): dst[pixels[r] · ldd + c] +=
    /// Σ_o gradRows[r · ldg + o] · weights[o · ldw + c] over the o &lt; ldg output channels, for 2 vectors of channels c.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void InputTile(T* gradRows, int ldg, int count, T* weights, int ldw, T* dst, int ldd, ReadOnlySpan<int> pixels)
    {
        int v = V, last = count - 1;
        T* g0 = gradRows, g1 = gradRows + Math.Min(1, last) * ldg, g2 = gradRows + Math.Min(2, last) * ldg;
        T* g3 = gradRows + Math.Min(3, last) * ldg, g4 = gradRows + Math.Min(4, last) * ldg, g5 = gradRows + Math.Min(5, last) * ldg;
        Vector256<T> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector256<T> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        for (int o = 0; o < ldg; o++, weights += ldw)
        {
            var w0 = Vector256.Load(weights);
            var w1 = Vector256.Load(weights + v);
            var x = Vector256.Create(g0[o]); c00 = Fma(x, w0, c00); c01 = Fma(x, w1, c01);
            x = Vector256.Create(g1[o]); c10 = Fma(x, w0, c10); c11 = Fma(x, w1, c11);
            x = Vector256.Create(g2[o]); c20 = Fma(x, w0, c20); c21 = Fma(x, w1, c21);
            x = Vector256.Create(g3[o]); c30 = Fma(x, w0, c30); c31 = Fma(x, w1, c31);
            x = Vector256.Create(g4[o]); c40 = Fma(x, w0, c40); c41 = Fma(x, w1, c41);
            x = Vector256.Create(g5[o]); c50 = Fma(x, w0, c50); c51 = Fma(x, w1, c51);
        }
        Add(dst + (long)pixels[0] * ldd, c00, c01, v);
        if (count > 1) Add(dst + (long)pixels[1] * ldd, c10, c11, v);
        if (count > 2) Add(dst + (long)pixels[2] * ldd, c20, c21, v);
        if (count > 3) Add(dst + (long)pixels[3] * ldd, c30, c31, v);
        if (count > 4) Add(dst + (long)pixels[4] * ldd, c40, c41, v);
        if (count > 5) Add(dst + (long)pixels[5] * ldd, c50, c51, v);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Add(T* row, Vector256<T> lo, Vector256<T> hi, int v)
    {
        (Vector256.Load(row) + lo).Store(row);
        (Vector256.Load(row + v) + hi).Store(row + v);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Store(T* row, Vector256<T> lo, Vector256<T> hi, bool relu, int v)
    {
        if (relu)
        {
            lo = Vector256.Max(lo, Vector256<T>.Zero);
            hi = Vector256.Max(hi, Vector256<T>.Zero);
        }
        lo.Store(row);
        hi.Store(row + v);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector256<T> Fma(Vector256<T> x, Vector256<T> y, Vector256<T> z) => MicroKernel256<T>.Fma(x, y, z);
}
