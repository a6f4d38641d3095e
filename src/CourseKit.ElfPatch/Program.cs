using CourseKit.ElfPatch;

// Usage: CourseKit.ElfPatch <library.so> <VERSION> <provider soname>
// Marks <library.so>'s requirement for <VERSION> weak when this machine's <provider> lacks that version
// (the TorchSharp build: libLibTorchSharp.so, GLIBCXX_3.4.32, libstdc++.so.6). Exit 0 on success or nothing to do.
// Usage: CourseKit.ElfPatch raise-framework-references <source.dll> <target.dll> <major>
// Writes a copy of a managed assembly whose System.* references are raised to <major>.0.0.0 (AssemblyRefs.cs says why).
if (args is ["raise-framework-references", var source, var target, var majorText])
{
    try
    {
        if (!ushort.TryParse(majorText, out ushort major)) { Console.Error.WriteLine($"error: '{majorText}' is not a major version number."); return 2; }
        if (!File.Exists(source)) { Console.Error.WriteLine($"error: {source} does not exist; build the project that copies it first."); return 1; }
        var raised = AssemblyRefs.RaiseFrameworkReferences(source, target, major);
        Console.WriteLine(raised.Count == 0
            ? $"{Path.GetFileName(source)}: no framework reference below {major}.0; copied as it is to {target}."
            : $"{Path.GetFileName(source)}: raised {raised.Count} framework references to {major}.0.0.0 in {target}.");
        return 0;
    }
    catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException or BadImageFormatException)
    {
        Console.Error.WriteLine($"error: {e.Message}");
        return 1;
    }
}
if (args.Length != 3)
{
    Console.Error.WriteLine("usage: CourseKit.ElfPatch <library.so> <VERSION> <provider soname>, e.g. libLibTorchSharp.so GLIBCXX_3.4.32 libstdc++.so.6");
    return 2;
}
var (library, version, provider) = (args[0], args[1], args[2]);
try
{
    if (!File.Exists(library)) { Console.Error.WriteLine($"error: {library} does not exist; build the project that copies it first."); return 1; }
    var providerPath = SystemLibrary.LoadedPath(provider);
    if (providerPath is null)
    {
        Console.WriteLine($"{provider} is not loaded on this system; {Path.GetFileName(library)} left as shipped.");
        return 0;
    }
    if (SystemLibrary.Defines(providerPath, version))
    {
        Console.WriteLine($"{providerPath} has {version}; {Path.GetFileName(library)} left as shipped.");
        return 0;
    }
    var outcome = WeakVersion.Apply(library, version);
    Console.WriteLine(outcome == WeakenOutcome.Patched
        ? $"{providerPath} lacks {version}: marked that requirement of {library} weak."
        : $"{library}: the {version} requirement is already weak.");
    return 0;
}
catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
{
    Console.Error.WriteLine($"error: {e.Message}");
    return 1;
}
