using CourseKit.Backend;

namespace CourseKit.Buffers;

/// <summary>
/// Replay for pixel observations that stores every frame once, as bytes, and rebuilds the stack of the
/// last <c>frameHistoryLen</c> frames when sampling. Stacks never reach into a previous episode: frames
/// from before an episode's first frame are zero-filled. Use it as: <c>OnReset(firstFrame)</c> at the start
/// of each episode, then <c>Insert(action, reward, nextFrame, done)</c> after every step.
/// </summary>
public sealed class FrameStackReplayBuffer
{
    private readonly byte[] _frames;
    private readonly long[] _stamp;            // global frame number held by each slot (-1: empty)
    private readonly bool[] _episodeStart, _hasNext;
    private readonly long[] _actions;
    private readonly float[] _rewards, _dones;
    private readonly int[] _picked;
    private int[] _picks = [], _obsSlots, _nextSlots;   // per-call scratch, kept so sampling allocates only its tensors
    private readonly Random _rng;
    private readonly float _scale;
    private int _head = -1;                    // slot of the latest frame
    private long _frameCount;
    private bool _episodeOpen;
    private int _sampleId;

    /// <summary>Creates a buffer of <paramref name="capacity"/> frames of <paramref name="height"/>×<paramref name="width"/> grey bytes.</summary>
    /// <param name="capacity">Frames kept (each transition costs one frame).</param>
    /// <param name="frameHistoryLen">Frames per stacked observation (4 in DQN).</param>
    /// <param name="height">Frame height in pixels.</param>
    /// <param name="width">Frame width in pixels.</param>
    /// <param name="scale">Multiplier from bytes to the float observations returned (1/255 gives [0, 1]).</param>
    /// <param name="rng">Random source for sampling; defaults to <see cref="Rl.Seed.Shared"/>.</param>
    public FrameStackReplayBuffer(int capacity, int frameHistoryLen = 4, int height = 84, int width = 84, float scale = 1f / 255, Random? rng = null)
    {
        if (capacity < 2) throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "FrameStackReplayBuffer: capacity must be at least 2 frames.");
        if (frameHistoryLen < 1) throw new ArgumentOutOfRangeException(nameof(frameHistoryLen), frameHistoryLen, "FrameStackReplayBuffer: frameHistoryLen must be at least 1.");
        if (height < 1 || width < 1) throw new ArgumentException($"FrameStackReplayBuffer: frame size must be positive, got {height}x{width}.");
        long bytes = (long)capacity * height * width;
        if (bytes > Array.MaxLength) throw new ArgumentException($"FrameStackReplayBuffer: {capacity:N0} frames of {height}x{width} need {bytes:N0} bytes, more than one array holds; lower the capacity.");
        (Capacity, FrameHistoryLen, Height, Width, _scale) = (capacity, frameHistoryLen, height, width, scale);
        _frames = new byte[bytes];
        _stamp = Enumerable.Repeat(-1L, capacity).ToArray();
        _episodeStart = new bool[capacity];
        _hasNext = new bool[capacity];
        _actions = new long[capacity];
        _rewards = new float[capacity];
        _dones = new float[capacity];
        _picked = new int[capacity];
        _obsSlots = new int[frameHistoryLen];
        _nextSlots = new int[frameHistoryLen];
        _rng = rng ?? Rl.Seed.Shared;
    }

    /// <summary>Frames kept.</summary>
    public int Capacity { get; }
    /// <summary>Frames per stacked observation.</summary>
    public int FrameHistoryLen { get; }
    /// <summary>Frame height.</summary>
    public int Height { get; }
    /// <summary>Frame width.</summary>
    public int Width { get; }
    private int FrameSize => Height * Width;

    /// <summary>Frames stored so far (at most <see cref="Capacity"/>).</summary>
    public int FrameCount => (int)Math.Min(_frameCount, Capacity);

    /// <summary>Bytes of storage this buffer holds (frames plus per-frame bookkeeping).</summary>
    public long StorageBytes => _frames.LongLength + Capacity * (8L + 1 + 1 + 8 + 4 + 4 + 4);

    /// <summary>Starts an episode with its first frame.</summary>
    public void OnReset(byte[] firstFrame)
    {
        int slot = WriteFrame(firstFrame, nameof(OnReset));
        _episodeStart[slot] = true;
        _episodeOpen = true;
    }

    /// <summary>Records the step taken from the latest frame and the frame it led to.</summary>
    /// <param name="action">The action taken at the latest frame.</param>
    /// <param name="reward">The reward received.</param>
    /// <param name="nextFrame">The frame the action led to.</param>
    /// <param name="done">True when the task terminated (not on a time-limit truncation, which still bootstraps).</param>
    public void Insert(int action, double reward, byte[] nextFrame, bool done)
    {
        if (!_episodeOpen)
            throw new InvalidOperationException(_head < 0
                ? "FrameStackReplayBuffer.Insert: no episode has started; call OnReset(firstFrame) first."
                : "FrameStackReplayBuffer.Insert: the last episode ended (done was true or an episode was finished); call OnReset(firstFrame) for the next one.");
        int cur = _head;
        _actions[cur] = action;
        _rewards[cur] = (float)reward;
        _dones[cur] = done ? 1f : 0f;
        int slot = WriteFrame(nextFrame, nameof(Insert));
        _episodeStart[slot] = false;
        _hasNext[cur] = true;
        if (done) _episodeOpen = false;
    }

    /// <summary>Ends the episode without a terminal transition (e.g. on truncation), so the next call must be OnReset.</summary>
    public void EndEpisode() => _episodeOpen = false;

    private int WriteFrame(byte[] frame, string op)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (frame.Length != FrameSize)
            throw new ArgumentException($"FrameStackReplayBuffer.{op}: the frame has {frame.Length} bytes but this buffer stores {Height}x{Width} = {FrameSize} grey bytes per frame.");
        int slot = (_head + 1) % Capacity;
        Buffer.BlockCopy(frame, 0, _frames, slot * FrameSize, FrameSize);
        _stamp[slot] = _frameCount++;
        _hasNext[slot] = false;
        _head = slot;
        return slot;
    }

    private int Slot(int s) => ((s % Capacity) + Capacity) % Capacity;

    /// <summary>A transition is usable when its next frame and its stack's frames have not been overwritten.</summary>
    private bool Usable(int k)
    {
        if (!_hasNext[k]) return false;
        int nxt = Slot(k + 1);
        if (_stamp[nxt] != _stamp[k] + 1) return false;
        for (int i = 1; i < FrameHistoryLen; i++)
        {
            if (_episodeStart[Slot(k - i + 1)]) break;
            if (_stamp[Slot(k - i)] != _stamp[k] - i) return false;
        }
        return true;
    }

    /// <summary>
    /// The slots of the stack ending at slot <paramref name="last"/>, oldest first, into dst (FrameHistoryLen
    /// entries); -1 for the zero frames before the episode's start or across an overwritten frame.
    /// </summary>
    private void StackSlots(int last, Span<int> dst)
    {
        bool crossed = false;
        for (int i = 0; i < FrameHistoryLen; i++)
        {
            ref int target = ref dst[FrameHistoryLen - 1 - i];
            int slot = Slot(last - i);
            if (crossed || _stamp[slot] != _stamp[last] - i) { target = -1; crossed = true; continue; }
            target = slot;
            if (_episodeStart[slot]) crossed = true;
        }
    }

    /// <summary>The stacked observation ending at the latest frame, shape [FrameHistoryLen, H, W]: what the policy acts on.</summary>
    public Tensor RecentObservation()
    {
        if (_head < 0) throw new InvalidOperationException("FrameStackReplayBuffer.RecentObservation: no frame stored yet; call OnReset(firstFrame) first.");
        StackSlots(_head, _obsSlots);
        return TensorData.GatherFrames(_frames, FrameSize, _obsSlots, FrameHistoryLen, [FrameHistoryLen, Height, Width], _scale);
    }

    /// <summary>Draws <paramref name="batchSize"/> distinct usable transitions uniformly; observations are [B, FrameHistoryLen, H, W].</summary>
    public ReplayBatch Sample(int batchSize)
    {
        if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "FrameStackReplayBuffer.Sample: batch size must be at least 1.");
        int stored = FrameCount;
        if (_picks.Length < batchSize) _picks = new int[batchSize];
        var picks = _picks;
        int got = 0, tries = 0, limit = 50 * batchSize + 10 * stored;
        if (++_sampleId == int.MaxValue) { Array.Clear(_picked); _sampleId = 1; }
        while (got < batchSize && tries++ < limit)
        {
            int k = _rng.Next(stored);
            if (_picked[k] == _sampleId || !Usable(k)) continue;
            _picked[k] = _sampleId;
            picks[got++] = k;
        }
        if (got < batchSize)
            throw new InvalidOperationException(
                $"FrameStackReplayBuffer.Sample: asked for {batchSize} transitions but found only {got} usable among {stored} stored frames. Collect more steps before learning.");
        // Each stacked frame is written once, straight from the stored bytes (see TensorData.GatherFrames).
        int depth = FrameHistoryLen;
        if (_obsSlots.Length < batchSize * depth) { _obsSlots = new int[batchSize * depth]; _nextSlots = new int[batchSize * depth]; }
        for (int b = 0; b < batchSize; b++)
        {
            int k = picks[b];
            StackSlots(k, _obsSlots.AsSpan(b * depth, depth));
            StackSlots(Slot(k + 1), _nextSlots.AsSpan(b * depth, depth));
        }
        long[] shape = [batchSize, depth, Height, Width];
        var obs = TensorData.GatherFrames(_frames, FrameSize, _obsSlots, batchSize * depth, shape, _scale);
        var next = TensorData.GatherFrames(_frames, FrameSize, _nextSlots, batchSize * depth, (long[])shape.Clone(), _scale);
        var act = TensorData.GatherValues(_actions, picks, batchSize);
        var rew = TensorData.GatherValues(_rewards, picks, batchSize);
        var done = TensorData.GatherValues(_dones, picks, batchSize);
        return new ReplayBatch(obs, act, rew, next, done);
    }
}
