// Buggy pixels.q_network: hard-codes the flattened size of 20x20 frames.
// breaks: the core rule
// loses at least: 0.5
// message names: features
// EXERCISE pixels.q_network (2 points)
// The Q-network for stacks of frames: input [B, frames, height, width], output Q-values [B, nActions].
//   Conv2d(frames → 16, kernel 4, stride 2), ReLU, Conv2d(16 → 32, kernel 3, stride 1), ReLU,
//   Flatten, Linear(features → 128), ReLU, Linear(128 → nActions)
// features = 32 × (height after both convs) × (width after both convs). Compute it from height and
// width (CourseKit's ConvSize.Output(size, kernel, stride) does the previous exercise's arithmetic):
// a hard-coded number breaks as soon as the frame size changes.
using CourseKit.Nets;
using CourseKit.Torch;
using static CourseKit.Torch.torch;

static nn.Module<Tensor, Tensor> BuildQNetwork(int frames, int height, int width, int nActions)
{
    long h = ConvSize.Output(ConvSize.Output(height, 4, 2), 3, 1);
    long w = ConvSize.Output(ConvSize.Output(width, 4, 2), 3, 1);
    return nn.Sequential(
        nn.Conv2d(frames, 16, 4, stride: 2), nn.ReLU(),
        nn.Conv2d(16, 32, 3, stride: 1), nn.ReLU(),
        nn.Flatten(),
        nn.Linear(32 * 7 * 7, 128), nn.ReLU(),
        nn.Linear(128, nActions));
}
