namespace CourseKit.Checks.Pixels;

/// <summary>
/// Visible checks of <c>pixels.stack_frames</c>:
/// <c>static float[] StackFrames(IReadOnlyList&lt;byte[]&gt; frames, IReadOnlyList&lt;bool&gt; episodeStarts, int t, int k)</c>:
/// the k frames ending at t, oldest first, scaled to [0, 1], zeros before the episode's first frame.
/// </summary>
[ExerciseChecks("pixels.stack_frames")]
public static class StackFramesChecks
{
    /// <summary>The self-check cell: <c>StackFramesChecks.Run(StackFrames);</c></summary>
    public static SelfCheckReport Run(Func<IReadOnlyList<byte[]>, IReadOnlyList<bool>, int, int, float[]> stackFrames) => SelfCheck.Run("pixels.stack_frames", stackFrames);

    /// <summary>Compares one call with the reference; messages name frames by number (frame i is filled with 10·(i+1)).</summary>
    public static void Verify(Func<IReadOnlyList<byte[]>, IReadOnlyList<bool>, int, int, float[]> f, bool[] starts, int t, int k, int frameSize = 6)
    {
        var frames = PixelsFixtures.NumberedFrames(starts.Length, frameSize);
        string call = $"StackFrames(frames 0..{starts.Length - 1}, episode starts at [{string.Join(", ", starts.Select((s, i) => (s, i)).Where(p => p.s).Select(p => p.i))}], t: {t}, k: {k})";
        var expected = PixelsFixtures.Stack(frames, starts, t, k);
        var actual = f(frames, starts, t, k);
        Same(expected, actual, k, frames, call, "expected");
    }

    /// <summary>Compares a stack element by element; the message names the frames held and the first value that differs.</summary>
    public static void Same(float[] expected, float[]? actual, int k, IReadOnlyList<byte[]> frames, string call, string expectedLabel)
    {
        Expect.True(actual is not null, $"{call} returned null.");
        int frameSize = expected.Length / k;
        Expect.True(actual!.Length == expected.Length, $"{call} returned {actual.Length} floats; expected k x frame size = {k} x {frameSize} = {expected.Length}.");
        int bad = Enumerable.Range(0, expected.Length).FirstOrDefault(i => Math.Abs(actual[i] - expected[i]) >= 1e-6, -1);
        if (bad < 0) return;
        string held = PixelsFixtures.Describe(actual, k, frames), wanted = PixelsFixtures.Describe(expected, k, frames);
        string which = held == wanted ? "" : $" holds frames {held}; {expectedLabel} {wanted} (frame indices, oldest first).";
        string rule = held == wanted ? "Each value is a byte / 255f."
            : held.Replace("?", "") != held ? "Each value is a byte / 255f: scale every pixel to [0, 1]."
            : held == "[" + string.Join(", ", wanted.Trim('[', ']').Split(", ").Reverse()) + "]" ? "The frames are in reverse: oldest first, frame t in the last slot."
            : StoppedEarly(held, wanted) ? "A slot holds zeros where a frame of this episode belongs: go back to the episode's first frame (frame 0 counts too), only older slots stay zeros."
            : "A stack never reaches back into the previous episode: stop at the frame whose episodeStarts entry is true and leave older slots as zeros; slots hold whole frames, oldest first.";
        throw new CheckFailedException(
            $"{call}{which} First difference: value {bad} (slot {bad / frameSize}, pixel {bad % frameSize}) is {actual[bad]:0.######}, expected {expected[bad]:0.######}. {rule}");
    }

    // Whether the student's stack has zeros in a slot where the expected stack has a frame (and no frame where zeros belong).
    static bool StoppedEarly(string held, string wanted)
    {
        var h = held.Trim('[', ']').Split(", ");
        var w = wanted.Trim('[', ']').Split(", ");
        return h.Length == w.Length && h.Zip(w).Any(p => p.First == "zeros" && p.Second != "zeros") && !h.Zip(w).Any(p => p.First != "zeros" && p.Second == "zeros");
    }

    /// <summary>Inside one episode the stack is the last k frames.</summary>
    [Check(Description = "inside an episode: the last k frames, oldest first, scaled to [0, 1]")]
    public static void InsideEpisode(Func<IReadOnlyList<byte[]>, IReadOnlyList<bool>, int, int, float[]> f) =>
        Verify(f, [true, false, false, false, false, false], t: 4, k: 4);

    /// <summary>The stack stops at the episode start.</summary>
    [Check(Description = "frames from the previous episode are zeros")]
    public static void EpisodeBoundary(Func<IReadOnlyList<byte[]>, IReadOnlyList<bool>, int, int, float[]> f) =>
        Verify(f, [true, false, false, true, false, false], t: 4, k: 4);
}
