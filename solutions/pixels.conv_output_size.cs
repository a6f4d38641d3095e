// EXERCISE pixels.conv_output_size (1 point)
// The side length a Conv2d layer produces: ⌊(size + 2 · padding − kernel) / stride⌋ + 1.
static long ConvOutputSize(long size, long kernel, long stride, long padding)
{
    // BEGIN SOLUTION
    return (size + 2 * padding - kernel) / stride + 1;
    // END SOLUTION
}
