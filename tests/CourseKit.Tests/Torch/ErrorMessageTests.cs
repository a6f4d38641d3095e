using CourseKit.Torch;
using static CourseKit.Torch.torch;
using static CourseKit.Torch.torch.nn;
using F = CourseKit.Torch.torch.nn.functional;

namespace CourseKit.Tests.Torch;

/// <summary>
/// Bad input gets an exception naming the operation, the shapes or keys involved and the likely fix
/// (issue 2, "Bad input"). Assertions look for key phrases, not whole messages.
/// </summary>
public class ErrorMessageTests
{
    private static void Phrases(Exception ex, params string[] phrases)
    {
        foreach (var p in phrases) Assert.True(ex.Message.Contains(p, StringComparison.Ordinal), $"message lacks \"{p}\":\n{ex.Message}");
    }

    [Fact]
    public void NonBroadcastableShapesInArithmetic()
    {
        var ex = Assert.Throws<ArgumentException>(() => ones(3, 4) + ones(5));
        Phrases(ex, "add", "[3, 4]", "[5]", "broadcast");
        Phrases(Assert.Throws<ArgumentException>(() => ones(2, 3) * ones(3, 2)), "mul", "[2, 3]", "[3, 2]");
        Phrases(Assert.Throws<ArgumentException>(() => ones(2, 3) - ones([4, 1, 2])), "sub");
        Phrases(Assert.Throws<ArgumentException>(() => ones(2, 3).maximum(ones(2))), "maximum");
        Phrases(Assert.Throws<ArgumentException>(() => where(ones(3).gt(0), ones(3), ones(2))), "where");
    }

    [Fact]
    public void MatrixProductInnerSizeMismatch()
    {
        Phrases(Assert.Throws<ArgumentException>(() => ones(2, 3).mm(ones(4, 5))), "mm", "[2, 3]", "[4, 5]", "inner sizes 3 and 4", ".t()");
        Phrases(Assert.Throws<ArgumentException>(() => ones(2, 3).matmul(ones(4, 5))), "[2, 3]", "[4, 5]");
        Phrases(Assert.Throws<ArgumentException>(() => ones(3).matmul(ones(4))), "3", "4");
        Phrases(Assert.Throws<ArgumentException>(() => ones(3).mm(ones(3, 1))), "mm", "2-D");
        Phrases(Assert.Throws<ArgumentException>(() => ones([2, 2, 3]).bmm(ones([3, 3, 2]))), "bmm", "[2, 2, 3]", "[3, 3, 2]");
        Phrases(Assert.Throws<ArgumentException>(() => ones(2, 3).mm(tensor(new long[] { 1, 2, 3 }, [3, 1]))), "mm", "int64", "float32");
    }

    [Fact]
    public void GatherWithAOneDimIndexSuggestsUnsqueeze()
    {
        var q = ones(32, 2);
        var actions = zeros([32], ScalarType.Int64);
        var ex = Assert.Throws<ArgumentException>(() => q.gather(1, actions));
        Phrases(ex, "gather", "index has 1 dim", "input has 2", "[32]", "[32, 2]", "unsqueeze(-1)");
    }

    [Fact]
    public void GatherWithAFloatIndexNamesTheDtype()
    {
        var ex = Assert.Throws<ArgumentException>(() => ones(3, 2).gather(1, zeros(3, 1)));
        Phrases(ex, "gather", "int64", "float32", "to_type");
        Phrases(Assert.Throws<ArgumentException>(() => ones(3, 2).index_select(0, zeros(2))), "index_select", "int64");
        Phrases(Assert.Throws<ArgumentException>(() => ones(3).masked_fill(ones(3), 0)), "masked_fill", "bool");
        Phrases(Assert.Throws<ArgumentException>(() => where(ones(3), ones(3), ones(3))), "where", "bool");
        Phrases(Assert.Throws<ArgumentException>(() => F.nll_loss(ones(2, 3), zeros(2))), "nll_loss", "int64");
        Phrases(Assert.Throws<ArgumentException>(() => F.linear(tensor(new long[] { 1, 2 }), ones(1, 2))), "linear", "int64", "float32");
    }

