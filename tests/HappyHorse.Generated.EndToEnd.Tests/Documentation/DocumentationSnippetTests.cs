using System;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using HappyHorse.Emulator;
using HappyHorse.Generated.EndToEnd.Tests.Support;
using Microsoft.CodeAnalysis;
using Microsoft.Extensions.Time.Testing;

namespace HappyHorse.Generated.EndToEnd.Tests.Documentation;

/// <summary>
/// The documentation cannot rot: every C# block of README.md and the package's PACKAGE.md compiles as written (a new
/// block is picked up by the next run), and the blocks run, in order, against an in-process emulator.
/// </summary>
public class DocumentationSnippetTests
{
    public static TheoryData<string, int> Snippets()
    {
        var data = new TheoryData<string, int>();
        foreach (var document in DocumentedSnippets.Documents)
        {
            for (var i = 0; i < DocumentedSnippets.Of(document).Count; i++) data.Add(document, i);
        }

        return data;
    }

    public static TheoryData<string> Documents() => new(DocumentedSnippets.Documents);

    [Fact]
    public void The_documents_show_csharp_and_the_readme_checks_whether_a_task_can_be_cancelled()
    {
        DocumentedSnippets.Of("README.md").Count.ShouldBeGreaterThanOrEqualTo(2);
        DocumentedSnippets.Of("manifests/PACKAGE.md").ShouldNotBeEmpty();
        // CancelAsync on a dialect without a cancel call ends in HappyHorseNotSentException: the README asks first.
        var cancels = DocumentedSnippets.Of("README.md").SelectMany(s => s.Code.Split('\n')).Where(line => line.Contains("CancelAsync(", StringComparison.Ordinal)).ToList();
        cancels.ShouldNotBeEmpty();
        cancels.ShouldAllBe(line => line.Contains(".CanCancel)", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Snippets))]
    public void Every_csharp_block_compiles_after_the_blocks_above_it(string document, int index)
    {
        var snippets = DocumentedSnippets.Of(document).Take(index + 1).ToList();

        var (_, problems) = DocumentedSnippets.Compile(DocumentedSnippets.Program(snippets));

        problems.ShouldBeEmpty($"{snippets[^1]}:{Environment.NewLine}{string.Join(Environment.NewLine, problems.Select(Describe))}");
    }

    [Fact]
    public void A_block_that_does_not_compile_is_reported_at_its_line_in_the_document()
    {
        var broken = new Snippet("README.md", 40, "var task = await client.SubmitAsync(request);", CompileOnly: false);

        var (_, problems) = DocumentedSnippets.Compile(DocumentedSnippets.Program([broken]));

        problems.ShouldContain(p => p.Id == "CS0103" && p.GetMessage().Contains("'client'") && p.Location.GetMappedLineSpan().Path == "README.md" && p.Location.GetMappedLineSpan().StartLinePosition.Line == 39);
    }

    /// <summary>
    /// The blocks run as one program, each <c>new HappyHorseClient()</c> reading the emulator's address and key from
    /// the environment as documented; the client and the emulator share a fake clock moved forward while it runs, so
    /// polls and task durations pass in virtual time.
    /// </summary>
    [Theory]
    [MemberData(nameof(Documents))]
    public async Task The_blocks_run_against_the_emulator(string document)
    {
        var runnable = DocumentedSnippets.Of(document).TakeWhile(s => !s.CompileOnly).ToList();
        runnable.ShouldNotBeEmpty();
        var (compilation, problems) = DocumentedSnippets.Compile(DocumentedSnippets.Program(runnable, clock: "documentationClock"));
        problems.ShouldBeEmpty(string.Join(Environment.NewLine, problems.Select(Describe)));
        var run = DocumentedSnippets.Load(compilation);

        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));
        var options = TestSupport.QuickOptions();
        options.TimeProvider = clock;
        await using var emulator = await HappyHorseEmulator.StartAsync(options);
        var filesBefore = Directory.GetFiles(Environment.CurrentDirectory).ToHashSet();
        using var stopClock = new CancellationTokenSource();
        var moving = MoveClockAsync(clock, stopClock.Token);
        try
        {
            using (EnvironmentVariable(HappyHorseClientOptions.ApiKeyVariable, TestSupport.ApiKey))
            using (EnvironmentVariable(HappyHorseClientOptions.BaseUrlVariable, emulator.BaseAddress.AbsoluteUri))
            {
                await run(clock).WaitAsync(TimeSpan.FromMinutes(2));
            }
        }
        finally
        {
            await stopClock.CancelAsync();
            await moving;
            // A block may save a result file next to the program (README: "eagle.mp4").
            foreach (var file in Directory.GetFiles(Environment.CurrentDirectory).Where(f => !filesBefore.Contains(f))) File.Delete(file);
        }

        emulator.Requests.ShouldContain(r => r.Method == "POST" && r.Authorized);
        emulator.TasksCreated.ShouldBeGreaterThan(0);
    }

    private static string Describe(Diagnostic diagnostic)
    {
        var place = diagnostic.Location.GetMappedLineSpan();
        return $"{place.Path}({place.StartLinePosition.Line + 1},{place.StartLinePosition.Character + 1}): {diagnostic.Severity} {diagnostic.Id}: {diagnostic.GetMessage()}";
    }

    /// <summary>10 ms of virtual time per ~2 ms of real time: a 30 s request timeout still lasts seconds of real time.</summary>
    private static async Task MoveClockAsync(FakeTimeProvider clock, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            await Task.Delay(2, CancellationToken.None);
            clock.Advance(TimeSpan.FromMilliseconds(10));
        }
    }

    /// <summary>Sets a variable of this process until disposed (no other test here reads the HAPPYHORSE_* variables).</summary>
    private static IDisposable EnvironmentVariable(string name, string value)
    {
        var before = Environment.GetEnvironmentVariable(name);
        Environment.SetEnvironmentVariable(name, value);
        return new Restore(() => Environment.SetEnvironmentVariable(name, before));
    }

    private sealed class Restore(Action restore) : IDisposable
    {
        public void Dispose() => restore();
    }
}
