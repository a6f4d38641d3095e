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
            throw new CheckFailedException($"{what}: expected {Count(expected.Count, "value")} {Show(expected)}, got {actual.Count}: {Show(actual)}.");
        for (int i = 0; i < expected.Count; i++)
        {
            if (!(Math.Abs(actual[i] - expected[i]) <= tolerance))
                throw new CheckFailedException(
                    $"{what}: element [{i}] is {Show(actual[i])}, expected {Show(expected[i])}. Whole result {Show(actual)}, expected {Show(expected)}.");
        }
    }

    /// <summary>
    /// Fails unless |actual − expected| ≤ tolerance. The message names the rule that was broken: the rule of the
    /// first <paramref name="suspects"/> entry whose value (what a known bug gives) matches the student's, else <paramref name="rule"/>.
    /// </summary>
    /// <param name="expected">The right answer.</param>
    /// <param name="actual">The student's answer.</param>
    /// <param name="tolerance">Absolute tolerance.</param>
    /// <param name="what">The call, as the student would write it.</param>
    /// <param name="rule">The rule to name when no known bug matches.</param>
    /// <param name="suspects">Known wrong answers, each with the rule it breaks.</param>
    public static void CloseNamingRule(double expected, double actual, double tolerance, string what, string rule, params (double Value, string Rule)[] suspects)
    {
        if (Math.Abs(actual - expected) <= tolerance) return;
        throw new CheckFailedException($"{what}: got {Show(actual)}, expected {Show(expected)}. {Suspect(actual, tolerance, rule, suspects)}");
    }

    /// <summary>
    /// Fails unless both sequences have the same length and are element-wise close; the message names the
    /// rule of the first suspect sequence the student's matches, else <paramref name="rule"/>.
    /// </summary>
    public static void SequenceCloseNamingRule(IReadOnlyList<double> expected, IReadOnlyList<double>? actual, double tolerance, string what, string rule,
                                               params (IReadOnlyList<double> Values, string Rule)[] suspects)
    {
        try { SequenceClose(expected, actual, tolerance, what); }
        catch (CheckFailedException e)
        {
            var match = suspects.FirstOrDefault(s => actual is not null && s.Values.Count == actual.Count && s.Values.Zip(actual).All(p => Math.Abs(p.First - p.Second) <= tolerance));
            throw new CheckFailedException($"{e.Message} {match.Rule ?? rule}");
        }
    }

    static string Suspect(double actual, double tolerance, string rule, (double Value, string Rule)[] suspects) =>
        suspects.FirstOrDefault(s => Math.Abs(s.Value - actual) <= tolerance).Rule ?? rule;

    /// <summary>"1 value", "3 values": a count with its noun.</summary>
    public static string Count(long n, string noun) => n == 1 ? $"1 {noun}" : $"{n} {noun}s";

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
