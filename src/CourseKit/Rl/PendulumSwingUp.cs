namespace CourseKit.Rl;

/// <summary>
/// An expert for Pendulum-v1 (gravity 10): swing up by pumping energy, then balance with a PD controller.
/// The torque (at most 2) cannot lift the pendulum directly, so far from the top it pushes in the
/// direction of motion while the energy ½θ̇² + 15·cos θ is below the upright value 15 (and brakes above
/// it); within about 18° of upright (cos θ > 0.95) it applies −(10·θ + 2·θ̇), clipped to [−2, 2].
/// </summary>
/// <remarks>Balancing an unstable equilibrium is where imitation learning's compounding errors show:
/// a small mistake near the top leads to states (falling at speed) that the expert's demonstrations rarely
/// contain.</remarks>
public static class PendulumSwingUp
{
    /// <summary>The torque for one observation <c>[cos θ, sin θ, θ̇]</c>.</summary>
    public static float[] Act(float[] observation)
    {
        ArgumentNullException.ThrowIfNull(observation);
        if (observation.Length != 3)
            throw new ArgumentException($"PendulumSwingUp: a Pendulum-v1 observation is [cos θ, sin θ, θ̇], got {observation.Length} values.", nameof(observation));
        double cos = observation[0], sin = observation[1], velocity = observation[2];
        double angle = Math.Atan2(sin, cos);
        double torque;
        if (cos > 0.95) torque = -(10 * angle + 2 * velocity);
        else
        {
            double energy = 0.5 * velocity * velocity + 15 * cos;
            torque = 2 * (velocity >= 0 ? 1 : -1) * (energy < 15 ? 1 : -1);
        }
        return [(float)Math.Clamp(torque, -2, 2)];
    }
}
