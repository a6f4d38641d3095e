namespace CourseKit.Envs;

/// <summary>
/// ArmReach-v0: a planar arm of three links (0.4, 0.35 and 0.25 m) on a fixed base must bring its fingertip
/// to a target. The action is a torque in [−1, 1] for each joint (<c>float[3]</c>); the joints have inertia
/// and damping, so the arm must accelerate and then brake. A small cousin of Gymnasium's Reacher and Pusher,
/// for the lesson on giving DQN a finite set of actions.
/// </summary>
/// <remarks>
/// <para>State: the three joint angles (each relative to the previous link), their velocities, and the
/// target. Observation (13 floats): cos and sin of each angle, the three velocities, the fingertip minus
/// the target (x, y) and the target (x, y).</para>
/// <para>Dynamics per step of 0.05 s: velocity += (5·torque − 2·velocity)·dt, clipped to ±4 rad/s; angle +=
/// velocity·dt. Reward: −(distance from fingertip to target) − 0.01·|torque|². Never terminates; the
/// registered limit of 100 steps truncates. Start: angles uniform in [−π, π) for the base joint and
/// [−1, 1) for the others, at rest; target uniform at 0.3 to 0.9 m from the base in any direction.</para>
/// </remarks>
public sealed class ArmReachEnv : ClassicControlEnv<float[]>
{
    /// <summary>Link lengths (m).</summary>
    public static readonly double[] Links = [0.4, 0.35, 0.25];
    const double Dt = 0.05, Gain = 5, Damping = 2, MaxVelocity = 4;
    static readonly Box Actions = new(-1f, 1f, 3);
    static readonly Box Observations = new(-5f, 5f, 13);
    static readonly Rgb Background = new(250, 250, 250), Arm = new(60, 90, 160), Joint = new(30, 30, 30), Target = new(220, 60, 60);

    /// <summary>Creates the arm.</summary>
    public ArmReachEnv() : base("ArmReach-v0", Observations, Actions, stateSize: 8) { }

    // State: [θ1, θ2, θ3, ω1, ω2, ω3, target x, target y].
    /// <inheritdoc/>
    protected override void InitialState(NumpyRandom random, double[] state)
    {
        state[0] = random.Uniform(-Math.PI, Math.PI);
        state[1] = random.Uniform(-1, 1);
        state[2] = random.Uniform(-1, 1);
        state[3] = state[4] = state[5] = 0;
        double r = random.Uniform(0.3, 0.9), a = random.Uniform(-Math.PI, Math.PI);
        state[6] = r * Math.Cos(a);
        state[7] = r * Math.Sin(a);
    }

    /// <inheritdoc/>
    protected override void CheckAction(float[] action) => EnvErrors.CheckContinuousAction(Id, Actions, action);

    /// <inheritdoc/>
    protected override (double Reward, bool Terminated) Advance(double[] state, float[] action)
    {
        double effort = 0;
        for (int j = 0; j < 3; j++)
        {
            double torque = Math.Clamp(action[j], -1f, 1f);
            effort += torque * torque;
            state[3 + j] = Math.Clamp(state[3 + j] + (Gain * torque - Damping * state[3 + j]) * Dt, -MaxVelocity, MaxVelocity);
            state[j] += state[3 + j] * Dt;
        }
        var (x, y) = Fingertip(state);
        return (-Math.Sqrt((x - state[6]) * (x - state[6]) + (y - state[7]) * (y - state[7])) - 0.01 * effort, false);
    }

    /// <summary>The fingertip's position (m) for a state.</summary>
    public static (double X, double Y) Fingertip(double[] state)
    {
        double x = 0, y = 0, angle = 0;
        for (int j = 0; j < 3; j++)
        {
            angle += state[j];
            x += Links[j] * Math.Cos(angle);
            y += Links[j] * Math.Sin(angle);
        }
        return (x, y);
    }

    /// <summary>The fingertip's distance from the target now (m).</summary>
    public double Distance
    {
        get
        {
            var (x, y) = Fingertip(State);
            return Math.Sqrt((x - State[6]) * (x - State[6]) + (y - State[7]) * (y - State[7]));
        }
    }

    /// <inheritdoc/>
    protected override void Observe(double[] state, Span<float> observation)
    {
        for (int j = 0; j < 3; j++)
        {
            observation[2 * j] = (float)Math.Cos(state[j]);
            observation[2 * j + 1] = (float)Math.Sin(state[j]);
            observation[6 + j] = (float)state[3 + j];
        }
        var (x, y) = Fingertip(state);
        observation[9] = (float)(x - state[6]);
        observation[10] = (float)(y - state[7]);
        observation[11] = (float)state[6];
        observation[12] = (float)state[7];
    }

    /// <summary>Draws the arm (blue links, black joints) and the target (red).</summary>
    protected override Frame Draw(double[] state)
    {
        const double size = 240, scale = size / 2.2;
        (double X, double Y) P(double x, double y) => (size / 2 + x * scale, size / 2 - y * scale);
        var frame = new Frame(size, size, Background);
        var (tx, ty) = P(state[6], state[7]);
        frame.Circle(tx, ty, 6, Target);
        var (fx, fy) = DrawLinks(frame, state, P);
        frame.Circle(fx, fy, 3, Joint);
        return frame;
    }

    /// <summary>Draws the three links (blue) and their joints (black) of the arm whose angles start <paramref name="state"/>; returns the fingertip in pixels.</summary>
    internal static (double X, double Y) DrawLinks(Frame frame, double[] state, Func<double, double, (double X, double Y)> toPixels)
    {
        double x = 0, y = 0, angle = 0;
        for (int j = 0; j < 3; j++)
        {
            angle += state[j];
            double nx = x + Links[j] * Math.Cos(angle), ny = y + Links[j] * Math.Sin(angle);
            var (ax, ay) = toPixels(x, y);
            var (bx, by) = toPixels(nx, ny);
            frame.Line(ax, ay, bx, by, Arm, 7);
            frame.Circle(ax, ay, 5, Joint);
            (x, y) = (nx, ny);
        }
        return toPixels(x, y);
    }
}
