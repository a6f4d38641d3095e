
namespace CourseKit.Checks.Tools;

/// <summary>
/// Visible checks of <c>tools.select_q_values</c>: <c>static Tensor SelectQValues(Tensor qValues, Tensor actions)</c>,
/// Q(s_i, a_i) for every row of a batch: <c>qValues</c> [B, nActions], <c>actions</c> int64 [B] → [B].
/// </summary>
[ExerciseChecks("tools.select_q_values")]
public static class SelectQValuesChecks
{
    internal const string ShapeHint = "gather(1, actions.unsqueeze(-1)) gives [B, 1]; drop that last dimension with .squeeze(-1).";

    /// <summary>The self-check cell under the exercise: <c>SelectQValuesChecks.Run(SelectQValues);</c></summary>
    public static SelfCheckReport Run(Func<Tensor, Tensor, Tensor> selectQValues) => SelfCheck.Run("tools.select_q_values", selectQValues);

    /// <summary>A batch of three states with two actions, read off by hand.</summary>
    [Check(Description = "picks Q(s, a) in a batch of three")]
    public static void PicksByHand(Func<Tensor, Tensor, Tensor> selectQValues)
    {
        var q = tensor(new float[] { 1, 2, 3, 4, 5, 6 }, [3, 2]);
        var actions = tensor(new long[] { 1, 0, 1 });
        const string call = "SelectQValues(q [[1, 2], [3, 4], [5, 6]], actions [1, 0, 1])";
        var selected = selectQValues(q, actions);
        TensorExpect.Shape([3], selected, call, ShapeHint);
        TensorExpect.Close(tensor(new float[] { 2, 3, 6 }), selected, 0, call, "Row i contributes q[i, actions[i]].");
    }

    /// <summary>The result is [B], one Q-value per transition, not [B, 1] (which would broadcast against [B] targets).</summary>
    [Check(Description = "returns shape [B], not [B, 1], for B = 5 and B = 1")]
    public static void ShapeIsBatch(Func<Tensor, Tensor, Tensor> selectQValues)
    {
        TensorExpect.Shape([5], selectQValues(randn([5, 3], generator: new Generator(1)), tensor(new long[] { 0, 2, 1, 1, 0 })),
            "SelectQValues(q float32 [5, 3], actions int64 [5])", ShapeHint);
        TensorExpect.Shape([1], selectQValues(randn([1, 3], generator: new Generator(2)), tensor(new long[] { 2 })),
            "SelectQValues(q float32 [1, 3], actions int64 [1])", BatchOfOneHint);
    }

    const string BatchOfOneHint = "squeeze() without a dim also drops the batch dimension of size 1: use squeeze(-1).";

    /// <summary>The gradient of the selected values reaches exactly the chosen entries of qValues.</summary>
    [Check(Description = "gradient flows back to the chosen Q-values only")]
    public static void GradientToChosen(Func<Tensor, Tensor, Tensor> selectQValues)
    {
        var q = tensor(new float[] { 0.5f, -1, 2, 0, 3, 1, -2, 4 }, [4, 2], requires_grad: true);
        var actions = tensor(new long[] { 0, 1, 1, 0 });
        const string call = "SelectQValues(q float32 [4, 2] with requires_grad, actions [0, 1, 1, 0])";
        var selected = TensorExpect.NotNull(selectQValues(q, actions), call);
        if (!selected.requires_grad)
            throw new CheckFailedException($"{call} returned a tensor without gradient: select with tensor ops (gather), not by copying values out.");
        selected.sum().backward();
        if (q.grad is null) throw new CheckFailedException($"{call}: after .sum().backward() q.grad is null.");
        TensorExpect.Close(tensor(new float[] { 1, 0, 0, 1, 0, 1, 1, 0 }, [4, 2]), q.grad, 0,
            $"q.grad after {call}.sum().backward()", "Only the chosen Q(s, a) should receive gradient 1; every other entry 0.");
    }

    [Check(Description = "a batch of one keeps its batch dimension", Weight = 3)]
    public static void BatchOfOne(Func<Tensor, Tensor, Tensor> f)
    {
        var q = tensor(new float[] { 0.1f, 0.2f, 0.3f, 0.4f }, [1, 4]);
        TensorExpect.Close(tensor(new float[] { 0.3f }), f(q, tensor(new long[] { 2 })), 0, "SelectQValues(q [[0.1, 0.2, 0.3, 0.4]], actions [2])",
            BatchOfOneHint);
    }
}
