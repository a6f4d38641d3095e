using CourseKit.Notebooks.Exercises;
using CourseKit.Notebooks.Grading;

namespace CourseKit.Notebooks.Tests;

/// <summary>
/// CourseKit implements what several exercises teach; a cell that calls the library member implementing
/// its own exercise is refused (score 0, the member named), however the member is reached.
/// </summary>
public class LibraryAnswerTests
{
    /// <summary>(exercise, the one line that replaces the stub's throw, the member the refusal must name).</summary>
    public static TheoryData<string, string, string> OneLineAnswers() => new()
    {
        { "tools.mse", "return nn.functional.mse_loss(prediction, target);", "CourseKit.Torch.torch.nn.functional.mse_loss" },
        { "tools.run_episode", "return CourseKit.Rl.Evaluation.Evaluate(policy, env, 1, seed).Returns[0];", "CourseKit.Rl.Evaluation.Evaluate" },
        { "tabular.epsilon_greedy", "return CourseKit.Rl.EpsilonGreedy.Select(Enumerable.Range(0, q.GetLength(1)).Select(a => q[state, a]).ToArray(), epsilon, rng);", "CourseKit.Rl.EpsilonGreedy.Select" },
        { "dqn.epsilon_greedy", "return CourseKit.Rl.EpsilonGreedy.Act(qNetwork, observation, epsilon, rng);", "CourseKit.Rl.EpsilonGreedy.Act" },
        { "dqn.sample_trajectory", "return Rollouts.SampleTrajectory(env, policy, maxLength, seed);", "CourseKit.Rl.Rollouts.SampleTrajectory" },
        { "dqn.replay_buffer", "new CourseKit.Buffers.ReplayBuffer(_items.Length, new[] { obs.Length }).Insert(obs, action, reward, nextObs, done);", "CourseKit.Buffers.ReplayBuffer" },
        { "pixels.conv_output_size", "return CourseKit.Nets.ConvSize.Output(size, kernel, stride, padding);", "CourseKit.Nets.ConvSize.Output" },
        { "pixels.nature_cnn", "return (new CourseKit.Nets.NatureCnn(new[] { frames, 84, 84 }, nActions), nn.Identity());", "CourseKit.Nets.NatureCnn" },
        { "pixels.stack_frames", "return new CourseKit.Buffers.FrameStackReplayBuffer(frames.Count, k, 1, frames[t].Length).RecentObservation().ToArray<float>();", "CourseKit.Buffers.FrameStackReplayBuffer" },
        { "bc.build_mlp", "return CourseKit.Nets.Mlp.Build(inputSize, outputSize, nLayers, size);", "CourseKit.Nets.Mlp.Build" },
        { "bc.gaussian_nll", "return -torch.distributions.Normal(mean, logStd.exp()).log_prob(actions).sum(-1).mean();", "CourseKit.Torch.torch.distributions.Normal" },
        { "dagger.collect", "return CourseKit.Rl.Rollouts.SampleTrajectory(env, acting, steps, seed).Observations.Select(o => (o, expert(o))).ToList();", "CourseKit.Rl.Rollouts.SampleTrajectory" },
    };

    [Theory]
    [MemberData(nameof(OneLineAnswers))]
    public async Task A_one_line_call_into_the_library_fails_this_exercise(string exercise, string line, string member)
    {
        var grade = await CourseCatalog.GraderFor("course").GradeExerciseAsync(exercise, AnswerCell(exercise, line));
        Assert.True(grade.Status == GradeStatus.Refused, grade.Report());
        Assert.Equal(0, grade.Score);
        Assert.Empty(grade.Checks); // nothing ran
        Assert.Contains(member, grade.Summary);
        Assert.Contains($"CourseKit's own answer to {exercise}", grade.Summary);
        Assert.Contains("write the computation in this cell yourself", grade.Summary);
    }

    [Fact]
    public void Every_exercise_with_forbidden_members_has_a_one_line_answer_case()
    {
        var listed = ForbiddenMembers.Load(CourseCatalog.SolutionsOf("course")).Exercises.ToList();
        var covered = OneLineAnswers().Select(row => (string)row[0]).ToHashSet();
        Assert.NotEmpty(listed);
        Assert.All(listed, id => Assert.True(covered.Contains(id), $"{id} forbids library members but no test calls them"));
    }

    [Fact]
    public void A_misspelt_forbidden_member_stops_the_grader_with_the_name()
    {
        string dir = TestPaths.NewTempDir();
        foreach (var file in Directory.EnumerateFiles(TestPaths.SampleCourse.SolutionsDirectory, "*.cs")) File.Copy(file, Path.Combine(dir, Path.GetFileName(file)));
        File.WriteAllText(Path.Combine(dir, ForbiddenMembers.FileName), "basics.epsilon_greedy: CourseKit.Rl.EpsilonGreedy.Choose\n");
        var e = Assert.Throws<InvalidOperationException>(() => Grader.ForCourse(TestPaths.SampleCourse with { SolutionsDirectory = dir }));
        Assert.Contains("basics.epsilon_greedy: CourseKit.Rl.EpsilonGreedy.Choose", e.Message);
    }

    [Fact]
    public void A_forbidden_list_for_an_unknown_exercise_is_an_error_naming_the_line()
    {
        string dir = TestPaths.NewTempDir();
        foreach (var file in Directory.EnumerateFiles(TestPaths.SampleCourse.SolutionsDirectory, "*.cs")) File.Copy(file, Path.Combine(dir, Path.GetFileName(file)));
        File.WriteAllText(Path.Combine(dir, ForbiddenMembers.FileName), "# comment\n\nbasics.epsilon_gready: CourseKit.Rl.EpsilonGreedy\n");
        var e = Assert.Throws<ExerciseFormatException>(() => ForbiddenMembers.Load(new SolutionStore(dir)));
        Assert.Contains("line 3: 'basics.epsilon_gready' has no solution file", e.Message);
    }

    /// <summary>The exercise's stub with its (first) TODO body replaced by one line.</summary>
    static string AnswerCell(string exercise, string line)
    {
        string stub = CourseCatalog.SolutionsOf("course").Get(exercise).Stub;
        int at = stub.IndexOf(ExerciseMarker.StubThrow, StringComparison.Ordinal);
        Assert.True(at >= 0, $"no stub throw in {exercise}");
        return stub[..at] + line + stub[(at + ExerciseMarker.StubThrow.Length)..];
    }
}
