using System.Collections.ObjectModel;

namespace CourseKit.Envs;

/// <summary>Info dictionaries: one shared empty instance, so a step allocates none.</summary>
public static class EnvInfo
{
    /// <summary>The empty, read-only info most steps return.</summary>
    public static IReadOnlyDictionary<string, object> Empty { get; } = ReadOnlyDictionary<string, object>.Empty;

    /// <summary>A read-only info holding one entry.</summary>
    public static IReadOnlyDictionary<string, object> Of(string key, object value) =>
        new ReadOnlyDictionary<string, object>(new Dictionary<string, object> { [key] = value });

    /// <summary>A read-only copy of <paramref name="info"/> with <paramref name="key"/> set to <paramref name="value"/>.</summary>
    public static IReadOnlyDictionary<string, object> With(this IReadOnlyDictionary<string, object> info, string key, object value)
    {
        var copy = new Dictionary<string, object>(info.Count + 1);
        foreach (var (k, v) in info) copy[k] = v;
        copy[key] = value;
        return new ReadOnlyDictionary<string, object>(copy);
    }
}
