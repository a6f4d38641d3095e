// EXERCISE basics.epsilon_greedy (2 points)
// With probability ε pick a uniformly random action (rng.Next(qValues.Length)),
// otherwise the greedy action argmax_a Q(a); on ties take the lowest index.
static int EpsilonGreedy(double[] qValues, double epsilon, Random rng)
{
    // BEGIN SOLUTION
    if (rng.NextDouble() < epsilon) return rng.Next(qValues.Length);
    int best = 0;
    for (int a = 1; a < qValues.Length; a++)
        if (qValues[a] > qValues[best]) best = a;
    return best;
    // END SOLUTION
}
