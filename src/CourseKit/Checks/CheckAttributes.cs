namespace CourseKit.Checks;

/// <summary>
/// Marks a static class whose <see cref="CheckAttribute"/> methods check one exercise.
/// Visible checks (run by the notebook's self-check cell) live in CourseKit; hidden checks use
/// the same attribute in the tests' check sources, and the grader runs both.
/// </summary>
/// <param name="exerciseId">The exercise id of the cell's marker, e.g. <c>dqn.td_target</c>.</param>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class ExerciseChecksAttribute(string exerciseId) : Attribute
{
    /// <summary>The exercise these checks grade.</summary>
    public string ExerciseId { get; } = exerciseId;
}

/// <summary>
/// Marks a public static method as one check of an exercise. The method takes the student's
/// code as its one parameter: a delegate type matching the exercise's method (e.g.
/// <c>Func&lt;double[], double, double[]&gt;</c>), or <see cref="Type"/> for a class exercise.
/// It passes by returning and fails by throwing (<see cref="CheckFailedException"/> via
/// <see cref="Expect"/>, with a message a student can act on).
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class CheckAttribute : Attribute
{
    /// <summary>Share of the exercise's points this check carries, relative to its siblings (default 1).</summary>
    public double Weight { get; init; } = 1;

    /// <summary>What the check verifies, shown with its result (defaults to the method name in words).</summary>
    public string? Description { get; init; }
}

/// <summary>A check's verdict that the student's code is wrong; the message says what to fix.</summary>
public sealed class CheckFailedException(string message) : Exception(message);
