using System.Threading.Tasks;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace HappyHorse.Generated.Benchmarks;

/// <summary>
/// Runs the benchmarks pinned to one core (the targets are for one core), in process so no benchmark project is
/// generated and built. Pass BenchmarkDotNet arguments through, e.g. <c>--filter *FullRun*</c>; or
/// <c>inflight N</c> for the tasks-in-flight run (<see cref="InFlightRun"/>, docs/benchmarks.md).
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (InFlightRun.IsMode(args)) return await InFlightRun.MainAsync(args);
        var job = Job.ShortRun
            .WithAffinity(1)
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithId("ShortRun, 1 core, in process");
        var config = DefaultConfig.Instance.AddJob(job);
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
        return 0;
    }
}
