// EXERCISE basics.discounted_returns (2 points)
// The return-to-go of every step: G_t = r_t + γ·G_{t+1}, with G after the last step = 0.
// Compute it backwards in one pass; do not modify `rewards`.
static double[] DiscountedReturns(double[] rewards, double gamma)
{
    // BEGIN SOLUTION
    var returns = new double[rewards.Length];
    double next = 0;
    for (int t = rewards.Length - 1; t >= 0; t--)
    {
        next = rewards[t] + gamma * next;
        returns[t] = next;
    }
    return returns;
    // END SOLUTION
}
