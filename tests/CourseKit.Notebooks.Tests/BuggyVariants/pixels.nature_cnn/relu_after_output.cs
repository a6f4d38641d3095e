// Buggy pixels.nature_cnn: puts a ReLU after the output layer.
// breaks: the core rule
// loses at least: 0.5
// message names: nothing after the last Linear
// EXERCISE pixels.nature_cnn (2 points)
// The Nature DQN's network (Mnih et al., 2015) for stacks of 84 × 84 frames, in two parts:
//   Features: Conv2d(frames → 32, kernel 8, stride 4), ReLU, Conv2d(32 → 64, kernel 4, stride 2), ReLU,
//             Conv2d(64 → 64, kernel 3, stride 1), ReLU, Flatten        [B, frames, 84, 84] → [B, features]
//   Head:     Linear(features → 512), ReLU, Linear(512 → nActions)      [B, features] → [B, nActions]
// features = 64 × side × side, the side after the three convs (section 5's arithmetic: 84 → 20 → 9 → 7).
// Q-values are nn.Sequential(Features, Head); returning the parts lets you look at the features.
using CourseKit.Torch;
using static CourseKit.Torch.torch;

static (nn.Module<Tensor, Tensor> Features, nn.Module<Tensor, Tensor> Head) BuildNatureCnn(int frames, int nActions)
{
    var features = nn.Sequential(
        nn.Conv2d(frames, 32, 8, stride: 4), nn.ReLU(),
        nn.Conv2d(32, 64, 4, stride: 2), nn.ReLU(),
        nn.Conv2d(64, 64, 3, stride: 1), nn.ReLU(),
        nn.Flatten());
    var head = nn.Sequential(nn.Linear(64 * 7 * 7, 512), nn.ReLU(), nn.Linear(512, nActions), nn.ReLU());
    return (features, head);
}
