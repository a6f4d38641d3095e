namespace CourseKit.Envs;

/// <summary>
/// A driving task for imitation learning (<c>"CarTrack-v0"</c>): a car at constant speed steers along a
/// winding road. Each episode has a new road drawn from the seed, so a policy must steer from what it
/// sees, not memorise one road. <see cref="Rl.PurePursuit"/> is its expert driver.
/// </summary>
/// <remarks>
/// <para>Dynamics: the kinematic bicycle model, speed 5 m/s, wheelbase 2.5 m, steps of 0.1 s; the action
/// <c>float[1]</c> in [−1, 1] is the steering angle as a fraction of 0.5 rad (clipped).</para>
/// <para>Observation (8 floats): the car's signed distance from the centre line (m, left positive), its
/// heading error (rad, left positive), then the points of the centre line 3, 6 and 9 m further along the
/// road, each as (along, left) metres in the road's own frame at the car's nearest centre-line point.</para>
/// <para>Reward: metres of road covered in the step (0.5 when driving along it). Leaving the road
/// (|distance| greater than the half-width) terminates the episode; the registered time limit of 400 steps
/// truncates it, so a perfect drive returns about 200.</para>
/// </remarks>
public sealed class CarTrackEnv : ClassicControlEnv<float[]>
{
    /// <summary>Speed (m/s), wheelbase (m), time step (s) and the largest steering angle (rad).</summary>
    public const double Speed = 5, Wheelbase = 2.5, Dt = 0.1, MaxSteer = 0.5;
    /// <summary>Distances of the look-ahead points along the road (m).</summary>
    public static readonly double[] LookAhead = [3, 6, 9];

    const double Spacing = 0.25, RoadLength = 260;
    static readonly Box Actions = new(-1f, 1f, 1);
    static readonly Box Observations = new(-50f, 50f, 8);

    static readonly Rgb Grass = new(86, 148, 72), Asphalt = new(90, 90, 96), Line = new(240, 240, 240), Body = new(214, 56, 48);

    readonly double _curvature;
    double[] _roadX = [], _roadY = [], _roadHeading = [];

    /// <summary>A road whose curvature reaches about <paramref name="curvature"/> (1/m) and whose half-width is <paramref name="halfWidth"/> m.</summary>
    public CarTrackEnv(double curvature = 0.03, double halfWidth = 2.5) : base("CarTrack-v0", Observations, Actions, stateSize: 4)
    {
        if (curvature < 0 || curvature > 0.15) throw new ArgumentOutOfRangeException(nameof(curvature), curvature, "CarTrack: curvature must lie in [0, 0.15] 1/m (the car cannot turn tighter than about 0.2)");
        if (halfWidth <= 0.5) throw new ArgumentOutOfRangeException(nameof(halfWidth), halfWidth, "CarTrack: the road must be wider than the car (half-width > 0.5 m)");
        _curvature = curvature;
        HalfWidth = halfWidth;
    }

    /// <summary>Half the road's width (m): the car leaves the road beyond it.</summary>
    public double HalfWidth { get; }

    /// <summary>The centre line of the current road, one point every 0.25 m.</summary>
    public IReadOnlyList<(double X, double Y)> Road => _roadX.Select((x, i) => (x, _roadY[i])).ToList();

    // State: [x, y, heading, index of the nearest centre-line point].
    /// <inheritdoc/>
    protected override void InitialState(NumpyRandom random, double[] state)
    {
        // Curvature along the road: two sine waves with random wavelengths and phases.
        double l1 = random.Uniform(40, 70), l2 = random.Uniform(20, 35), p1 = random.Uniform(0, 2 * Math.PI), p2 = random.Uniform(0, 2 * Math.PI);
        double a1 = random.Uniform(0.6, 1.0) * _curvature, a2 = random.Uniform(0.2, 0.5) * _curvature;
        int n = (int)(RoadLength / Spacing) + 1;
        _roadX = new double[n]; _roadY = new double[n]; _roadHeading = new double[n];
        double heading = 0, x = 0, y = 0;
        for (int i = 0; i < n; i++)
        {
            _roadX[i] = x; _roadY[i] = y; _roadHeading[i] = heading;
            double s = i * Spacing;
            double k = s < 10 ? 0 : a1 * Math.Sin(2 * Math.PI * s / l1 + p1) + a2 * Math.Sin(2 * Math.PI * s / l2 + p2);   // straight start
            x += Spacing * Math.Cos(heading);
            y += Spacing * Math.Sin(heading);
            heading += k * Spacing;
        }
        int start = (int)(2 / Spacing);
        double offset = random.Uniform(-0.3, 0.3), headingError = random.Uniform(-0.05, 0.05);
        state[0] = _roadX[start] - offset * Math.Sin(_roadHeading[start]);
        state[1] = _roadY[start] + offset * Math.Cos(_roadHeading[start]);
        state[2] = _roadHeading[start] + headingError;
        state[3] = start;
    }

