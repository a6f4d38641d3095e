using CourseKit.Envs;

namespace CourseKit.Experts;

/// <summary>
/// A hand-written controller for ArmPush-v0, the teacher the neural expert is distilled from. It reads only the
/// observation (so a network can imitate it): it works out where the fingertip should go, turns that into a
/// fingertip velocity, maps the velocity to joint speeds through the arm's Jacobian (damped least squares,
/// since three joints move a point in a plane), and asks the motors for those speeds.
/// </summary>
/// <remarks>
/// Where to go: behind the puck on the line from the goal through the puck, then forward along that line.
/// Pushing a disc with a disc is unstable, like balancing: a push that is slightly off-centre turns the puck
/// away, so while pushing the fingertip keeps sliding sideways to stay on the line. That constant correction
/// is what a clone has to get right in states the demonstrations rarely show.
/// </remarks>
public static class ScriptedPusher
{
    const double Contact = ArmPushEnv.FingertipRadius + ArmPushEnv.PuckRadius;
    const double MaxTipSpeed = 0.8, PushSpeed = 0.35, Gain = 6, Damping = 4;

    /// <summary>Torques in [−1, 1] for one ArmPush-v0 observation (17 floats).</summary>
    public static float[] Act(float[] o)
    {
        if (o.Length != 17) throw new ArgumentException($"ScriptedPusher: an ArmPush-v0 observation has 17 values, got {o.Length}.");
        Span<double> theta = stackalloc double[3], omega = stackalloc double[3];
        for (int j = 0; j < 3; j++) { theta[j] = Math.Atan2(o[2 * j + 1], o[2 * j]); omega[j] = o[6 + j]; }
        // Fingertip relative to the puck, puck relative to the goal.
        double rx = o[9], ry = o[10], gx = -o[11], gy = -o[12];
        double toGoal = Math.Sqrt(gx * gx + gy * gy);
        double ux = toGoal > 1e-9 ? gx / toGoal : 1, uy = toGoal > 1e-9 ? gy / toGoal : 0;   // push direction
        double nx = -uy, ny = ux;
        double along = rx * ux + ry * uy, lateral = rx * nx + ry * ny;

        double vx, vy;
        bool behind = along < -0.6 * Contact && Math.Abs(lateral) < 0.35 * Contact && along > -Contact - 0.06;
        if (behind)
        {
            // Push: forward along the line, sideways back onto it, slowing down as the puck nears the goal.
            double speed = Math.Min(PushSpeed, 3 * toGoal);
            double side = -8 * lateral, close = 4 * (-Contact + 0.01 - along);
            vx = speed * ux + side * nx + close * ux;
            vy = speed * uy + side * ny + close * uy;
        }
        else
        {
            // Go to the spot behind the puck; when in front of it, first to the side, so as not to push it the wrong way.
            double tx = -(Contact + 0.03) * ux, ty = -(Contact + 0.03) * uy;
            if (along > -0.5 * Contact)
            {
                double s = lateral >= 0 ? 1 : -1;
                tx += s * (Contact + 0.05) * nx; ty += s * (Contact + 0.05) * ny;
            }
            vx = Gain * (tx - rx); vy = Gain * (ty - ry);
        }
        double v = Math.Sqrt(vx * vx + vy * vy);
        if (v > MaxTipSpeed) { vx *= MaxTipSpeed / v; vy *= MaxTipSpeed / v; }
        return Torques(theta, omega, vx, vy);
    }

    /// <summary>Joint speeds that move the fingertip at (vx, vy), turned into torques for the motors (ω' = 6τ − 4ω).</summary>
    static float[] Torques(ReadOnlySpan<double> theta, ReadOnlySpan<double> omega, double vx, double vy)
    {
        // Jacobian of the fingertip: column j sums the links from joint j outwards.
        Span<double> jx = stackalloc double[3], jy = stackalloc double[3];
        double angle = 0;
        Span<double> px = stackalloc double[3], py = stackalloc double[3];
        for (int i = 0; i < 3; i++)
        {
            angle += theta[i];
            px[i] = -ArmReachEnv.Links[i] * Math.Sin(angle);
            py[i] = ArmReachEnv.Links[i] * Math.Cos(angle);
        }
        for (int j = 0; j < 3; j++)
            for (int i = j; i < 3; i++) { jx[j] += px[i]; jy[j] += py[i]; }
        // ω = Jᵀ (J Jᵀ + λ I)⁻¹ v.
        const double lambda = 0.01;
        double a = lambda, b = 0, d = lambda;
        for (int j = 0; j < 3; j++) { a += jx[j] * jx[j]; b += jx[j] * jy[j]; d += jy[j] * jy[j]; }
        double det = a * d - b * b;
        double wx = (d * vx - b * vy) / det, wy = (-b * vx + a * vy) / det;
        var torque = new float[3];
        for (int j = 0; j < 3; j++)
        {
            double target = jx[j] * wx + jy[j] * wy;
            torque[j] = (float)Math.Clamp((Damping * target + 10 * (target - omega[j])) / Gain, -1, 1);
        }
        return torque;
    }
}
