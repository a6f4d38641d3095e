// Buggy pixels.conv_output_size: rounds the division up instead of down.
// breaks: the core rule
// loses at least: 0.5
// message names: down
// EXERCISE pixels.conv_output_size (1 point)
// The side length a Conv2d layer produces: ⌊(size + 2 · padding − kernel) / stride⌋ + 1.
static long ConvOutputSize(long size, long kernel, long stride, long padding)
{
    return (size + 2 * padding - kernel + stride - 1) / stride + 1;
}
