// Buggy dagger.mixed_action: asks both policies every time.
// breaks: a secondary rule
// loses at least: 0.2
// message names: only the policy that acts
// EXERCISE dagger.mixed_action (1 point)
// The policy that acts while DAgger collects data: π_i = β·π_expert + (1 − β)·π_learner. With probability
// beta (draw rng.NextDouble() once and compare: < beta) return the expert's action for the observation,
// otherwise the learner's. Call only the policy that acts: the other one's answer would be wasted work.
static float[] MixedAction(float[] observation, Func<float[], float[]> expert, Func<float[], float[]> learner, double beta, Random rng)
{
    var e = expert(observation);
    var l = learner(observation);
    return rng.NextDouble() < beta ? e : l;
}
