// Buggy dagger.mixed_action: ignores beta and lets the learner act.
// breaks: the core rule
// loses at least: 0.5
// message names: beta
// EXERCISE dagger.mixed_action (1 point)
// The policy that acts while DAgger collects data: π_i = β·π_expert + (1 − β)·π_learner. With probability
// beta (draw rng.NextDouble() once and compare: < beta) return the expert's action for the observation,
// otherwise the learner's. Call only the policy that acts: the other one's answer would be wasted work.
static float[] MixedAction(float[] observation, Func<float[], float[]> expert, Func<float[], float[]> learner, double beta, Random rng)
{
    return rng.NextDouble() < 0 ? expert(observation) : learner(observation);
}
