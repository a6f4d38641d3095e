// Buggy tabular.epsilon_greedy: breaks ties towards the highest index.
// breaks: the core rule
// loses at least: 0.5
// message names: lowest index
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
        if (q[state, a] >= q[state, best]) best = a;
    return best;
}
