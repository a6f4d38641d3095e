// Buggy dqn.sample_trajectory: sets Truncated only when the env truncated, not when maxLength cut the rollout.
// breaks: the core rule
// loses at least: 0.5
// message names: Truncated
// EXERCISE dqn.sample_trajectory (2 points)
// One rollout: Reset(seed), then repeatedly act with the policy, Step, and record the step.
// Stop when the episode terminated OR was truncated, or after maxLength steps.
// Terminals[t] stores `terminated` only: a time limit is not a terminal state.
// `truncated` must be true when the rollout ended for any reason other than termination.
using CourseKit.Envs;
using CourseKit.Rl;

static Trajectory<float[], int> SampleTrajectory(Env<float[], int> env, Func<float[], int> policy, int maxLength, int? seed)
{
    var (obs, _) = env.Reset(seed);
    var observations = new List<float[]>();
    var actions = new List<int>();
    var rewards = new List<double>();
    var nextObservations = new List<float[]>();
    var terminals = new List<bool>();
    bool truncated = false;
    for (int t = 0; t < maxLength; t++)
    {
        int action = policy(obs);
        var step = env.Step(action);
        observations.Add(obs);
        actions.Add(action);
        rewards.Add(step.Reward);
        nextObservations.Add(step.Observation);
        terminals.Add(step.Terminated);
        obs = step.Observation;
        bool rolloutDone = step.Terminated || step.Truncated || t == maxLength - 1;
        if (rolloutDone)
        {
            truncated = step.Truncated;
            break;
        }
    }
    return new Trajectory<float[], int>(observations.ToArray(), actions.ToArray(), rewards.ToArray(), nextObservations.ToArray(), terminals.ToArray(), truncated);
}
