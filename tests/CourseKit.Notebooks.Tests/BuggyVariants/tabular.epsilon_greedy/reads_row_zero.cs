// Buggy tabular.epsilon_greedy: takes the greedy action of row 0 whatever the state.
// breaks: the core rule
// loses at least: 0.5
// message names: row
// EXERCISE tabular.epsilon_greedy (2 points)
// ε-greedy action for `state` from the Q-table q ([nStates, nActions]; actions 0 .. q.GetLength(1) − 1).
// Use the random generator exactly like this, so results are reproducible and checkable:
//   - call rng.NextDouble() once; if it is < epsilon, explore: return rng.Next(q.GetLength(1));
//   - otherwise exploit, with no further rng call: return argmax_a q[state, a], the LOWEST index on ties.
static int EpsilonGreedy(double[,] q, int state, double epsilon, Random rng)
{
    int nActions = q.GetLength(1);
    if (rng.NextDouble() < epsilon) return rng.Next(nActions);
    int best = 0;
    for (int a = 1; a < nActions; a++)
        if (q[0, a] > q[0, best]) best = a;
    return best;
}
