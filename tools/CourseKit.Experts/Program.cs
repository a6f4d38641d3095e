using System.Globalization;
using CourseKit.Buffers;
using CourseKit.Envs;
using CourseKit.Experts;
using CourseKit.Rl;

// Usage (from the repository root):
//   dotnet run -c Release --project tools/CourseKit.Experts -- produce            writes the expert and demonstrations into data/
//   dotnet run -c Release --project tools/CourseKit.Experts -- study [options]    cloning vs DAgger over 5 seeds, as figures
// study options: --seeds N, --demos K, --iterations N, --train-steps N, --size N, --normalise, --sampled-labels, --mean-acting, --ablation
string Root()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        if (File.Exists(Path.Combine(dir.FullName, "CourseKit.sln"))) return dir.FullName;
    throw new InvalidOperationException("Run this from inside the CourseKit repository: CourseKit.sln was not found above the program.");
}
string data = Path.Combine(Root(), "data");
int Option(string name, int fallback)
{
    int i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
}

switch (args.FirstOrDefault())
{
    case "produce":
        ExpertProducer.Run(data, "dotnet run -c Release --project tools/CourseKit.Experts -- produce");
        return 0;
    case "study":
        var defaults = new StudySettings();
        var settings = defaults with { Demos = Option("--demos", defaults.Demos), Iterations = Option("--iterations", defaults.Iterations), TrainSteps = Option("--train-steps", defaults.TrainSteps),
                                         MeanLabels = !args.Contains("--sampled-labels"), MeanActing = args.Contains("--mean-acting"),
                                         Size = Option("--size", defaults.Size), Normalise = args.Contains("--normalise") };
        var expert = LoadedGaussianPolicy.Load(Path.Combine(data, "arm_push_expert.json"), Gym.Make<float[], float[]>("ArmPush-v0"));
        var demos = DemonstrationFile.Read(Path.Combine(data, "arm_push_demos.safetensors"), "ArmPush-v0");
        StudyReport.Run(new ImitationStudy(expert, demos, settings), settings, Option("--seeds", 5), args.Contains("--ablation"));
        return 0;
    default:
        Console.Error.WriteLine("usage: CourseKit.Experts produce | study [--seeds N] [--demos K] [--iterations N] [--train-steps N] [--size N] [--normalise] [--sampled-labels] [--mean-acting] [--ablation]");
        return 2;
}
