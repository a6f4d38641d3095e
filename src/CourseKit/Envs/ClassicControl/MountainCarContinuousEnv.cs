namespace CourseKit.Envs;

/// <summary>
/// MountainCarContinuous-v0: the mountain car with a continuous force in [-1, 1] (<c>float[1]</c>).
/// Reward +100 for reaching the flag at x = 0.45, minus <c>0.1 * action²</c> every step. Like
/// Gymnasium 1.4's <c>Continuous_MountainCarEnv</c>, the force is clipped to [-1, 1] (the penalty uses
/// the unclipped action) and the state is stored as float32 after every step. The 999-step limit
/// comes from <see cref="Gym.Make{TObs, TAct}(string, int?)"/>.
/// </summary>
public sealed class MountainCarContinuousEnv : ClassicControlEnv<float[]>
{
    const double MinAction = -1.0, MaxAction = 1.0, MinPosition = -1.2, MaxPosition = 0.6, MaxSpeed = 0.07;
    const double GoalPosition = 0.45, Power = 0.0015;

    static readonly Box Actions = new((float)MinAction, (float)MaxAction, 1);
    static readonly Box Observations = new([(float)MinPosition, (float)-MaxSpeed], [(float)MaxPosition, (float)MaxSpeed]);

    /// <summary>The velocity the car must have at the flag (0 by default).</summary>
    public double GoalVelocity { get; }

    /// <summary>A continuous mountain car; <paramref name="goalVelocity"/> as Gymnasium's argument of that name.</summary>
    public MountainCarContinuousEnv(double goalVelocity = 0) : base("MountainCarContinuous-v0", Observations, Actions, stateSize: 2) =>
        GoalVelocity = goalVelocity;

    /// <summary>Position uniform in [-0.6, -0.4), velocity 0 (float64 until the first step).</summary>
    protected override void InitialState(NumpyRandom random, double[] state)
    {
        state[0] = random.Uniform(-0.6, -0.4);
        state[1] = 0.0;
    }

    /// <inheritdoc/>
    protected override void CheckAction(float[] action) => EnvErrors.CheckContinuousAction(Id, Actions, action);

    /// <inheritdoc/>
    protected override (double Reward, bool Terminated) Advance(double[] state, float[] action)
    {
        double position = state[0], velocity = state[1];
        double push = action[0];
        double force = Math.Min(Math.Max(push, MinAction), MaxAction);
        velocity += force * Power - 0.0025 * Math.Cos(3 * position);
        if (velocity > MaxSpeed) velocity = MaxSpeed;
        if (velocity < -MaxSpeed) velocity = -MaxSpeed;
        position += velocity;
        if (position > MaxPosition) position = MaxPosition;
        if (position < MinPosition) position = MinPosition;
        if (position == MinPosition && velocity < 0) velocity = 0;
        bool terminated = position >= GoalPosition && velocity >= GoalVelocity;
        double reward = terminated ? 100.0 : 0.0;
        reward -= Math.Pow(push, 2) * 0.1;
        // Gymnasium keeps this env's state in a float32 array.
        state[0] = (float)position;
        state[1] = (float)velocity;
        return (reward, terminated);
    }

    /// <inheritdoc/>
    protected override void Observe(double[] state, Span<float> observation)
    {
        observation[0] = (float)state[0];
        observation[1] = (float)state[1];
    }

    /// <inheritdoc/>
    protected override Frame Draw(double[] state) => MountainCarDrawing.Draw(state[0], GoalPosition);
}
