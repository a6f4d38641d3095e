// Buggy arm.action_usage: returns the counts without dividing them into shares.
// breaks: the core rule
// loses at least: 0.5
// message names: share
// EXERCISE arm.action_usage (2 points)
// Which actions does the agent use, and when? `episodes[e][t]` is the action chosen at step t of recorded
// episode e. Return a table of `phases` rows and `nActions` columns: entry [p, a] is the share of the choices
// made in phase p that were action a. Step t of an episode of T steps belongs to phase t * phases / T
// (integer division), so every episode is cut into `phases` parts by its own length; phases: 1 gives the
// overall shares. Each row sums to 1 over the actions; a phase in which no step fell gets a row of zeros.
// Do not modify `episodes`.
static double[,] ActionUsage(int[][] episodes, int nActions, int phases)
{
    var usage = new double[phases, nActions];
    var steps = new int[phases];
    foreach (var episode in episodes)
        for (int t = 0; t < episode.Length; t++)
        {
            int phase = t * phases / episode.Length;
            usage[phase, episode[t]]++;
            steps[phase]++;
        }
    return usage;
}
