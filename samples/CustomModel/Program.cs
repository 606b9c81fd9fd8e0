using Acme.Studio;
using HappyHorse.Generated;
using HappyHorse.Generated.Protocol;

// A consumer's own model, generated from models/acme-clip.json by the package's generator.
var prompt = args.Length > 0 ? string.Join(' ', args) : "A paper boat drifting down a rain gutter";
var options = HappyHorseClientOptions.FromEnvironment();
if (options.BaseUrl is { IsLoopback: true })
{
    // A local emulator answers at once; the real service's 8 s first poll would only slow the demo.
    options.PollSchedule = new PollSchedule(TimeSpan.FromMilliseconds(200), TimeSpan.Zero, TimeSpan.FromMilliseconds(200), TimeSpan.FromMinutes(1));
}

var request = AcmeClip.TextToVideo(prompt).WithDuration(4).WithStyle(AcmeClip.Style.Cinematic);
using var client = new HappyHorseClient(options);
try
{
    var result = await client.GenerateAsync(request);
    Console.WriteLine($"Result: {result.Url}");
    return 0;
}
catch (HappyHorseException e)
{
    Console.Error.WriteLine(e.Message);
    return 1;
}
