namespace CourseKit.Envs;

/// <summary>
/// Acrobot-v1: two links hang from a pivot; torque on the middle joint (actions 0, 1, 2 = torque
/// -1, 0, +1) must swing the tip above the bar (<c>-cos θ1 - cos(θ1 + θ2) &gt; 1</c>). State
/// <c>[θ1, θ2, θ1_dot, θ2_dot]</c>; observation <c>[cos θ1, sin θ1, cos θ2, sin θ2, θ1_dot, θ2_dot]</c>;
/// reward -1 per step, 0 on the terminal step. A faithful port of Gymnasium 1.4's <c>AcrobotEnv</c>:
/// the book's dynamics, one RK4 step of 0.2 s, angles wrapped into [-π, π], velocities bounded.
/// The 500-step limit comes from <see cref="Gym.Make(string, int?)"/>.
/// </summary>
public sealed class AcrobotEnv : ClassicControlEnv<int>
{
    const double Dt = 0.2, LinkLength1 = 1.0, LinkLength2 = 1.0, LinkMass1 = 1.0, LinkMass2 = 1.0;
    const double LinkComPos1 = 0.5, LinkComPos2 = 0.5, LinkMoi = 1.0, G = 9.8;
    const double MaxVel1 = 4 * Math.PI, MaxVel2 = 9 * Math.PI;
    static readonly double[] AvailableTorque = [-1.0, 0.0, 1.0];

    static readonly Discrete Actions = new(3);
    static readonly Box Observations = new(
        [-1f, -1f, -1f, -1f, -(float)MaxVel1, -(float)MaxVel2],
        [1f, 1f, 1f, 1f, (float)MaxVel1, (float)MaxVel2]);

    // RK4 scratch: the augmented state is [θ1, θ2, θ1_dot, θ2_dot, torque].
    readonly double[] _k1 = new double[5], _k2 = new double[5], _k3 = new double[5], _k4 = new double[5], _y = new double[5], _trial = new double[5];

    /// <summary>An Acrobot env; seed it with <c>Reset(seed)</c>.</summary>
    public AcrobotEnv() : base("Acrobot-v1", Observations, Actions, stateSize: 4) { }

    /// <summary>Each state variable uniform in [-0.1, 0.1), rounded to float32 as Gymnasium does.</summary>
    protected override void InitialState(NumpyRandom random, double[] state)
    {
        for (int i = 0; i < 4; i++) state[i] = (float)random.Uniform(-0.1, 0.1);
    }

    /// <inheritdoc/>
    protected override void CheckAction(int action)
    {
        if ((uint)action > 2) throw EnvErrors.ActionOutside(Id, Actions, action);
    }

    /// <inheritdoc/>
    protected override (double Reward, bool Terminated) Advance(double[] state, int action)
    {
        var y0 = _y;
        state.CopyTo(y0, 0);
        y0[4] = AvailableTorque[action];
        const double dt2 = Dt / 2.0;
        Derivatives(y0, _k1);
        Derivatives(Offset(y0, dt2, _k1, _trial), _k2);
        Derivatives(Offset(y0, dt2, _k2, _trial), _k3);
        Derivatives(Offset(y0, Dt, _k3, _trial), _k4);
        for (int i = 0; i < 4; i++)
            state[i] = y0[i] + Dt / 6.0 * (_k1[i] + 2 * _k2[i] + 2 * _k3[i] + _k4[i]);
        state[0] = Wrap(state[0], -Math.PI, Math.PI);
        state[1] = Wrap(state[1], -Math.PI, Math.PI);
        state[2] = Math.Min(Math.Max(state[2], -MaxVel1), MaxVel1);
        state[3] = Math.Min(Math.Max(state[3], -MaxVel2), MaxVel2);
        bool terminated = -Math.Cos(state[0]) - Math.Cos(state[1] + state[0]) > 1.0;
        return (terminated ? 0.0 : -1.0, terminated);
    }