    [Fact]
    public void IndexOutOfRangeNamesTheIndexAndTheSize()
    {
        Phrases(Assert.Throws<IndexOutOfRangeException>(() => ones(3, 2).gather(1, tensor(new long[] { 0, 2, 1 }, [3, 1]))), "gather", "index 2", "size 2", "0..1");
        Phrases(Assert.Throws<IndexOutOfRangeException>(() => ones(3, 2).gather(1, tensor(new long[] { 0, -1, 1 }, [3, 1]))), "index -1");
        Phrases(Assert.Throws<IndexOutOfRangeException>(() => ones(3, 2).index_select(0, tensor(new long[] { 3 }))), "index_select", "index 3", "size 3");
        Phrases(Assert.Throws<IndexOutOfRangeException>(() => ones(3, 2)[3]), "select", "index 3", "size 3");
        Phrases(Assert.Throws<IndexOutOfRangeException>(() => ones(3, 2)[-4]), "index -4");
        Phrases(Assert.Throws<ArgumentOutOfRangeException>(() => ones(3, 2).narrow(0, 2, 2)), "narrow", "start 2", "length 2", "size 3");
        Phrases(Assert.Throws<ArgumentOutOfRangeException>(() => ones(3, 2).sum(2)), "sum", "dim 2", "2 dims", "-2..1");
        Phrases(Assert.Throws<ArgumentOutOfRangeException>(() => ones(3, 2).softmax(-3)), "softmax", "dim -3");
        Phrases(Assert.Throws<ArgumentOutOfRangeException>(() => ones(3, 2).unsqueeze(3)), "unsqueeze");
        Phrases(Assert.Throws<IndexOutOfRangeException>(() => F.nll_loss(ones(2, 3), tensor(new long[] { 0, 3 }))), "index 3", "size 3");
        Phrases(Assert.Throws<IndexOutOfRangeException>(() => F.cross_entropy(ones(2, 3), tensor(new long[] { 5, 0 }))), "index 5");
        Phrases(Assert.Throws<IndexOutOfRangeException>(() => ones(3).data<float>()[3]), "index 3");
    }

    [Fact]
    public void BackwardOnANonScalar()
    {
        var w = ones([4, 2], requires_grad: true);
        var ex = Assert.Throws<InvalidOperationException>(() => (w * 2).backward());
        Phrases(ex, "backward", "[4, 2]", "scalar", "loss.mean()");
    }

    [Fact]
    public void LoadStateDictMissingUnexpectedAndMisshaped()
    {
        var net = Sequential(Linear(4, 8), ReLU(), Linear(8, 2));
        var sd = new Dictionary<string, Tensor>(net.state_dict());
        sd.Remove("2.bias");
        Phrases(Assert.Throws<ArgumentException>(() => net.load_state_dict(sd)), "load_state_dict", "Missing keys: 2.bias", "strict: false");
        sd = new Dictionary<string, Tensor>(net.state_dict()) { ["3.weight"] = ones(1) };
        Phrases(Assert.Throws<ArgumentException>(() => net.load_state_dict(sd)), "Unexpected keys: 3.weight", "This module has: 0.weight");
        var other = Sequential(Linear(4, 16), ReLU(), Linear(16, 2));
        Phrases(Assert.Throws<ArgumentException>(() => net.load_state_dict(other.state_dict())),
            "shape mismatch", "'0.weight': expected [8, 4], got [16, 4]", "'2.weight': expected [2, 8], got [2, 16]", "same architecture");
    }

