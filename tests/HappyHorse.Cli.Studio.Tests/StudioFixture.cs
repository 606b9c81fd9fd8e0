using System;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using HappyHorse.Emulator;
using Microsoft.Playwright;

namespace HappyHorse.Cli.Studio.Tests;

/// <summary>
/// <c>happyhorse studio --emulator --port 0</c> run in process (restartable on the same out folder), and Debian's
/// Chromium launched by its path through Playwright (no browser is ever downloaded).
/// </summary>
public sealed class StudioFixture : IAsyncLifetime
{
    /// <summary>The embedded emulator's key: it must never reach the page.</summary>
    public const string ApiKey = "studio-test-key-7f3a";

    private CancellationTokenSource _stop = new();
    private Task<ExitCode>? _run;

    public string OutDirectory { get; } = Path.Combine(Path.GetTempPath(), "hh-studio-" + Guid.NewGuid().ToString("N")[..8]);

    public static string Screenshots { get; } = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../TestResults/screenshots"));

    public Uri Address { get; private set; } = null!;

    public IPlaywright Playwright { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        Directory.CreateDirectory(Screenshots);
        await StartStudioAsync();
        Playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Browser = await Playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    /// <summary>Starts the studio on the fixture's out folder and waits for the address it prints.</summary>
    public async Task StartStudioAsync()
    {
        _stop = new CancellationTokenSource();
        var output = new LineWriter("HappyHorse studio at ");
        var environment = new CliEnvironment
        {
            Out = output,
            Error = TextWriter.Null,
            EmulatorOptions = () => new EmulatorOptions { ApiKey = ApiKey, QueueDuration = TimeSpan.FromMilliseconds(500), RunDuration = TimeSpan.FromMilliseconds(1500) },
        };
        _run = HappyHorseCli.RunAsync(["studio", "--emulator", "--port", "0", "--out", OutDirectory, "--poll-interval", "0.2"], environment, _stop.Token);
        var line = await output.Found.WaitAsync(TimeSpan.FromSeconds(30));
        var start = line.IndexOf("http://", StringComparison.Ordinal);
        Address = new Uri(line[start..line.IndexOf(' ', start)]);
    }

    /// <summary>Stops the studio as Ctrl+C does.</summary>
    public async Task StopStudioAsync()
    {
        await _stop.CancelAsync();
        (await _run!.WaitAsync(TimeSpan.FromSeconds(30))).ShouldBe(ExitCode.Success);
    }

    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        context.SetDefaultTimeout(15_000);
        return await context.NewPageAsync();
    }

    public static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, name + ".png"), FullPage = true });

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        Playwright.Dispose();
        await StopStudioAsync();
        try
        {
            Directory.Delete(OutDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>Collects what the command writes and completes <see cref="Found"/> with the first line holding a marker.</summary>
    private sealed class LineWriter(string marker) : TextWriter
    {
        private readonly StringBuilder _line = new();
        private readonly TaskCompletionSource<string> _found = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<string> Found => _found.Task;

        public override Encoding Encoding => Encoding.UTF8;

        public override void Write(char value)
        {
            lock (_line)
            {
                if (value != '\n')
                {
                    _line.Append(value);
                    return;
                }

                var line = _line.ToString();
                _line.Clear();
                if (line.Contains(marker, StringComparison.Ordinal)) _found.TrySetResult(line);
            }
        }
    }
}
