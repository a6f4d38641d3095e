namespace CourseKit.Envs;

/// <summary>
/// Pendulum-v1: swing a pendulum up and hold it there with a torque in [-2, 2] (<c>float[1]</c>).
/// State <c>[theta, theta_dot]</c> (theta = 0 is upright); observation <c>[cos θ, sin θ, θ_dot]</c>;
/// reward <c>-(θ² + 0.1 θ_dot² + 0.001 u²)</c> with θ normalised to [-π, π). Never terminates; the
/// 200-step limit comes from <see cref="Gym.Make{TObs, TAct}(string, int?)"/>. A faithful port of
/// Gymnasium 1.4 under NumPy 1.x, where the float32 torque is used in float64 arithmetic.
/// Torques outside [-2, 2] are clipped, as in Gymnasium.
/// </summary>
public sealed class PendulumEnv : ClassicControlEnv<float[]>
{
    const double MaxSpeed = 8, MaxTorque = 2.0, Dt = 0.05, M = 1.0, L = 1.0;

    static readonly Box Actions = new((float)-MaxTorque, (float)MaxTorque, 1);
    static readonly Box Observations = new([-1f, -1f, -(float)MaxSpeed], [1f, 1f, (float)MaxSpeed]);

    double? _lastTorque;

    /// <summary>Gravity (Gymnasium's <c>g</c>, 10 by default).</summary>
    public double G { get; }

    /// <summary>A pendulum under gravity <paramref name="g"/>.</summary>
    public PendulumEnv(double g = 10.0) : base("Pendulum-v1", Observations, Actions, stateSize: 2) => G = g;

    /// <summary>Theta uniform in [-π, π), theta_dot uniform in [-1, 1).</summary>
    protected override void InitialState(NumpyRandom random, double[] state)
    {
        _lastTorque = null;
        state[0] = random.Uniform(-Math.PI, Math.PI);
        state[1] = random.Uniform(-1.0, 1.0);
    }

    /// <inheritdoc/>
    protected override void CheckAction(float[] action) => EnvErrors.CheckContinuousAction(Id, Actions, action);

    /// <inheritdoc/>
    protected override (double Reward, bool Terminated) Advance(double[] state, float[] action)
    {
        double th = state[0], thDot = state[1];
        double u = Math.Clamp(action[0], (float)-MaxTorque, (float)MaxTorque); // clipped as float32, used as float64
        _lastTorque = u;
        double costs = Math.Pow(AngleNormalize(th), 2) + 0.1 * Math.Pow(thDot, 2) + 0.001 * Math.Pow(u, 2);
        double newThDot = thDot + (3 * G / (2 * L) * Math.Sin(th) + 3.0 / (M * Math.Pow(L, 2)) * u) * Dt;
        newThDot = Math.Clamp(newThDot, -MaxSpeed, MaxSpeed);
        double newTh = th + newThDot * Dt;
        state[0] = newTh;
        state[1] = newThDot;
        return (-costs, false);
    }

    /// <summary>Maps an angle into [-π, π) with Python's floor-style modulo.</summary>
    static double AngleNormalize(double x)
    {
        double period = 2 * Math.PI;
        double r = (x + Math.PI) % period; // C#'s % truncates like C's fmod...
        if (r != 0 && (r < 0) != (period < 0)) r += period; // ...Python's takes the divisor's sign
        return r - Math.PI;
    }

    /// <inheritdoc/>
    protected override void Observe(double[] state, Span<float> observation)
    {
        observation[0] = (float)Math.Cos(state[0]);
        observation[1] = (float)Math.Sin(state[0]);
        observation[2] = (float)state[1];
    }

    /// <summary>A 500 x 500 picture: the rod from the pivot (upright when θ = 0, positive θ counter-clockwise) and an arc showing the last torque.</summary>
    protected override Frame Draw(double[] state)
    {
        const double size = 500, scale = size / 4.4, centre = size / 2;
        var frame = new Frame(size, size, new Rgb(255, 255, 255));
        double angle = state[0];
        double endX = centre - Math.Sin(angle) * scale, endY = centre - Math.Cos(angle) * scale;
        frame.Line(centre, centre, endX, endY, new Rgb(204, 77, 77), 0.2 * scale);
        frame.Circle(centre, centre, 0.1 * scale, new Rgb(204, 77, 77));
        frame.Circle(endX, endY, 0.1 * scale, new Rgb(204, 77, 77));
        frame.Circle(centre, centre, 0.05 * scale, new Rgb(0, 0, 0));
        if (_lastTorque is double torque && torque != 0)
            frame.Text(centre, size - 30, torque > 0 ? $"torque +{torque:0.00} ↺" : $"torque {torque:0.00} ↻", 20, new Rgb(0, 0, 0));
        return frame;
    }
}
