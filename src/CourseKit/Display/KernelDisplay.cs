using System.Reflection;

namespace CourseKit.Display;

/// <summary>
/// Finds the notebook kernel's <c>display</c> function at run time. The library cannot reference the
/// kernel, so it looks for a loaded type named <c>Microsoft.DotNet.Interactive.Kernel</c> (the real
/// kernel in VS Code, or the headless runner's shim of the same name) with a static
/// <c>display(object, params string[])</c> returning a value with <c>Update(object)</c>.
/// </summary>
public static class KernelDisplay
{
    /// <summary>The full name of the kernel type looked for.</summary>
    public const string KernelTypeName = "Microsoft.DotNet.Interactive.Kernel";

    /// <summary>True when a kernel (or the runner's shim) is loaded in this process.</summary>
    public static bool IsAvailable => FindDisplayMethod() is not null;

    /// <summary>
    /// Displays <paramref name="value"/> through the kernel and returns a function that replaces that
    /// output in place; null when no kernel is loaded (a console program, a test).
    /// </summary>
    public static Action<object>? Display(object value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var display = FindDisplayMethod();
        if (display is null) return null;
        var displayed = Invoke(display, null, [value, Array.Empty<string>()]);
        var update = displayed?.GetType().GetMethod("Update", [typeof(object)]);
        if (update is null) return _ => { };   // a kernel whose display cannot update: show once, stay quiet
        return v => Invoke(update, displayed, [v]);
    }

    private static MethodInfo? FindDisplayMethod()
    {
        // Newest first: a re-loaded runner shim should win over a stale one.
        foreach (var assembly in AppDomain.CurrentDomain.GetAssemblies().Reverse())
        {
            Type? kernel;
            try { kernel = assembly.GetType(KernelTypeName, throwOnError: false); }
            catch (Exception e) when (e is FileLoadException or BadImageFormatException or TypeLoadException) { continue; }
            var display = kernel?.GetMethod("display", BindingFlags.Public | BindingFlags.Static, [typeof(object), typeof(string[])]);
            if (display is not null) return display;
        }
        return null;
    }

    private static object? Invoke(MethodInfo method, object? target, object?[] args)
    {
        try { return method.Invoke(target, args); }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.InnerException);
            throw;
        }
    }
}
