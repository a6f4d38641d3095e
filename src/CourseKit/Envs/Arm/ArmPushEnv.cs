namespace CourseKit.Envs;

/// <summary>
/// ArmPush-v0: ArmReach's three-link planar arm (0.4, 0.35 and 0.25 m) must push a puck lying on a table to a
/// goal. The action is a torque in [−1, 1] for each joint (<c>float[3]</c>); the reward is Pusher's: the
/// puck's distance to the goal, plus 0.1 × the control cost, plus 0.5 × the fingertip's distance to the puck.
/// The course's stand-in for the 7-joint MuJoCo Pusher, for the lesson on DQN with discretised actions.
/// </summary>
/// <remarks>
/// <para><b>Bodies.</b> The arm moves above the table; only a peg at its fingertip (a disc of radius
/// <see cref="FingertipRadius"/>) reaches down to the puck (a disc of radius <see cref="PuckRadius"/>), so
/// the links pass over the puck and the peg is the one thing that can touch it. The motors are strong
/// enough that the puck never slows the arm.</para>
/// <para><b>Dynamics</b>, in <see cref="Substeps"/> substeps of h = 0.005 s per step of 0.05 s: each joint's
/// velocity ω += (6·torque − 4·ω)·h (top speed 1.5 rad/s, reached with a time constant of 0.25 s), its angle
/// += ω·h. The puck slides with its velocity and loses speed to Coulomb friction, μ·g = 0.5 × 9.81 m/s², so
/// a puck left alone stops within a fraction of a second. Contact: when the peg overlaps the puck, the puck
/// is moved out along the line between their centres until they just touch, and its velocity along that
/// line is raised to the peg's if the peg is faster (an inelastic push; the contact itself is frictionless).
/// After every step the two discs overlap by less than 1e-9 m.</para>
/// <para><b>Reward</b>, on the state after the step: −|puck − goal| − 0.1·Σ torque² − 0.5·|fingertip − puck|
/// (distances between centres, in m; torques clipped to [−1, 1]). Never terminates; the registered limit
/// of 100 steps (5 s) truncates.</para>
/// <para><b>Start</b> (seeded): the arm at rest, base joint uniform in [−1.0, −0.6) rad, the other two joints
/// in [0, 0.6) rad (so the fingertip starts 0.89 to 1 m from the base, clockwise of the puck and clear of
/// it); the puck at rest, 0.5 to 0.7 m from the base at a bearing uniform in [−0.2, 0.2) rad; the goal 0.5 to
/// 0.7 m from the base at a bearing uniform in [0.4, 0.8) rad (radii uniform). The puck starts 0.1 to 0.67 m
/// from the goal, so the arm must reach round behind it and sweep it counterclockwise.</para>
/// <para><b>Observation</b> (17 floats): cos and sin of each joint angle, the three joint velocities,
/// fingertip − puck (x, y), puck − goal (x, y), the puck's velocity (x, y) and the goal (x, y).</para>
/// <para><b>State</b> (<see cref="ClassicControlEnv{TAct}.State"/>, 12 values): θ1, θ2, θ3, ω1, ω2, ω3,
/// puck x, puck y, puck vx, puck vy, goal x, goal y.</para>
/// </remarks>
public sealed class ArmPushEnv : ClassicControlEnv<float[]>
{
    /// <summary>Radius of the peg at the fingertip (m).</summary>
    public const double FingertipRadius = 0.03;

    /// <summary>Radius of the puck (m).</summary>
    public const double PuckRadius = 0.06;

    /// <summary>Physics substeps per env step (keeps the peg from moving more than 7.5 mm between contact checks).</summary>
    public const int Substeps = 10;

    /// <summary>Weight of the control cost Σ torque² in the reward (Pusher's).</summary>
    public const double ControlWeight = 0.1;

    /// <summary>Weight of the fingertip-to-puck distance in the reward (Pusher's).</summary>
    public const double NearWeight = 0.5;

    const double Dt = 0.05, Gain = 6, Damping = 4, FrictionDeceleration = 0.5 * 9.81;
    static readonly Box Actions = new(-1f, 1f, 3);
    static readonly Box Observations = new(-5f, 5f, 17);
    static readonly Rgb Table = new(238, 232, 220), Joint = new(30, 30, 30), Puck = new(230, 140, 40), Goal = new(60, 170, 90), GoalCentre = new(238, 232, 220);

    /// <summary>Creates the arm, the puck and the goal.</summary>
    public ArmPushEnv() : base("ArmPush-v0", Observations, Actions, stateSize: 12) { }

    /// <inheritdoc/>
    protected override void InitialState(NumpyRandom random, double[] state)
    {
        state[0] = random.Uniform(-1.0, -0.6);
        state[1] = random.Uniform(0, 0.6);
        state[2] = random.Uniform(0, 0.6);
        state[3] = state[4] = state[5] = 0;
        double puckRadius = random.Uniform(0.5, 0.7), puckBearing = random.Uniform(-0.2, 0.2);
        double goalRadius = random.Uniform(0.5, 0.7), goalBearing = random.Uniform(0.4, 0.8);
        state[6] = puckRadius * Math.Cos(puckBearing);
        state[7] = puckRadius * Math.Sin(puckBearing);
        state[8] = state[9] = 0;
        state[10] = goalRadius * Math.Cos(goalBearing);
        state[11] = goalRadius * Math.Sin(goalBearing);
    }

    /// <inheritdoc/>
    protected override void CheckAction(float[] action) => EnvErrors.CheckContinuousAction(Id, Actions, action);

