using System.Globalization;

namespace CourseKit.Envs;

/// <summary>The exceptions envs throw on bad input, worded so a student can act on them.</summary>
internal static class EnvErrors
{
    public static InvalidOperationException StepBeforeReset(string id) =>
        new($"{Name(id)}: Step was called before Reset. Call env.Reset() (or env.Reset(seed: 0)) to start an episode first.");

    public static ArgumentOutOfRangeException ActionOutside(string id, Discrete space, int action) =>
        new("action", action,
            $"{Name(id)}: action {action} is outside the action space {space}; valid actions are {space.Start}..{space.Start + space.N - 1}.");

    /// <summary>Rejects a continuous action that is null, has the wrong length, or holds NaN/infinity (bounds are the env's business: Gymnasium's envs clip).</summary>
    public static void CheckContinuousAction(string id, Box space, float[]? action)
    {
        if (action is null)
            throw new ArgumentNullException("action", $"{Name(id)}: the action is null; the action space is {space}.");
        if (action.Length != space.Size)
            throw new ArgumentException(
                $"{Name(id)}: the action has {action.Length} value(s) but the action space {space} needs {space.Size}: pass new float[] {{ ... }} with {space.Size} element(s).",
                "action");
        for (int i = 0; i < action.Length; i++)
            if (!float.IsFinite(action[i]))
                throw new ArgumentException(
                    $"{Name(id)}: action {Format(action)} has {action[i].ToString(CultureInfo.InvariantCulture)} at index {i}; actions in {space} must be finite numbers (a NaN action usually means the policy network produced NaN).",
                    "action");
    }

    public static void CopyObservation<TObs>(string id, TObs obs, Span<float> destination)
    {
        if (obs is not float[] values)
            throw new NotSupportedException($"{Name(id)}: observations of type {typeof(TObs).Name} cannot be batched; the vector env needs float[] observations.");
        if (values.Length != destination.Length)
            throw new InvalidOperationException($"{Name(id)}: observation has {values.Length} values, expected {destination.Length}.");
        values.CopyTo(destination);
    }

    public static string Name(string id) => string.IsNullOrEmpty(id) ? "env" : id;

    public static string Format(float[] values) =>
        "[" + string.Join(", ", values.Select(v => v.ToString("R", CultureInfo.InvariantCulture))) + "]";
}
