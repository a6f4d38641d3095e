// Buggy pixels.conv_output_size: adds the padding once instead of on both sides.
// breaks: the core rule
// loses at least: 0.5
// message names: padding
// EXERCISE pixels.conv_output_size (1 point)
// The side length a Conv2d layer produces: ⌊(size + 2 · padding − kernel) / stride⌋ + 1.
static long ConvOutputSize(long size, long kernel, long stride, long padding)
{
    return (size + padding - kernel) / stride + 1;
}
