using CourseKit.Backend;

namespace CourseKit.Checks;

/// <summary>Checks that a student's network computes what a specified architecture computes.</summary>
public static class NetworkExpect
{
    /// <summary>
    /// Copies the student's parameters, in order, into <paramref name="reference"/> (the specified layers)
    /// and compares both networks' outputs on <paramref name="input"/>: with the same weights, the same
    /// layers and activations give the same numbers. The caller has already checked the parameter shapes.
    /// </summary>
    /// <param name="reference">The specified network, freshly built.</param>
    /// <param name="student">The student's network.</param>
    /// <param name="input">A batch both networks take.</param>
    /// <param name="call">The student's call, for the message.</param>
    /// <param name="what">What the reference is, for the message ("the specified layers give Q-value").</param>
    /// <param name="hint">What to check when the outputs differ.</param>
    public static void SameFunction(nn.Module<Tensor, Tensor> reference, nn.Module<Tensor, Tensor> student, Tensor input, string call, string what, string hint)
    {
        using (torch.no_grad())
            foreach (var (mine, theirs) in reference.parameters().Zip(student.parameters()))
                mine.copy_(theirs);
        Tensor expected, actual;
        using (torch.no_grad()) { expected = reference.forward(input); actual = student.forward(input); }
        Expect.Equal("[" + string.Join(", ", expected.shape) + "]", "[" + string.Join(", ", actual.shape) + "]", $"{call}.forward(a [{string.Join(", ", input.shape)}] batch): output shape");
        var e = TensorData.ToArray<float>(expected); var a = TensorData.ToArray<float>(actual);
        int worst = Enumerable.Range(0, e.Length).MaxBy(i => Math.Abs(e[i] - a[i]));
        Expect.True(Math.Abs(e[worst] - a[worst]) <= 1e-4 * (1 + Math.Abs(e[worst])),
            $"{call}: with your network's own weights, {what} {e[worst]:0.#####} where yours gives {a[worst]:0.#####}. {hint}");
    }
}
