// Buggy arm.one_joint_actions: gives each torque vector joints + 1 entries.
// breaks: the core rule
// loses at least: 0.5
// message names: values long
// EXERCISE arm.one_joint_actions (1 point)
// The discrete actions of "one joint at a time": for a robot with `joints` joints, 2 × joints actions,
// each a torque vector with a single non-zero entry. Action 2j pushes joint j with +magnitude, action
// 2j + 1 with −magnitude; every other joint gets 0. (A 7-joint Pusher arm gets 14 actions this way.)
static float[][] OneJointActions(int joints, float magnitude)
{
    var actions = new float[2 * joints][];
    for (int j = 0; j < joints; j++)
    {
        actions[2 * j] = new float[joints + 1];
        actions[2 * j][j] = magnitude;
        actions[2 * j + 1] = new float[joints + 1];
        actions[2 * j + 1][j] = -magnitude;
    }
    return actions;
}