    /// <inheritdoc/>
    protected override void CheckAction(float[] action) => EnvErrors.CheckContinuousAction(Id, Actions, action);

    /// <inheritdoc/>
    protected override (double Reward, bool Terminated) Advance(double[] state, float[] action)
    {
        double steer = Math.Clamp(action[0], -1f, 1f) * MaxSteer;
        int before = (int)state[3];
        state[0] += Speed * Math.Cos(state[2]) * Dt;
        state[1] += Speed * Math.Sin(state[2]) * Dt;
        state[2] += Speed / Wheelbase * Math.Tan(steer) * Dt;
        int after = Nearest(state[0], state[1], before);
        state[3] = after;
        bool offRoad = Math.Abs(Offset(state, after)) > HalfWidth || after >= _roadX.Length - 1 - (int)(LookAhead[^1] / Spacing) - 1;
        return ((after - before) * Spacing, offRoad);
    }

    // The nearest centre-line point, searched near the previous one (the car moves 0.5 m per step).
    int Nearest(double x, double y, int from)
    {
        int best = from;
        double bestD = double.MaxValue;
        for (int i = Math.Max(0, from - 8); i < Math.Min(_roadX.Length, from + 24); i++)
        {
            double d = (x - _roadX[i]) * (x - _roadX[i]) + (y - _roadY[i]) * (y - _roadY[i]);
            if (d < bestD) { bestD = d; best = i; }
        }
        return best;
    }

    double Offset(double[] state, int i) =>
        -(state[0] - _roadX[i]) * Math.Sin(_roadHeading[i]) + (state[1] - _roadY[i]) * Math.Cos(_roadHeading[i]);

    /// <inheritdoc/>
    protected override void Observe(double[] state, Span<float> observation)
    {
        int i = (int)state[3];
        double heading = state[2];
        observation[0] = (float)Offset(state, i);
        observation[1] = (float)Math.IEEERemainder(heading - _roadHeading[i], 2 * Math.PI);
        // The road ahead in the road's own frame at the nearest centre-line point: x along the road's
        // direction there, y to its left. Road shape only: the car's pose is in the first two values.
        double c = Math.Cos(_roadHeading[i]), s = Math.Sin(_roadHeading[i]);
        for (int k = 0; k < LookAhead.Length; k++)
        {
            int j = Math.Min(_roadX.Length - 1, i + (int)Math.Round(LookAhead[k] / Spacing));
            double dx = _roadX[j] - _roadX[i], dy = _roadY[j] - _roadY[i];
            observation[2 + 2 * k] = (float)(c * dx + s * dy);
            observation[3 + 2 * k] = (float)(-s * dx + c * dy);
        }
    }

    /// <summary>Draws the road around the car (30 m across), the car as a red box.</summary>
    protected override Frame Draw(double[] state)
    {
        const double view = 30, size = 300, scale = size / view;
        double cx = state[0], cy = state[1];
        (double X, double Y) P(double x, double y) => ((x - cx) * scale + size / 2, size / 2 - (y - cy) * scale);
        var frame = new Frame(size, size, Grass);
        // The road within about 20 m of the car as one polygon (a point per metre along each edge), and
        // the centre line dashed.
        int i0 = Math.Max(0, (int)state[3] - 80), i1 = Math.Min(_roadX.Length - 1, (int)state[3] + 80);
        var edge = new List<(double X, double Y)>();
        for (int i = i0; i <= i1; i += 4)
            edge.Add(P(_roadX[i] - Math.Sin(_roadHeading[i]) * HalfWidth, _roadY[i] + Math.Cos(_roadHeading[i]) * HalfWidth));
        for (int i = i1 - (i1 - i0) % 4; i >= i0; i -= 4)
            edge.Add(P(_roadX[i] + Math.Sin(_roadHeading[i]) * HalfWidth, _roadY[i] - Math.Cos(_roadHeading[i]) * HalfWidth));
        frame.Polygon(edge, Asphalt);
        for (int i = i0; i + 4 < i1; i += 12)
        {
            var (ax, ay) = P(_roadX[i], _roadY[i]);
            var (bx, by) = P(_roadX[i + 4], _roadY[i + 4]);
            frame.Line(ax, ay, bx, by, Line, 1.5);
        }
        double h = state[2], hl = 2.2, hw = 0.9;
        (double X, double Y) Corner(double f, double l) => P(cx + f * Math.Cos(h) - l * Math.Sin(h), cy + f * Math.Sin(h) + l * Math.Cos(h));
        frame.Polygon([Corner(hl, hw), Corner(hl, -hw), Corner(-hl * 0.2, -hw), Corner(-hl * 0.2, hw)], Body);
        return frame;
    }
}
