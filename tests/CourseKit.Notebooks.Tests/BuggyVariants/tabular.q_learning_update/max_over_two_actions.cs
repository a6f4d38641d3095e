// Buggy tabular.q_learning_update: takes the max over the first two actions only.
// breaks: the core rule
// loses at least: 0.5
// message names: every action
// EXERCISE tabular.q_learning_update (2 points)
// One Q-learning update, in place, from one transition (state, action, reward, nextState):
//     target = reward                                        if terminated
//     target = reward + γ · max_a' q[nextState, a']          otherwise (also when the episode was only truncated)
//     q[state, action] ← (1 − α) · q[state, action] + α · target
// q is [nStates, nActions]. Compute the target from q as it was before this update, and change no other entry.
static void QLearningUpdate(double[,] q, int state, int action, double reward, int nextState, bool terminated, double alpha, double gamma)
{
    double target = reward;
    if (!terminated)
    {
        double best = q[nextState, 0];
        for (int a = 1; a < 2; a++) best = Math.Max(best, q[nextState, a]);
        target += gamma * best;
    }
    q[state, action] = (1 - alpha) * q[state, action] + alpha * target;
}