    static double[] Offset(double[] y, double h, double[] k, double[] into)
    {
        for (int i = 0; i < 5; i++) into[i] = y[i] + h * k[i];
        return into;
    }

    // The book's equations of motion (Sutton and Barto), in Gymnasium's operation order.
    static void Derivatives(double[] s, double[] ds)
    {
        const double m1 = LinkMass1, m2 = LinkMass2, l1 = LinkLength1, lc1 = LinkComPos1, lc2 = LinkComPos2, i1 = LinkMoi, i2 = LinkMoi;
        double a = s[4], theta1 = s[0], theta2 = s[1], dtheta1 = s[2], dtheta2 = s[3];
        double d1 = m1 * Math.Pow(lc1, 2) + m2 * (Math.Pow(l1, 2) + Math.Pow(lc2, 2) + 2 * l1 * lc2 * Math.Cos(theta2)) + i1 + i2;
        double d2 = m2 * (Math.Pow(lc2, 2) + l1 * lc2 * Math.Cos(theta2)) + i2;
        double phi2 = m2 * lc2 * G * Math.Cos(theta1 + theta2 - Math.PI / 2.0);
        double phi1 = -m2 * l1 * lc2 * Math.Pow(dtheta2, 2) * Math.Sin(theta2)
                      - 2 * m2 * l1 * lc2 * dtheta2 * dtheta1 * Math.Sin(theta2)
                      + (m1 * lc1 + m2 * l1) * G * Math.Cos(theta1 - Math.PI / 2)
                      + phi2;
        double ddtheta2 = (a + d2 / d1 * phi1 - m2 * l1 * lc2 * Math.Pow(dtheta1, 2) * Math.Sin(theta2) - phi2)
                          / (m2 * Math.Pow(lc2, 2) + i2 - Math.Pow(d2, 2) / d1);
        double ddtheta1 = -(d2 * ddtheta2 + phi1) / d1;
        ds[0] = dtheta1;
        ds[1] = dtheta2;
        ds[2] = ddtheta1;
        ds[3] = ddtheta2;
        ds[4] = 0.0;
    }

    static double Wrap(double x, double min, double max)
    {
        double diff = max - min;
        while (x > max) x -= diff;
        while (x < min) x += diff;
        return x;
    }

    /// <inheritdoc/>
    protected override void Observe(double[] state, Span<float> observation)
    {
        observation[0] = (float)Math.Cos(state[0]);
        observation[1] = (float)Math.Sin(state[0]);
        observation[2] = (float)Math.Cos(state[1]);
        observation[3] = (float)Math.Sin(state[1]);
        observation[4] = (float)state[2];
        observation[5] = (float)state[3];
    }

    /// <summary>A 500 x 500 picture: the bar to reach, both links (hanging down when all angles are 0), the joints.</summary>
    protected override Frame Draw(double[] state)
    {
        const double size = 500, bound = LinkLength1 + LinkLength2 + 0.2, scale = size / (bound * 2), centre = size / 2;
        var frame = new Frame(size, size, new Rgb(255, 255, 255));
        frame.Line(centre - 2.2 * scale, centre - 1 * scale, centre + 2.2 * scale, centre - 1 * scale, new Rgb(0, 0, 0));
        double x1 = centre + LinkLength1 * Math.Sin(state[0]) * scale, y1 = centre + LinkLength1 * Math.Cos(state[0]) * scale;
        double x2 = x1 + LinkLength2 * Math.Sin(state[0] + state[1]) * scale, y2 = y1 + LinkLength2 * Math.Cos(state[0] + state[1]) * scale;
        frame.Line(centre, centre, x1, y1, new Rgb(0, 204, 204), 0.2 * scale);
        frame.Line(x1, y1, x2, y2, new Rgb(0, 204, 204), 0.2 * scale);
        frame.Circle(centre, centre, 0.1 * scale, new Rgb(204, 204, 0));
        frame.Circle(x1, y1, 0.1 * scale, new Rgb(204, 204, 0));
        return frame;
    }
}
