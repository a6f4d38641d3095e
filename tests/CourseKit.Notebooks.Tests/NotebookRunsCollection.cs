namespace CourseKit.Notebooks.Tests;

/// <summary>
/// The long runs of whole notebooks (the solved notebooks and the Jupyter leg) take turns: each is timed
/// against the course's budget of minutes per notebook on a 2-core machine, and two of them side by side
/// (the Jupyter leg alone starts two kernels) would measure the sharing, not the notebook.
/// </summary>
[CollectionDefinition("notebook runs")]
public sealed class NotebookRunsCollection;
