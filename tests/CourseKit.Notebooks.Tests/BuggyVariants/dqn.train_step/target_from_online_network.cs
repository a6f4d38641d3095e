// Buggy dqn.train_step: computes the target with the online network.
// breaks: the core rule
// loses at least: 0.5
// message names: target network
// EXERCISE dqn.train_step (2 points)
// One gradient step of DQN on a sampled batch; return the loss (before the update) as a float.
//   1. y = r + γ·(1 − done)·max_a' Q_target(s', a'), computed under torch.no_grad();
//   2. the Huber (smooth L1) loss between Q(s, a) of the taken actions and y;
//   3. optimizer.zero_grad(); loss.backward(); optimizer.step().
// The cell must stand on its own, so write the target and the loss here again (three lines).
using CourseKit.Buffers;
using CourseKit.Torch;
using static CourseKit.Torch.torch;

static float TrainStep(nn.Module<Tensor, Tensor> qNetwork, nn.Module<Tensor, Tensor> targetNetwork, optim.Optimizer optimizer, ReplayBatch batch, float gamma)
{
    Tensor target;
    using (torch.no_grad())
        target = batch.Rewards + gamma * (1 - batch.Dones) * qNetwork.forward(batch.NextObservations).max(1).values;
    var qTaken = qNetwork.forward(batch.Observations).gather(1, batch.Actions.unsqueeze(-1)).squeeze(-1);
    var loss = nn.functional.smooth_l1_loss(qTaken, target);
    optimizer.zero_grad();
    loss.backward();
    optimizer.step();
    return loss.item<float>();
}
