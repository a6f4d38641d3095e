using CourseKit.Torch;
using CourseKit.Torch.Kernels;
using static CourseKit.Torch.torch;

namespace CourseKit.Tests.Torch.Kernels;

/// <summary>
/// The elementwise passes that split across cores (gradient fill and accumulation, Adam's update) give the same
/// bits on 1, 2 and 3 threads, at a size above the split threshold that is not a multiple of the vector width.
/// </summary>
public class ParallelPassesTests
{
    const int Size = (int)ParallelPasses.ParallelElements + 37;

    static T OnThreads<T>(int threads, Func<T> body)
    {
        int saved = CourseKit.Torch.Kernels.Gemm.MaxThreads;
        CourseKit.Torch.Kernels.Gemm.MaxThreads = threads;
        try
        {
            return body();
        }
        finally
        {
            CourseKit.Torch.Kernels.Gemm.MaxThreads = saved;
        }
    }

    static float[] RandomFloats(int seed)
    {
        var rng = new Random(seed);
        var x = new float[Size];
        for (int i = 0; i < x.Length; i++) x[i] = (float)(rng.NextDouble() * 2 - 1);
        return x;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Add_and_fill_match_the_plain_loop(int threads)
    {
        float[] d = RandomFloats(1), o = RandomFloats(2), expected = new float[Size];
        for (int i = 0; i < Size; i++) expected[i] = d[i] + o[i];
        OnThreads(threads, () => { ParallelPasses.AddInPlace<float>(d, o); return 0; });
        Assert.Equal(expected, d);

        double[] dd = new double[Size];
        Array.Fill(dd, double.NaN);
        OnThreads(threads, () => { ParallelPasses.Fill<double>(dd, -2.5); return 0; });
        Assert.All(dd, x => Assert.Equal(-2.5, x));
    }

    [Fact]
    public void Tensor_zero_and_add_in_place_split_like_the_kernels()
    {
        float[] a = RandomFloats(3), b = RandomFloats(4);
        float[] Run(int threads) => OnThreads(threads, () =>
        {
            var t = tensor(a);
            t.add_(tensor(b));
            t.add_(tensor(b));
            return t.ToArray<float>();
        });
        float[] one = Run(1);
        Assert.Equal(one, Run(2));
        Assert.Equal(one, Run(3));
        var z = tensor(a);
        OnThreads(2, () => z.zero_());
        Assert.All(z.ToArray<float>(), x => Assert.Equal(0f, x));
    }

    [Theory]
    [InlineData(false, 0.0)]   // the vector loop, as the course's DQN uses it
    [InlineData(true, 0.01)]   // amsgrad and weight decay: the scalar loop
    public void Adam_gives_the_same_bits_on_any_number_of_threads(bool amsgrad, double weightDecay)
    {
        float[] init = RandomFloats(5);
        float[][] grads = [RandomFloats(6), RandomFloats(7), RandomFloats(8)];
        float[] Train(int threads) => OnThreads(threads, () =>
        {
            var p = nn.Parameter(tensor(init));
            var opt = optim.Adam([p], lr: 1e-3, weight_decay: weightDecay, amsgrad: amsgrad);
            foreach (var g in grads)
            {
                p.grad = tensor(g);
                opt.step();
            }
            return p.ToArray<float>();
        });
        float[] one = Train(1);
        Assert.NotEqual(init, one);
        Assert.Equal(one, Train(2));
        Assert.Equal(one, Train(3));
    }
}
