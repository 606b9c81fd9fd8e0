using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace HappyHorse.Generated.Benchmarks;

/// <summary>
/// Runs the benchmarks pinned to one core (the targets are for one core), in process so no benchmark project is
/// generated and built. Pass BenchmarkDotNet arguments through, e.g. <c>--filter *FullRun*</c>.
/// </summary>
public static class Program
{
    public static void Main(string[] args)
    {
        var job = Job.ShortRun
            .WithAffinity(1)
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithId("ShortRun, 1 core, in process");
        var config = DefaultConfig.Instance.AddJob(job);
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
    }
}
