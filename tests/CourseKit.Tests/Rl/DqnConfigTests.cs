using CourseKit.Rl;

namespace CourseKit.Tests.Rl;

public class DqnConfigTests
{
    [Theory]
    [InlineData(0, 1.0)]
    [InlineData(5_000, 0.51)]
    [InlineData(9_999, 0.020098)]
    [InlineData(10_000, 0.02)]
    [InlineData(250_000, 0.02)]
    public void ExplorationFallsLinearlyThenStays(long step, double epsilon) =>
        Assert.Equal(epsilon, new DqnConfig().Exploration().Value(step), 6);

    [Fact]
    public void TheDefaultsAreValid() => Assert.NotNull(new DqnConfig().Validate());

    [Theory]
    [InlineData("TotalSteps")]
    [InlineData("LearningStarts")]
    [InlineData("Gamma")]
    [InlineData("EpsilonEnd")]
    [InlineData("TargetSyncEvery")]
    public void AnUnworkableSettingIsNamed(string setting)
    {
        var bad = setting switch
        {
            "TotalSteps" => new DqnConfig(TotalSteps: 0),
            "LearningStarts" => new DqnConfig(LearningStarts: 10, BatchSize: 64),
            "Gamma" => new DqnConfig(Gamma: 1.5f),
            "EpsilonEnd" => new DqnConfig(EpsilonEnd: -0.1),
            _ => new DqnConfig(TargetSyncEvery: 0),
        };
        var e = Assert.Throws<ArgumentException>(() => bad.Validate());
        Assert.Contains(setting == "EpsilonEnd" ? "ε" : setting, e.Message);
    }
}