    /// <inheritdoc/>
    protected override (double Reward, bool Terminated) Advance(double[] state, float[] action)
    {
        Span<double> torque = stackalloc double[3];
        double effort = 0;
        for (int j = 0; j < 3; j++)
        {
            torque[j] = Math.Clamp(action[j], -1f, 1f);
            effort += torque[j] * torque[j];
        }
        const double h = Dt / Substeps;
        for (int k = 0; k < Substeps; k++)
        {
            var before = ArmReachEnv.Fingertip(state);
            for (int j = 0; j < 3; j++)
            {
                state[3 + j] += (Gain * torque[j] - Damping * state[3 + j]) * h;
                state[j] += state[3 + j] * h;
            }
            var after = ArmReachEnv.Fingertip(state);
            SlideWithFriction(state, h);
            Push(state, after, ((after.X - before.X) / h, (after.Y - before.Y) / h));
        }
        return (Reward(state, effort), false);
    }

    /// <summary>The puck slides for <paramref name="h"/> seconds, losing speed to friction; a puck at rest stays put.</summary>
    static void SlideWithFriction(double[] state, double h)
    {
        double speed = Math.Sqrt(state[8] * state[8] + state[9] * state[9]);
        if (speed == 0) return;
        double scale = Math.Max(0, speed - FrictionDeceleration * h) / speed;
        state[8] *= scale;
        state[9] *= scale;
        state[6] += state[8] * h;
        state[7] += state[9] * h;
    }

    /// <summary>
    /// Resolves an overlap between the peg at <paramref name="tip"/> (moving with <paramref name="tipVelocity"/>)
    /// and the puck: the puck is moved out along the normal until the discs touch, and its normal velocity is
    /// raised to the peg's. No overlap, no change.
    /// </summary>
    static void Push(double[] state, (double X, double Y) tip, (double X, double Y) tipVelocity)
    {
        const double contact = FingertipRadius + PuckRadius;
        double dx = state[6] - tip.X, dy = state[7] - tip.Y, d = Math.Sqrt(dx * dx + dy * dy);
        if (d >= contact) return;
        // Centres on top of each other: push the puck the way the peg is going (or along +x if it is still).
        double nx, ny;
        if (d > 1e-12) (nx, ny) = (dx / d, dy / d);
        else
        {
            double speed = Math.Sqrt(tipVelocity.X * tipVelocity.X + tipVelocity.Y * tipVelocity.Y);
            (nx, ny) = speed > 1e-12 ? (tipVelocity.X / speed, tipVelocity.Y / speed) : (1, 0);
        }
        state[6] = tip.X + nx * contact;
        state[7] = tip.Y + ny * contact;
        double gap = (tipVelocity.X * nx + tipVelocity.Y * ny) - (state[8] * nx + state[9] * ny);
        if (gap > 0)
        {
            state[8] += gap * nx;
            state[9] += gap * ny;
        }
    }

    /// <summary>Pusher's reward for a state reached with control cost <paramref name="effort"/> = Σ torque².</summary>
    static double Reward(double[] state, double effort) =>
        -PuckToGoal(state) - ControlWeight * effort - NearWeight * FingertipToPuck(state);

    /// <summary>Distance between the centres of the puck and the goal (m) in <paramref name="state"/>.</summary>
    public static double PuckToGoal(double[] state) => Hypot(state[6] - state[10], state[7] - state[11]);

    /// <summary>Distance between the centres of the fingertip's peg and the puck (m) in <paramref name="state"/>.</summary>
    public static double FingertipToPuck(double[] state)
    {
        var (x, y) = ArmReachEnv.Fingertip(state);
        return Hypot(x - state[6], y - state[7]);
    }

    /// <summary>How far the peg and the puck overlap (m) in <paramref name="state"/>; 0 when they are apart or just touch.</summary>
    public static double Overlap(double[] state) => Math.Max(0, FingertipRadius + PuckRadius - FingertipToPuck(state));

    /// <summary>The puck's distance from the goal now (m).</summary>
    public double Distance => PuckToGoal(State);

    static double Hypot(double x, double y) => Math.Sqrt(x * x + y * y);

    /// <inheritdoc/>
    protected override void Observe(double[] state, Span<float> observation)
    {
        for (int j = 0; j < 3; j++)
        {
            observation[2 * j] = (float)Math.Cos(state[j]);
            observation[2 * j + 1] = (float)Math.Sin(state[j]);
            observation[6 + j] = (float)state[3 + j];
        }
        var (x, y) = ArmReachEnv.Fingertip(state);
        observation[9] = (float)(x - state[6]);
        observation[10] = (float)(y - state[7]);
        observation[11] = (float)(state[6] - state[10]);
        observation[12] = (float)(state[7] - state[11]);
        observation[13] = (float)state[8];
        observation[14] = (float)state[9];
        observation[15] = (float)state[10];
        observation[16] = (float)state[11];
    }

    /// <summary>Draws the table, the goal (green ring), the puck (orange), the arm (blue links, black joints) and its peg.</summary>
    protected override Frame Draw(double[] state)
    {
        const double size = 240, scale = size / 2.2;
        (double X, double Y) P(double x, double y) => (size / 2 + x * scale, size / 2 - y * scale);
        var frame = new Frame(size, size, Table);
        var (gx, gy) = P(state[10], state[11]);
        frame.Circle(gx, gy, PuckRadius * scale, Goal);
        frame.Circle(gx, gy, PuckRadius * scale * 0.6, GoalCentre);
        var (px, py) = P(state[6], state[7]);
        frame.Circle(px, py, PuckRadius * scale, Puck);
        var (fx, fy) = ArmReachEnv.DrawLinks(frame, state, P);
        frame.Circle(fx, fy, FingertipRadius * scale, Joint);
        return frame;
    }
}
