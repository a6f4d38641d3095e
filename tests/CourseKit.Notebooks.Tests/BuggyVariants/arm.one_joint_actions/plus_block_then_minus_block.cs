// Buggy arm.one_joint_actions: puts all + actions first, then all - actions.
// breaks: the core rule
// loses at least: 0.5
// message names: 2j
// EXERCISE arm.one_joint_actions (1 point)
// The discrete actions of "one joint at a time": for a robot with `joints` joints, 2 × joints actions,
// each a torque vector with a single non-zero entry. Action 2j pushes joint j with +magnitude, action
// 2j + 1 with −magnitude; every other joint gets 0. (A 7-joint Pusher arm gets 14 actions this way.)
static float[][] OneJointActions(int joints, float magnitude)
{
    var actions = new float[2 * joints][];
    for (int j = 0; j < joints; j++)
    {
        actions[j] = new float[joints];
        actions[j][j] = magnitude;
        actions[joints + j] = new float[joints];
        actions[joints + j][j] = -magnitude;
    }
    return actions;
}
