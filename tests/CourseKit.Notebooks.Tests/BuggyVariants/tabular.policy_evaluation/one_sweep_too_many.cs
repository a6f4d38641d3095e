// Buggy tabular.policy_evaluation: runs steps + 1 sweeps.
// breaks: the core rule
// loses at least: 0.5
// message names: steps
// EXERCISE tabular.policy_evaluation (2 points)
// Exact evaluation of a fixed deterministic policy (policy[s] = the action it takes in state s) over a
// horizon of `steps` steps. Start from V(s) = 0 and apply exactly `steps` SYNCHRONOUS sweeps:
//     V_new(s) = Σ_{(p, s', r, term) in P[s][policy[s]]}  p · (r + γ · V(s'))     (V(s') counts 0 if term)
// After k sweeps V(s) is the expected discounted return of the first k steps started in s. With γ = 1 and
// FrozenLake's reward (1 at the goal, else 0) that is the probability of reaching the goal within k steps.
// steps = 0 returns all zeros. Return one value per state (length P.Count).
using CourseKit.Envs;

static double[] EvaluatePolicy(IReadOnlyList<IReadOnlyList<IReadOnlyList<Transition>>> P, int[] policy, double gamma, int steps)
{
    int nStates = P.Count;
    var v = new double[nStates];
    for (int k = 0; k <= steps; k++)
    {
        var next = new double[nStates];
        for (int s = 0; s < nStates; s++)
            foreach (var (p, s2, r, terminated) in P[s][policy[s]])
                next[s] += p * (r + (terminated ? 0 : gamma * v[s2]));
        v = next;
    }
    return v;
}
