// Buggy tabular.q_learning_update: scales q[s, a] before computing the target, so a self-loop reads the changed entry.
// breaks: a secondary rule
// loses at least: 0.1
// message names: before
// EXERCISE tabular.q_learning_update (2 points)
// One Q-learning update, in place, from one transition (state, action, reward, nextState):
//     target = reward                                        if terminated
//     target = reward + γ · max_a' q[nextState, a']          otherwise (also when the episode was only truncated)
//     q[state, action] ← (1 − α) · q[state, action] + α · target
// q is [nStates, nActions]. Compute the target from q as it was before this update, and change no other entry.
static void QLearningUpdate(double[,] q, int state, int action, double reward, int nextState, bool terminated, double alpha, double gamma)
{
    q[state, action] *= 1 - alpha;
    double target = reward;
    if (!terminated)
    {
        double best = q[nextState, 0];
        for (int a = 1; a < q.GetLength(1); a++) best = Math.Max(best, q[nextState, a]);
        target += gamma * best;
    }
    q[state, action] += alpha * target;
}
