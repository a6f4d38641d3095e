namespace CourseKit.Envs;

/// <summary>
/// Where environments report misuse that Gymnasium only warns about (stepping an episode that has
/// already ended). Warnings go to standard error unless <see cref="Handler"/> is replaced.
/// </summary>
public static class EnvWarnings
{
    [ThreadStatic] static int t_suppressed;

    /// <summary>Receives each warning; defaults to writing it to standard error.</summary>
    public static Action<string> Handler { get; set; } = message => Console.Error.WriteLine("warning: " + message);

    /// <summary>Silences warnings on the current thread until the returned scope is disposed (the env checker uses it).</summary>
    public static IDisposable Suppress()
    {
        t_suppressed++;
        return new Scope();
    }

    internal static void Warn(string message)
    {
        if (t_suppressed == 0) Handler(message);
    }

    sealed class Scope : IDisposable
    {
        bool _disposed;
        public void Dispose()
        {
            if (_disposed) return;
            _disposed = true;
            t_suppressed--;
        }
    }
}
