// Buggy dagger.collect: steps the env with the expert's action.
// breaks: the core rule
// loses at least: 0.5
// message names: acting
// EXERCISE dagger.collect (3 points)
// One round of DAgger data. Run the `acting` policy in env for exactly `steps` steps: Reset(seed) first,
// and Reset() (no seed) whenever an episode ends, terminated or truncated. For every observation the
// acting policy saw, record the EXPERT's action for that observation. The env moves by the acting
// policy's actions; the labels come from the expert. Return the (observation, expert action) pairs in
// the order they happened.
using CourseKit.Envs;

static List<(float[] Observation, float[] Action)> CollectDagger(Env<float[], float[]> env, Func<float[], float[]> acting, Func<float[], float[]> expert, int steps, int seed)
{
    var pairs = new List<(float[] Observation, float[] Action)>(steps);
    var (obs, _) = env.Reset(seed);
    for (int t = 0; t < steps; t++)
    {
        pairs.Add((obs, expert(obs)));
        var s = env.Step(expert(obs));
        obs = s.Terminated || s.Truncated ? env.Reset().obs : s.Observation;
    }
    return pairs;
}
