using CourseKit.Envs;

namespace CourseKit.Rl;

/// <summary>
/// The expert driver of <see cref="CarTrackEnv"/>: pure-pursuit steering towards the centre-line point
/// 6 m ahead. It steers along the circle through the car and that point: curvature 2·sin(α)/d, where α is
/// the point's bearing and d its distance, so steering angle atan(wheelbase · 2·sin(α)/d).
/// </summary>
public static class PurePursuit
{
    /// <summary>The expert's action (steering in [−1, 1]) for one CarTrack observation.</summary>
    public static float[] Act(float[] observation)
    {
        ArgumentNullException.ThrowIfNull(observation);
        if (observation.Length != 8)
            throw new ArgumentException($"PurePursuit: a CarTrack observation has 8 values, got {observation.Length}.", nameof(observation));
        // The look-ahead point 6 m along the road, moved from the road's frame into the car's:
        // shift by the car's offset from the centre line, rotate by its heading error.
        double offset = observation[0], headingError = observation[1];
        double rx = observation[4], ry = observation[5] - offset;
        double forward = Math.Cos(headingError) * rx + Math.Sin(headingError) * ry;
        double left = -Math.Sin(headingError) * rx + Math.Cos(headingError) * ry;
        double distance = Math.Sqrt(forward * forward + left * left);
        double alpha = Math.Atan2(left, forward);
        double steer = Math.Atan(CarTrackEnv.Wheelbase * 2 * Math.Sin(alpha) / Math.Max(distance, 1e-6));
        return [(float)Math.Clamp(steer / CarTrackEnv.MaxSteer, -1, 1)];
    }

    /// <summary>The expert's actions for a batch of observations (rows).</summary>
    public static float[][] Act(IEnumerable<float[]> observations) => observations.Select(Act).ToArray();
}
