// Buggy bc.build_mlp: builds nLayers + 1 hidden layers.
// breaks: the core rule
// loses at least: 0.5
// message names: hidden
// EXERCISE bc.build_mlp (2 points)
// The MLP of Berkeley CS285's build_mlp: nLayers hidden layers of `size` units, each a Linear followed
// by Tanh, then a Linear output layer with no activation. nLayers = 0 gives one Linear(inputSize →
// outputSize). Return them in one nn.Sequential.
using CourseKit.Torch;
using static CourseKit.Torch.torch;

static nn.Module<Tensor, Tensor> BuildMlp(int inputSize, int outputSize, int nLayers, int size)
{
    var layers = new List<nn.Module<Tensor, Tensor>>();
    int width = inputSize;
    for (int i = 0; i <= nLayers; i++)
    {
        layers.Add(nn.Linear(width, size));
        layers.Add(nn.Tanh());
        width = size;
    }
    layers.Add(nn.Linear(width, outputSize));
    return nn.Sequential(layers.ToArray());
}
