namespace CourseKit.Envs;

/// <summary>
/// MountainCar-v0: an under-powered car in a valley must rock back and forth to reach the flag at
/// x = 0.5. Actions: 0 push left, 1 no push, 2 push right. Observation <c>[position, velocity]</c>;
/// reward -1 per step. A faithful port of Gymnasium 1.4's <c>MountainCarEnv</c>; the 200-step limit
/// comes from <see cref="Gym.Make(string, int?)"/>.
/// </summary>
public sealed class MountainCarEnv : ClassicControlEnv<int>
{
    const double MinPosition = -1.2, MaxPosition = 0.6, MaxSpeed = 0.07, GoalPosition = 0.5;
    const double Force = 0.001, Gravity = 0.0025;

    static readonly Discrete Actions = new(3);
    static readonly Box Observations = new([(float)MinPosition, (float)-MaxSpeed], [(float)MaxPosition, (float)MaxSpeed]);

    /// <summary>The velocity the car must have at the flag (Gymnasium's <c>goal_velocity</c>, 0 by default).</summary>
    public double GoalVelocity { get; }

    /// <summary>A MountainCar env; <paramref name="goalVelocity"/> as Gymnasium's argument of that name.</summary>
    public MountainCarEnv(double goalVelocity = 0) : base("MountainCar-v0", Observations, Actions, stateSize: 2) =>
        GoalVelocity = goalVelocity;

    /// <summary>Position uniform in [-0.6, -0.4), velocity 0.</summary>
    protected override void InitialState(NumpyRandom random, double[] state)
    {
        state[0] = random.Uniform(-0.6, -0.4);
        state[1] = 0.0;
    }

    /// <inheritdoc/>
    protected override void CheckAction(int action)
    {
        if ((uint)action > 2) throw EnvErrors.ActionOutside(Id, Actions, action);
    }

    /// <inheritdoc/>
    protected override (double Reward, bool Terminated) Advance(double[] state, int action)
    {
        double position = state[0], velocity = state[1];
        velocity += (action - 1) * Force + Math.Cos(3 * position) * -Gravity;
        velocity = Math.Clamp(velocity, -MaxSpeed, MaxSpeed);
        position += velocity;
        position = Math.Clamp(position, MinPosition, MaxPosition);
        if (position == MinPosition && velocity < 0) velocity = 0; // the left wall stops the car
        state[0] = position;
        state[1] = velocity;
        return (-1.0, position >= GoalPosition && velocity >= GoalVelocity);
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
