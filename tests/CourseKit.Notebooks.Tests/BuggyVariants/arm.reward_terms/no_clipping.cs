// Buggy arm.reward_terms: squares the torques as given, without clipping them to [-1, 1].
// breaks: a secondary rule
// loses at least: 0.25
// message names: clipped
// EXERCISE arm.reward_terms (2 points)
// ArmPush's reward for one step, split into its three parts, from the observation AFTER the step and the torques
// the step was given:
//   Task    = −‖puck − goal‖            (nextObs[11], nextObs[12] hold puck − goal, in m)
//   Control = −0.1 · Σ_j τ_j²           (each τ_j first clipped to [−1, 1], as the env clips it)
//   Near    = −0.5 · ‖fingertip − puck‖ (nextObs[9], nextObs[10] hold fingertip − puck, in m)
// Distances are Euclidean (not squared). Task + Control + Near is the step's reward. Do not modify the arrays.
static (double Task, double Control, double Near) RewardTerms(float[] nextObs, float[] torques)
{
    double task = -Math.Sqrt(nextObs[11] * nextObs[11] + nextObs[12] * nextObs[12]);
    double control = 0;
    foreach (float t in torques)
    {
        double clipped = t;
        control -= 0.1 * clipped * clipped;
    }
    double near = -0.5 * Math.Sqrt(nextObs[9] * nextObs[9] + nextObs[10] * nextObs[10]);
    return (task, control, near);
}