    [Fact]
    public void CorruptSafetensorsFile()
    {
        var path = Path.Combine(Path.GetTempPath(), "coursekit-corrupt-" + Guid.NewGuid().ToString("N") + ".safetensors");
        try
        {
            File.WriteAllText(path, "this is not a weights file at all");
            var ex = Assert.Throws<InvalidDataException>(() => Sequential(Linear(2, 2)).load(path));
            Phrases(ex, "safetensors", path, "not a valid safetensors file", "re-download or re-save");
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void MseLossWithAnExtraDimThrowsAndHintsAtSqueeze()
    {
        // PyTorch would broadcast [32] against [32, 1] to [32, 32] and silently learn nonsense.
        var pred = ones(32, 1);
        var target = zeros(32);
        var ex = Assert.Throws<ArgumentException>(() => F.mse_loss(target, pred));
        Phrases(ex, "mse_loss", "[32]", "[32, 1]", "squeeze(-1)");
        Phrases(Assert.Throws<ArgumentException>(() => F.mse_loss(pred, target)), "input.squeeze(-1)");
        Phrases(Assert.Throws<ArgumentException>(() => F.smooth_l1_loss(pred, target)), "smooth_l1_loss", "squeeze");
        Phrases(Assert.Throws<ArgumentException>(() => F.huber_loss(pred, target)), "huber_loss");
        Phrases(Assert.Throws<ArgumentException>(() => F.l1_loss(pred, target)), "l1_loss");
        Phrases(Assert.Throws<ArgumentException>(() => F.binary_cross_entropy_with_logits(pred, target)), "binary_cross_entropy_with_logits");
        Phrases(Assert.Throws<ArgumentException>(() => F.mse_loss(ones(3), ones(4))), "[3]", "[4]");
    }

    [Fact]
    public void Conv2dWithA3DInputHintsAtUnsqueeze()
    {
        var conv = Conv2d(4, 8, 3);
        var ex = Assert.Throws<ArgumentException>(() => conv.forward(ones([4, 10, 10])));
        Phrases(ex, "conv2d", "[N, C, H, W]", "[4, 10, 10]", "unsqueeze(0)");
        Phrases(Assert.Throws<ArgumentException>(() => conv.forward(ones([1, 3, 10, 10]))), "conv2d", "3 channels", "expects 4");
        Phrases(Assert.Throws<ArgumentException>(() => conv.forward(ones([1, 4, 2, 2]))), "conv2d", "3x3 kernel", "2x2 input");
    }

    [Fact]
    public void LinearWithTheWrongFeatureCountNamesBothSizes()
    {
        var layer = Linear(4, 2);
        var ex = Assert.Throws<ArgumentException>(() => layer.forward(ones(3, 5)));
        Phrases(ex, "linear", "[3, 5]", "expects 4 features", "outputs 5 features");
        Phrases(Assert.Throws<ArgumentException>(() => Sequential(Linear(4, 8), ReLU(), Linear(6, 2)).forward(ones(1, 4))), "expects 6 features", "outputs 8");
    }

    [Fact]
    public void ReshapeAndViewErrors()
    {
        Phrases(Assert.Throws<ArgumentException>(() => ones(3, 4).reshape(5, 2)), "reshape", "[3, 4]", "12 elements", "[5, 2]", "-1");
        Phrases(Assert.Throws<ArgumentException>(() => ones(3, 4).view(-1, -1)), "view", "only one dimension can be -1");
        Phrases(Assert.Throws<ArgumentException>(() => ones(3, 4).view(5, -1)), "view", "[3, 4]");
        Phrases(Assert.Throws<ArgumentException>(() => ones(3, 4).permute(0)), "permute", "2 dims");
        Phrases(Assert.Throws<ArgumentException>(() => ones(3, 4).expand(3, 5)), "expand", "[3, 4]");
        Phrases(Assert.Throws<ArgumentException>(() => cat(new[] { ones(2, 3), ones(2, 4) }, 0)), "cat", "[2, 4]", "[2, 3]");
        Phrases(Assert.Throws<ArgumentException>(() => stack(new[] { ones(2), ones(3) })), "stack", "equal shapes");
        Phrases(Assert.Throws<ArgumentException>(() => tensor(new float[] { 1, 2, 3 }, [2, 2])), "tensor", "3 elements", "[2, 2]");
        Phrases(Assert.Throws<ArgumentException>(() => ones([2, 2, 2]).t()), "t:", "transpose");
    }

    [Fact]
    public void ItemOnAMultiElementTensorAndWrongDataType()
    {
        Phrases(Assert.Throws<InvalidOperationException>(() => ones(3).item<float>()), "item", "[3]", "3 elements", ".mean()");
        Phrases(Assert.Throws<InvalidOperationException>(() => ones(3).data<long>()), "data<Int64>", "float32", "data<float>");
        Phrases(Assert.Throws<ArgumentException>(() => tensor(new long[] { 1 }).mean()), "mean", "int64");
    }

    [Fact]
    public void CudaRequestsNameTheWayOut()
    {
        Phrases(Assert.Throws<NotSupportedException>(() => zeros([2], device: CUDA)), "zeros", "cuda", "TorchSharp");
        Phrases(Assert.Throws<NotSupportedException>(() => Linear(2, 2).to(new Device("cuda:0"))), "Module.to");
        Phrases(Assert.Throws<ArgumentException>(() => new Device("tpu")), "tpu", "cpu");
    }
}
