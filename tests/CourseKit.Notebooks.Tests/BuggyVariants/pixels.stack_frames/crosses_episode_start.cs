// Buggy pixels.stack_frames: reaches back into the previous episode.
// breaks: the core rule
// loses at least: 0.5
// message names: episode
// EXERCISE pixels.stack_frames (2 points)
// A memory-efficient replay buffer stores every frame once and rebuilds a state when it is sampled:
// the stack of the k frames ending at index t, oldest first. frames[i] is one grey frame (bytes);
// episodeStarts[i] is true when frames[i] is the first frame of an episode. A stack never reaches
// back into the previous episode (or before frame 0): those slots stay zeros. Scale bytes to [0, 1]
// (divide by 255). Return k × frameSize floats: the oldest frame first, frame t last.
static float[] StackFrames(IReadOnlyList<byte[]> frames, IReadOnlyList<bool> episodeStarts, int t, int k)
{
    int size = frames[t].Length;
    var stack = new float[k * size];
    for (int i = 0; i < k && t - i >= 0; i++)
    {
        var frame = frames[t - i];
        int slot = (k - 1 - i) * size;
        for (int j = 0; j < size; j++) stack[slot + j] = frame[j] / 255f;
    }
    return stack;
}
