// Buggy arm.action_grid: gives each torque vector joints + 1 entries.
// breaks: the core rule
// loses at least: 0.5
// message names: values long
// EXERCISE arm.action_grid (2 points)
// The discrete actions of a grid: every combination of one torque level per joint, levels.Length^joints
// torque vectors of `joints` values each (3 levels on 3 joints: 27; on Pusher's 7 joints: 2,187).
// The order is that of counting in base L = levels.Length with joint 0 as the most significant digit:
// joint j of action i gets levels[(i / L^(joints − 1 − j)) % L]. So action 0 gives every joint levels[0],
// the last joint changes fastest, and with levels {−1, 0, 1} on 3 joints action 13 is the zero torque.
// Use the levels in the order given, give every action its own array, and leave `levels` unchanged.
static float[][] ActionGrid(int joints, float[] levels)
{
    int count = (int)Math.Pow(levels.Length, joints);
    var actions = new float[count][];
    for (int i = 0; i < count; i++)
    {
        actions[i] = new float[joints + 1];
        int rest = i;
        for (int j = joints - 1; j >= 0; j--)
        {
            actions[i][j] = levels[rest % levels.Length];
            rest /= levels.Length;
        }
    }
    return actions;
}
