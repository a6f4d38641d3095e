namespace CourseKit.Envs;

/// <summary>
/// CartPole-v1 (Barto, Sutton and Anderson): push a cart left (0) or right (1) to keep the pole upright.
/// Observation <c>[x, x_dot, theta, theta_dot]</c>; reward +1 per step, including the step on which
/// the pole falls (|theta| &gt; 12°) or the cart leaves the track (|x| &gt; 2.4). A faithful port of
/// Gymnasium 1.4's <c>CartPoleEnv</c> (Euler integration, same operation order, bit-identical
/// trajectories). The 500-step limit comes from <see cref="Gym.Make(string, int?)"/>.
/// </summary>
public sealed class CartPoleEnv : ClassicControlEnv<int>
{
    const double Gravity = 9.8, MassCart = 1.0, MassPole = 0.1, TotalMass = MassPole + MassCart;
    const double Length = 0.5; // half the pole's length
    const double PoleMassLength = MassPole * Length, ForceMag = 10.0, Tau = 0.02;
    const double XThreshold = 2.4;
    static readonly double ThetaThresholdRadians = 12 * 2 * Math.PI / 360;

    static readonly Discrete Actions = new(2);
    static readonly Box Observations = new(
        [(float)(-XThreshold * 2), float.NegativeInfinity, (float)(-ThetaThresholdRadians * 2), float.NegativeInfinity],
        [(float)(XThreshold * 2), float.PositiveInfinity, (float)(ThetaThresholdRadians * 2), float.PositiveInfinity]);

    /// <summary>A CartPole env; seed it with <c>Reset(seed)</c>.</summary>
    public CartPoleEnv() : base("CartPole-v1", Observations, Actions, stateSize: 4) { }

    /// <summary>Each state variable uniform in [-0.05, 0.05).</summary>
    protected override void InitialState(NumpyRandom random, double[] state)
    {
        for (int i = 0; i < 4; i++) state[i] = random.Uniform(-0.05, 0.05);
    }

    /// <inheritdoc/>
    protected override void CheckAction(int action)
    {
        if ((uint)action > 1) throw EnvErrors.ActionOutside(Id, Actions, action);
    }

    /// <inheritdoc/>
    protected override (double Reward, bool Terminated) Advance(double[] state, int action)
    {
        double x = state[0], xDot = state[1], theta = state[2], thetaDot = state[3];
        double force = action == 1 ? ForceMag : -ForceMag;
        var (sinTheta, cosTheta) = Math.SinCos(theta); // glibc's sincos: the same bits as sin and cos, in one call
        double temp = (force + PoleMassLength * (thetaDot * thetaDot) * sinTheta) / TotalMass;
        double thetaAcc = (Gravity * sinTheta - cosTheta * temp)
                          / (Length * (4.0 / 3.0 - MassPole * (cosTheta * cosTheta) / TotalMass));
        double xAcc = temp - PoleMassLength * thetaAcc * cosTheta / TotalMass;
        x += Tau * xDot;
        xDot += Tau * xAcc;
        theta += Tau * thetaDot;
        thetaDot += Tau * thetaAcc;
        state[0] = x; state[1] = xDot; state[2] = theta; state[3] = thetaDot;
        bool terminated = x < -XThreshold || x > XThreshold || theta < -ThetaThresholdRadians || theta > ThetaThresholdRadians;
        return (1.0, terminated);
    }

    /// <summary>Gymnasium gives 0 for every step after the one that terminated.</summary>
    protected override double RewardAfterTermination(double reward) => 0.0;

    /// <inheritdoc/>
    protected override void Observe(double[] state, Span<float> observation)
    {
        observation[0] = (float)state[0];
        observation[1] = (float)state[1];
        observation[2] = (float)state[2];
        observation[3] = (float)state[3];
    }

    /// <summary>Gymnasium's 600 x 400 picture: track, black cart, brown pole, blue axle.</summary>
    protected override Frame Draw(double[] state)
    {
        const double width = 600, height = 400, scale = width / (XThreshold * 2);
        const double poleWidth = 10, poleLength = scale * 2 * Length, cartWidth = 50, cartHeight = 30;
        double cartX = state[0] * scale + width / 2, cartY = height - 100; // the cart centre sits 100 px above the bottom
        double axleY = cartY - cartHeight / 4;
        var frame = new Frame(width, height, new Rgb(255, 255, 255));
        frame.Line(0, cartY, width, cartY, new Rgb(0, 0, 0));
        frame.Rect(cartX - cartWidth / 2, cartY - cartHeight / 2, cartWidth, cartHeight, new Rgb(0, 0, 0));
        double s = Math.Sin(state[2]), c = Math.Cos(state[2]);
        (double X, double Y) Rotate(double along, double across) => (cartX + across * c + along * s, axleY + across * s - along * c);
        frame.Polygon([Rotate(-poleWidth / 2, -poleWidth / 2), Rotate(poleLength - poleWidth / 2, -poleWidth / 2),
                       Rotate(poleLength - poleWidth / 2, poleWidth / 2), Rotate(-poleWidth / 2, poleWidth / 2)], new Rgb(202, 152, 101));
        frame.Circle(cartX, axleY, poleWidth / 2, new Rgb(129, 132, 203));
        return frame;
    }
}
