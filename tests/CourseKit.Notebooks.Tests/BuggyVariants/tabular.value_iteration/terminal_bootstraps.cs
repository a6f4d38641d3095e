// Buggy tabular.value_iteration: adds gamma * V(s') after a terminated transition.
// breaks: the core rule
// loses at least: 0.5
// message names: terminated
// EXERCISE tabular.value_iteration (3 points)
// Value iteration on a known model. P[s][a] lists the outcomes of action a in state s, each a
// Transition(Probability, NextState, Reward, Terminated) — exactly env.P of a FrozenLakeEnv.
// Start from V(s) = 0 for every state and repeat SYNCHRONOUS sweeps (read the old V, write a new array):
//     V_new(s) = max_a  Σ_{(p, s', r, term) in P[s][a]}  p · (r + γ · V(s'))
// where a terminated transition contributes p · r only: nothing follows it, so it never bootstraps.
// Stop after the first sweep whose largest change max_s |V_new(s) − V(s)| is below `tolerance`,
// and return that V_new: one value per state (length P.Count). Rewards may be negative.
using CourseKit.Envs;

static double[] ValueIteration(IReadOnlyList<IReadOnlyList<IReadOnlyList<Transition>>> P, double gamma, double tolerance)
{
    int nStates = P.Count;
    var v = new double[nStates];
    while (true)
    {
        var next = new double[nStates];
        double delta = 0;
        for (int s = 0; s < nStates; s++)
        {
            double best = double.NegativeInfinity;
            foreach (var outcomes in P[s])
            {
                double q = 0;
                foreach (var (p, s2, r, terminated) in outcomes)
                    q += p * (r + gamma * v[s2]);
                best = Math.Max(best, q);
            }
            next[s] = best;
            delta = Math.Max(delta, Math.Abs(best - v[s]));
        }
        v = next;
        if (delta < tolerance) return v;
    }
}
