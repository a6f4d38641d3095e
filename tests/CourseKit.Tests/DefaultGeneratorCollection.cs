namespace CourseKit.Tests;

/// <summary>
/// Tests that reseed torch's global default generator and then expect a particular stream (same seed, same
/// init) run here, with nothing else running at the same time: xunit runs test classes in parallel, and any
/// other test drawing from the default generator in between would change the stream they see.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class DefaultGeneratorCollection
{
    public const string Name = "torch default generator";
}
