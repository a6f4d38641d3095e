using System.Collections;
using System.Linq.Expressions;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;
using System.Text.Json;

namespace CourseKit.Notebooks.Grading;

/// <summary>
/// The child process side of grading: loads one compiled exercise, CourseKit and the hidden
/// check assemblies, runs every check of the exercise and reports each result as soon as it is
/// known, so a later crash or time-out keeps the earlier checks' credit. It touches nothing of
/// Roslyn: the child stays small and starts fast.
/// </summary>
internal static class Worker
{
    const int MaxOutputChars = 4000;
    const int MaxRememberedExceptions = 16;

    public static int Run(string[] args)
    {
        _ = args;
        var job = JsonSerializer.Deserialize<WorkerProtocol.WireJob>(Console.In.ReadToEnd(), WorkerProtocol.Json)
                  ?? throw new InvalidOperationException("empty job");
        var protocol = new StreamWriter(Console.OpenStandardOutput()) { AutoFlush = true };
        void Send(WorkerProtocol.Message m)
        {
            lock (protocol) protocol.WriteLine(job.Nonce + " " + JsonSerializer.Serialize(m, WorkerProtocol.Json));
        }

        // The student's prints go to a buffer that is attached to each check's result; past the
        // output limit the run ends with a reason instead of filling the grader's memory.
        var capture = new CappedWriter(job.MaxOutputBytes, () =>
        {
            Send(new WorkerProtocol.Message("limit", Text: SandboxLimits.OutputLimitMessage(job.MaxOutputBytes)));
            Environment.Exit(3);
        });
        var synchronized = TextWriter.Synchronized(capture);
        Console.SetOut(synchronized);
        Console.SetError(synchronized);

        try
        {
            InstallResolver(job);
            var courseKit = AssemblyLoadContext.Default.LoadFromAssemblyName(new AssemblyName("CourseKit"));
            // From memory: in the sandbox no check or exercise file exists on any disk the code can see.
            var exercise = AssemblyLoadContext.Default.LoadFromStream(new MemoryStream(job.ExerciseAssembly));
            var checkAssemblies = new List<Assembly> { courseKit };
            checkAssemblies.AddRange(job.CheckAssemblies.Select(bytes => AssemblyLoadContext.Default.LoadFromStream(new MemoryStream(bytes))));
            object subject = Subject(exercise, job);

            var runner = courseKit.GetType("CourseKit.Checks.CheckRunner", throwOnError: true)!;
            var discover = runner.GetMethod("Discover", [typeof(string), typeof(object), typeof(IEnumerable<Assembly>)])!;
            var cases = ((IEnumerable)discover.Invoke(null, [job.ExerciseId, subject, checkAssemblies])!).Cast<object>().ToList();
            var planned = cases.Select(c => new WorkerProtocol.PlannedCheck(Get<string>(c, "Name"), Get<double>(c, "Weight"))).ToList();
            Send(new WorkerProtocol.Message("plan", Checks: planned));

            // The check runner explains an exception by its first frame, often a library's; the exception object
            // itself (its trace complete once caught) gives the student's own frames instead.
            var thrown = new Queue<Exception>();
            AppDomain.CurrentDomain.FirstChanceException += (_, e) =>
            {
                lock (thrown)
                {
                    thrown.Enqueue(e.Exception);
                    if (thrown.Count > MaxRememberedExceptions) thrown.Dequeue();
                }
            };
            for (int i = 0; i < cases.Count; i++)
            {
                capture.StartCheck();
                lock (thrown) thrown.Clear();
                var result = cases[i].GetType().GetMethod("Run")!.Invoke(cases[i], null)!;
                bool passed = Get<bool>(result, "Passed");
                string message = Get<string>(result, "Message");
                if (!passed) lock (thrown) message = StudentFrames.Rewrite(message, thrown.ToList());
                Send(new WorkerProtocol.Message("result", planned[i].Name, planned[i].Weight, passed, message, capture.CheckOutput(MaxOutputChars)));
            }
            Send(new WorkerProtocol.Message("done"));
        }
        catch (Exception e)
        {
            var inner = e is TargetInvocationException { InnerException: { } x } ? x : e;
            Send(new WorkerProtocol.Message("fatal", Text: $"{inner.GetType().Name}: {inner.Message}"));
        }
        lock (protocol) protocol.Flush();
        // Threads the student's code may have left running must not keep the process alive.
        Environment.Exit(0);
        return 0;
    }

    static object Subject(Assembly exercise, WorkerProtocol.WireJob job)
    {
        var script = exercise.GetType(CompiledExercise.ScriptClassName, throwOnError: true)!;
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly;
        if (job.SubjectKind == "Type")
            return script.GetNestedType(job.SubjectName, BindingFlags.Public | BindingFlags.NonPublic)
                   ?? throw new InvalidOperationException($"the class {job.SubjectName} was not found in the cell");

        var method = script.GetMethods(all).FirstOrDefault(m => m.Name == job.SubjectName && m.GetParameters().Length == job.ParameterCount)
                     ?? throw new InvalidOperationException($"the method {job.SubjectName} was not found in the cell");
        var signature = method.GetParameters().Select(p => p.ParameterType).Append(method.ReturnType).ToArray();
        var delegateType = Expression.GetDelegateType(signature);
        // A script's non-static methods live on the script object; an uninitialised one runs no
        // top-level statements of the cell, which the exercise must not depend on anyway.
        return method.IsStatic
            ? method.CreateDelegate(delegateType)
            : method.CreateDelegate(delegateType, RuntimeHelpers.GetUninitializedObject(script));
    }

    static void InstallResolver(WorkerProtocol.WireJob job)
    {
        string folder = Path.GetDirectoryName(Path.GetFullPath(job.CourseKitDll))!;
        AssemblyLoadContext.Default.Resolving += (context, name) =>
        {
            string candidate = Path.Combine(folder, name.Name + ".dll");
            return File.Exists(candidate) ? context.LoadFromAssemblyPath(candidate) : null;
        };
    }

    static T Get<T>(object o, string property) => (T)o.GetType().GetProperty(property)!.GetValue(o)!;
}
