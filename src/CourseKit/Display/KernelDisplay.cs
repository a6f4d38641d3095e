using System.Reflection;

namespace CourseKit.Display;

/// <summary>
/// Finds the notebook kernel's display function at run time. The library cannot reference the
/// kernel (every extra assembly loaded into it can clash), so it looks for the kernel's types by
/// name in the loaded assemblies.
/// </summary>
/// <remarks>
/// The kernel's own <c>display(x)</c> returns a displayed value whose id differs from the id of the
/// output it showed, so its <c>Update</c> rewrites an output that does not exist and a progress bar
/// stays at 0 %. Displaying through the current invocation context
/// (<c>KernelInvocationContextExtensions.Display(KernelInvocationContext.Current, x)</c>) returns a
/// value with the matching id; that path is used whenever the kernel has it.
/// </remarks>
public static class KernelDisplay
{
    /// <summary>The full name of the kernel type whose static <c>display</c> is the fallback.</summary>
    public const string KernelTypeName = "Microsoft.DotNet.Interactive.Kernel";

    const string ContextTypeName = "Microsoft.DotNet.Interactive.KernelInvocationContext";
    const string ContextExtensionsTypeName = "Microsoft.DotNet.Interactive.KernelInvocationContextExtensions";

    /// <summary>True when a notebook kernel is loaded in this process.</summary>
    public static bool IsAvailable => FindKernelDisplay() is not null || FindContextDisplay() is not null;

    /// <summary>
    /// Displays <paramref name="value"/> through the kernel and returns a function that replaces that
    /// output in place; null when no kernel is loaded (a console program, a test).
    /// </summary>
    public static Action<object>? Display(object value)
    {
        ArgumentNullException.ThrowIfNull(value);
        object? displayed;
        if (FindContextDisplay() is var (current, display) && current.GetValue(null) is { } context)
            displayed = Invoke(display, null, [context, value, Array.Empty<string>()]);
        else if (FindKernelDisplay() is { } kernelDisplay)
            displayed = Invoke(kernelDisplay, null, [value, Array.Empty<string>()]);
        else
            return null;
        var update = displayed?.GetType().GetMethod("Update", [typeof(object)]);
        if (update is null) return _ => { };   // a kernel whose display cannot update: show once, stay quiet
        return v => Invoke(update, displayed, [v]);
    }

    /// <summary><c>KernelInvocationContext.Current</c> and <c>KernelInvocationContextExtensions.Display(context, object, string[])</c>.</summary>
    private static (PropertyInfo Current, MethodInfo Display)? FindContextDisplay()
    {
        foreach (var assembly in KernelAssemblies())
        {
            var context = TypeOrNull(assembly, ContextTypeName);
            var extensions = TypeOrNull(assembly, ContextExtensionsTypeName);
            if (context is null || extensions is null) continue;
            var current = context.GetProperty("Current", BindingFlags.Public | BindingFlags.Static);
            var display = extensions.GetMethod("Display", BindingFlags.Public | BindingFlags.Static, [context, typeof(object), typeof(string[])]);
            if (current is not null && display is not null) return (current, display);
        }
        return null;
    }

    private static MethodInfo? FindKernelDisplay()
    {
        foreach (var assembly in KernelAssemblies())
        {
            var kernel = TypeOrNull(assembly, KernelTypeName);
            var display = kernel?.GetMethod("display", BindingFlags.Public | BindingFlags.Static, [typeof(object), typeof(string[])]);
            if (display is not null) return display;
        }
        return null;
    }

    /// <summary>Loaded assemblies, newest first (a kernel type defined in a later cell or test wins).</summary>
    private static IEnumerable<Assembly> KernelAssemblies() => AppDomain.CurrentDomain.GetAssemblies().Reverse();

    private static Type? TypeOrNull(Assembly assembly, string name)
    {
        try { return assembly.GetType(name, throwOnError: false); }
        catch (Exception e) when (e is FileLoadException or BadImageFormatException or TypeLoadException) { return null; }
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
