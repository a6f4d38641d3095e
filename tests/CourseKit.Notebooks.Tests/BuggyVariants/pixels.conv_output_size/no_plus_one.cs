// Buggy pixels.conv_output_size: forgets the + 1 (the first position of the kernel).
// breaks: the core rule
// loses at least: 0.5
// message names: + 1
// EXERCISE pixels.conv_output_size (1 point)
// The side length a Conv2d layer produces: ⌊(size + 2 · padding − kernel) / stride⌋ + 1.
static long ConvOutputSize(long size, long kernel, long stride, long padding)
{
    return (size + 2 * padding - kernel) / stride;
}
