// Buggy tools.run_episode: adds 1 per step instead of the reward.
// breaks: the core rule
// loses at least: 0.5
// message names: reward
// EXERCISE tools.run_episode (2 points)
// Play ONE episode and return its return (the sum of the rewards):
//   reset the env with `seed`, then repeat: action = policy(observation); step; add the reward;
//   continue from the new observation, until the step is terminated OR truncated.
// Works for any env with float[] observations and int actions (CartPole, MountainCar, ...).
using CourseKit.Envs;

static double RunEpisode(Env<float[], int> env, Func<float[], int> policy, int seed)
{
    var (observation, _) = env.Reset(seed);
    double episodeReturn = 0;
    while (true)
    {
        var step = env.Step(policy(observation));
        episodeReturn += 1;
        observation = step.Observation;
        if (step.Terminated || step.Truncated) return episodeReturn;
    }
}
