namespace CourseKit.Envs;

/// <summary>The picture both mountain-car envs share: the hill <c>sin(3x) * 0.45 + 0.55</c>, the car, the flag.</summary>
internal static class MountainCarDrawing
{
    const double MinPosition = -1.2, MaxPosition = 0.6;

    public static Frame Draw(double position, double goalPosition)
    {
        const double width = 600, height = 400, scale = width / (MaxPosition - MinPosition);
        const double carWidth = 40, carHeight = 20, clearance = 10;
        static double Height(double x) => Math.Sin(3 * x) * 0.45 + 0.55;
        (double X, double Y) Screen(double x, double up) => ((x - MinPosition) * scale, height - up);

        var frame = new Frame(width, height, new Rgb(255, 255, 255));
        for (int i = 0; i < 99; i++)
        {
            double x0 = MinPosition + (MaxPosition - MinPosition) * i / 99, x1 = MinPosition + (MaxPosition - MinPosition) * (i + 1) / 99;
            var a = Screen(x0, Height(x0) * scale);
            var b = Screen(x1, Height(x1) * scale);
            frame.Line(a.X, a.Y, b.X, b.Y, new Rgb(0, 0, 0), 2);
        }

        double angle = Math.Cos(3 * position);
        double baseUp = clearance + Height(position) * scale;
        (double X, double Y) Car(double dx, double dy)
        {
            double rx = dx * Math.Cos(angle) - dy * Math.Sin(angle), ry = dx * Math.Sin(angle) + dy * Math.Cos(angle);
            return Screen(position + rx / scale, baseUp + ry);
        }
        frame.Polygon([Car(-carWidth / 2, 0), Car(-carWidth / 2, carHeight), Car(carWidth / 2, carHeight), Car(carWidth / 2, 0)], new Rgb(0, 0, 0));
        foreach (double dx in new[] { carWidth / 4, -carWidth / 4 })
        {
            var wheel = Car(dx, 0);
            frame.Circle(wheel.X, wheel.Y, carHeight / 2.5, new Rgb(128, 128, 128));
        }

        var flag = Screen(goalPosition, Height(goalPosition) * scale);
        frame.Line(flag.X, flag.Y, flag.X, flag.Y - 50, new Rgb(0, 0, 0), 2);
        frame.Polygon([(flag.X, flag.Y - 50), (flag.X, flag.Y - 40), (flag.X + 25, flag.Y - 45)], new Rgb(204, 204, 0));
        return frame;
    }
}
