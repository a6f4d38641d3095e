// Buggy pixels.preprocess: keeps each block's top-left pixel instead of the block's mean.
// breaks: the core rule
// loses at least: 0.5
// message names: block
// EXERCISE pixels.preprocess (2 points)
// One RGB frame in, one small grey frame out, as in DQN's Atari pipeline.
// rgb holds height × width pixels of three values (R, G, B, each 0..255), row by row: pixel (y, x)
// starts at index (y * width + x) * 3. Grey = 0.299 R + 0.587 G + 0.114 B (ITU-R 601 luma). Then
// shrink by the whole-number factor: each output pixel is the mean grey of a factor × factor block.
// Return the (height / factor) × (width / factor) output pixels row by row, each rounded to the nearest
// whole number (Math.Round) and stored as a byte.
static byte[] Preprocess(float[] rgb, int height, int width, int factor)
{
    int outHeight = height / factor, outWidth = width / factor;
    var grey = new byte[outHeight * outWidth];
    for (int y = 0; y < outHeight; y++)
        for (int x = 0; x < outWidth; x++)
        {
            double sum = 0;
            for (int dy = 0; dy < 1; dy++)
                for (int dx = 0; dx < 1; dx++)
                {
                    int p = ((y * factor + dy) * width + x * factor + dx) * 3;
                    sum += 0.299 * rgb[p] + 0.587 * rgb[p + 1] + 0.114 * rgb[p + 2];
                }
            grey[y * outWidth + x] = (byte)Math.Round(sum);
        }
    return grey;
}
