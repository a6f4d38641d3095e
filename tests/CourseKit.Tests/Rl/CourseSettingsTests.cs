using CourseKit.Rl;

namespace CourseKit.Tests.Rl;

public class CourseSettingsTests
{
    [Theory]
    [InlineData(null, 0)]
    [InlineData("", 0)]
    [InlineData("  ", 0)]
    [InlineData("3", 3)]
    [InlineData(" 12 ", 12)]
    public void SeedComesFromTheVariableOrDefaultsToZero(string? text, int expected) =>
        Assert.Equal(expected, CourseSettings.ParseSeed(text));

    [Theory]
    [InlineData("-1")]
    [InlineData("one")]
    [InlineData("1.5")]
    [InlineData("99999999999")]
    public void ABadSeedSaysWhatToSet(string text)
    {
        var e = Assert.Throws<ArgumentException>(() => CourseSettings.ParseSeed(text));
        Assert.Contains($"COURSEKIT_SEED='{text}'", e.Message);
        Assert.Contains("non-negative whole number", e.Message);
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData("0", false)]
    [InlineData("off", false)]
    [InlineData("1", true)]
    [InlineData("TRUE", true)]
    [InlineData(" yes ", true)]
    public void QuickModeIsOnOnlyWhenAsked(string? text, bool expected) =>
        Assert.Equal(expected, CourseSettings.ParseQuick(text));

    [Fact]
    public void AnUnclearQuickValueIsRefused()
    {
        var e = Assert.Throws<ArgumentException>(() => CourseSettings.ParseQuick("maybe"));
        Assert.Contains("COURSEKIT_QUICK='maybe'", e.Message);
    }

    [Fact]
    public void TheSetupLineNamesSeedModeAndVariables()
    {
        Assert.Equal("Base seed 2 (set COURSEKIT_SEED to change it) · quick mode: shorter studies and seed sweeps (COURSEKIT_QUICK=1)",
            CourseSettings.Describe(2, quick: true));
        Assert.Contains("full run", CourseSettings.Describe(0, quick: false));
    }
}
