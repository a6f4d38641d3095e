// EXERCISE pixels.noop_starts (2 points)
// No-op starts (DQN's Atari protocol): begin each episode with a random number of "do nothing" steps, so
// that a deterministic game does not start every episode in the same state.
//   1. env.Reset(seed): pass the seed through (null: the env's generator carries on).
//   2. n = rng.Next(1, noopMax + 1): ONE draw from the rng given, uniform over 1..noopMax (noopMax included).
//   3. Step action 0 (the no-op) n times. If a step ends the episode (terminated OR truncated), start a new
//      one with env.Reset() (no seed: the seed would replay the same episode) and go on counting.
// Return the observation and info the agent starts from: those of the last step, or of the last Reset.
using CourseKit.Envs;

static (float[] Observation, IReadOnlyDictionary<string, object> Info) NoopReset(Env<float[], int> env, int? seed, int noopMax, Random rng)
{
    // BEGIN SOLUTION
    var (observation, info) = env.Reset(seed);
    int n = rng.Next(1, noopMax + 1);
    for (int i = 0; i < n; i++)
    {
        var step = env.Step(0);
        (observation, info) = (step.Observation, step.Info);
        if (step.Terminated || step.Truncated) (observation, info) = env.Reset();
    }
    return (observation, info);
    // END SOLUTION
}
