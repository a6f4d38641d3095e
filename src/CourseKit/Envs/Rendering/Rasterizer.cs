namespace CourseKit.Envs;

/// <summary>
/// Turns a <see cref="Frame"/>'s shapes into pixels: a pixel is painted when its centre lies inside
/// the shape (no anti-aliasing), which keeps frames cheap and deterministic for pixel pipelines.
/// </summary>
internal static class Rasterizer
{
    public static RgbFrame Draw(Frame frame, int width, int height)
    {
        var image = new RgbFrame(width, height);
        double sx = width / frame.Width, sy = height / frame.Height;
        FillRect(image, 0, 0, width, height, frame.Background);
        foreach (var shape in frame.Shapes)
        {
            switch (shape)
            {
                case RectShape r:
                    FillRect(image, r.X * sx, r.Y * sy, (r.X + r.W) * sx, (r.Y + r.H) * sy, r.Fill);
                    if (r.Stroke is Rgb stroke) OutlineRect(image, r, sx, sy, stroke);
                    break;
                case CircleShape c:
                    FillEllipse(image, c.Cx * sx, c.Cy * sy, c.R * sx, c.R * sy, c.Fill);
                    break;
                case PolygonShape p:
                    FillPolygon(image, [.. p.Points.Select(q => (q.X * sx, q.Y * sy))], p.Fill);
                    break;
                case LineShape l:
                    FillPolygon(image, LineQuad(l.X1 * sx, l.Y1 * sy, l.X2 * sx, l.Y2 * sy, Math.Max(l.Width * Math.Min(sx, sy), 1.0)), l.Color);
                    break;
            }
        }
        return image;
    }

    static void OutlineRect(RgbFrame image, RectShape r, double sx, double sy, Rgb color)
    {
        double w = Math.Max(r.StrokeWidth * Math.Min(sx, sy), 1.0) / 2;
        double x0 = r.X * sx, y0 = r.Y * sy, x1 = (r.X + r.W) * sx, y1 = (r.Y + r.H) * sy;
        FillRect(image, x0 - w, y0 - w, x1 + w, y0 + w, color);
        FillRect(image, x0 - w, y1 - w, x1 + w, y1 + w, color);
        FillRect(image, x0 - w, y0 - w, x0 + w, y1 + w, color);
        FillRect(image, x1 - w, y0 - w, x1 + w, y1 + w, color);
    }

    // Pixel (i, j) covers [i, i+1) x [j, j+1); it is inside when its centre (i + 0.5, j + 0.5) is.
    static void FillRect(RgbFrame image, double x0, double y0, double x1, double y1, Rgb color)
    {
        int i0 = Math.Max(0, (int)Math.Ceiling(x0 - 0.5)), i1 = Math.Min(image.Width, (int)Math.Ceiling(x1 - 0.5));
        int j0 = Math.Max(0, (int)Math.Ceiling(y0 - 0.5)), j1 = Math.Min(image.Height, (int)Math.Ceiling(y1 - 0.5));
        for (int j = j0; j < j1; j++)
            for (int i = i0; i < i1; i++)
                image[i, j] = color;
    }

    static void FillEllipse(RgbFrame image, double cx, double cy, double rx, double ry, Rgb color)
    {
        if (rx <= 0 || ry <= 0) return;
        int j0 = Math.Max(0, (int)Math.Floor(cy - ry)), j1 = Math.Min(image.Height - 1, (int)Math.Ceiling(cy + ry));
        int i0 = Math.Max(0, (int)Math.Floor(cx - rx)), i1 = Math.Min(image.Width - 1, (int)Math.Ceiling(cx + rx));
        for (int j = j0; j <= j1; j++)
            for (int i = i0; i <= i1; i++)
            {
                double dx = (i + 0.5 - cx) / rx, dy = (j + 0.5 - cy) / ry;
                if (dx * dx + dy * dy <= 1) image[i, j] = color;
            }
    }

    static void FillPolygon(RgbFrame image, (double X, double Y)[] points, Rgb color)
    {
        double minY = points.Min(p => p.Y), maxY = points.Max(p => p.Y);
        int j0 = Math.Max(0, (int)Math.Floor(minY)), j1 = Math.Min(image.Height - 1, (int)Math.Ceiling(maxY));
        var crossings = new List<double>();
        for (int j = j0; j <= j1; j++)
        {
            double y = j + 0.5;
            crossings.Clear();
            for (int k = 0; k < points.Length; k++)
            {
                var a = points[k];
                var b = points[(k + 1) % points.Length];
                if ((a.Y <= y && b.Y > y) || (b.Y <= y && a.Y > y))
                    crossings.Add(a.X + (y - a.Y) / (b.Y - a.Y) * (b.X - a.X));
            }
            crossings.Sort();
            for (int k = 0; k + 1 < crossings.Count; k += 2)
            {
                int i0 = Math.Max(0, (int)Math.Ceiling(crossings[k] - 0.5));
                int i1 = Math.Min(image.Width, (int)Math.Ceiling(crossings[k + 1] - 0.5));
                for (int i = i0; i < i1; i++) image[i, j] = color;
            }
        }
    }

    static (double X, double Y)[] LineQuad(double x1, double y1, double x2, double y2, double width)
    {
        double dx = x2 - x1, dy = y2 - y1, length = Math.Sqrt(dx * dx + dy * dy);
        if (length == 0) return [(x1 - width / 2, y1 - width / 2), (x1 + width / 2, y1 - width / 2), (x1 + width / 2, y1 + width / 2), (x1 - width / 2, y1 + width / 2)];
        double nx = -dy / length * width / 2, ny = dx / length * width / 2;
        return [(x1 + nx, y1 + ny), (x2 + nx, y2 + ny), (x2 - nx, y2 - ny), (x1 - nx, y1 - ny)];
    }
}
