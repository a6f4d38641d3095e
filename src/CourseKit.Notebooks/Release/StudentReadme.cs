namespace CourseKit.Notebooks.Release;

/// <summary>Replaces the instructor's README by the student's: the quick start without reference solutions.</summary>
public sealed class WriteStudentReadme : IReleaseStep
{
    /// <inheritdoc/>
    public string Name => "write-student-readme";

    /// <inheritdoc/>
    public void Run(ReleaseContext context)
    {
        var notebooks = Directory.Exists(context.InTarget("notebooks"))
            ? Directory.EnumerateFiles(context.InTarget("notebooks"), "*.ipynb").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal).ToList()
            : [];
        string first = notebooks.FirstOrDefault() ?? "00_tools";
        string text = $$"""
            # CourseKit — deep reinforcement learning in C# (release {{context.Version}})

            A course in notebooks: you fill in the `TODO` cells, watch your agent learn inline, and
            check your work with `dotnet test`. The notebooks: {{string.Join(", ", notebooks.Select(n => $"`{n}`"))}}.

            ## Quick start

            With the .NET 10 SDK installed, from this folder:

            ```bash
            dotnet build                                        # builds artifacts/lib/CourseKit.dll, which the notebooks load
            dotnet test --filter "FullyQualifiedName~Your_exercise"   # your exercises: pass / fail / skipped (not attempted)
            ```

            Then open `notebooks/{{first}}.ipynb` in VS Code with the *Polyglot Notebooks* extension
            (kernel *.NET (C#)*), run the setup cell, and work through the `TODO` cells in order,
            running the self-check cell under each. Each exercise cell is graded on its own, so it may
            only use CourseKit and what it defines itself.

            Without VS Code, the headless runner executes a notebook as the kernel would and writes
            the executed copy with its charts:

            ```bash
            dotnet run --project src/CourseKit.Cli -- run notebooks/{{first}}.ipynb --out out
            ```

            Your points with the visible checks (the course's grader adds hidden checks, so a pass
            here is a good sign, not yet the grade):

            ```bash
            dotnet run --project src/CourseKit.Cli -- grade notebooks --solutions-dir exercises --out out/grades
            ```

            `dotnet test` runs the library's tests, grades every exercise cell you attempted and
            proves each exercise's checks fail its stub. `exercises/` holds each exercise's
            signature and points (no answers).

            ## Layout

            | path | what |
            |---|---|
            | `notebooks/` | the course |
            | `exercises/` | each exercise's stub: its signature and points |
            | `src/CourseKit/` | the library the notebooks use (tensors, environments, buffers, networks, plots, visible checks) |
            | `src/CourseKit.Notebooks/`, `src/CourseKit.Cli/` | the headless runner and grader; the `coursekit` command |
            | `tests/` | the library's tests and yours (`CourseKit.Student.Tests`) |
            | `data/` | data the notebooks load |

            Release {{context.Version}}.

            """;
        AtomicFile.WriteAllText(context.InTarget("README.md"), text);
    }
}

/// <summary>Writes the release version into <c>VERSION</c> (and the README carries it): "which release do you have?" has an answer.</summary>
public sealed class StampVersion : IReleaseStep
{
    /// <inheritdoc/>
    public string Name => "stamp-version";

    /// <inheritdoc/>
    public void Run(ReleaseContext context)
    {
        AtomicFile.WriteAllText(context.InTarget("VERSION"), context.Version + "\n");
        context.Log.Add($"{Name}: {context.Version}");
    }
}
