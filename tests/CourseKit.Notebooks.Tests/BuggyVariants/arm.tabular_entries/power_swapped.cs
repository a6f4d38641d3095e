// Buggy arm.tabular_entries: raises dims to the power bins.
// breaks: the core rule
// loses at least: 0.5
// message names: cells
// EXERCISE arm.tabular_entries (1 point)
// How many numbers a Q-table needs when every one of `stateDims` continuous state dimensions is cut into
// `binsPerDim` bins: one entry per (cell of the state grid, action). Return it as a double: the numbers
// get far too large for an int or a long.
static double TabularEntries(int stateDims, int binsPerDim, int nActions)
{
    return Math.Pow(stateDims, binsPerDim) * nActions;
}
