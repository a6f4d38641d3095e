using System.Globalization;

namespace CourseKit.Checks;

/// <summary>
/// Assertions for exercise checks. Each failure message shows the call, what came back and what
/// was expected, so a student can reproduce it in the notebook.
/// </summary>
public static class Expect
{
    /// <summary>Fails with <paramref name="message"/> unless <paramref name="condition"/> holds.</summary>
    public static void True(bool condition, string message)
    {
        if (!condition) throw new CheckFailedException(message);
    }

    /// <summary>Fails unless the two values are equal.</summary>
    public static void Equal<T>(T expected, T actual, string what)
    {
        if (!EqualityComparer<T>.Default.Equals(expected, actual))
            throw new CheckFailedException($"{what}: expected {Show(expected)}, got {Show(actual)}.");
    }

    /// <summary>Fails unless |actual − expected| ≤ tolerance (NaN never passes).</summary>
    public static void Close(double expected, double actual, double tolerance, string what)
    {
        if (!(Math.Abs(actual - expected) <= tolerance))
            throw new CheckFailedException($"{what}: expected {Show(expected)}, got {Show(actual)} (tolerance {Show(tolerance)}).");
    }

    /// <summary>Fails unless both sequences have the same length and are element-wise close.</summary>
    public static void SequenceClose(IReadOnlyList<double> expected, IReadOnlyList<double>? actual, double tolerance, string what)
    {
        if (actual is null) throw new CheckFailedException($"{what}: expected {Show(expected)}, got null.");
        if (actual.Count != expected.Count)
            throw new CheckFailedException($"{what}: expected {expected.Count} values {Show(expected)}, got {actual.Count}: {Show(actual)}.");
        for (int i = 0; i < expected.Count; i++)
        {
            if (!(Math.Abs(actual[i] - expected[i]) <= tolerance))
                throw new CheckFailedException(
                    $"{what}: element [{i}] is {Show(actual[i])}, expected {Show(expected[i])}. Whole result {Show(actual)}, expected {Show(expected)}.");
        }
    }

    /// <summary>A value as a student would write it: doubles in round-trip invariant form, sequences in brackets.</summary>
    public static string Show(object? value) => value switch
    {
        null => "null",
        double d => d.ToString("0.######", CultureInfo.InvariantCulture),
        float f => f.ToString("0.######", CultureInfo.InvariantCulture),
        string s => $"\"{s}\"",
        System.Collections.IEnumerable e => "[" + string.Join(", ", e.Cast<object?>().Take(12).Select(Show))
                                            + (e.Cast<object?>().Count() > 12 ? ", ..." : "") + "]",
        IFormattable x => x.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
