using System;
using System.Collections.Generic;
using System.Drawing;
using System.IO;
using HappyHorse.Emulator;
using HappyHorse.Generated;
using HappyHorse.Generated.Models;
using HappyHorse.Generated.Protocol;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

// Two services side by side, each with its own key, as two named clients; images through Microsoft.Extensions.AI's
// IImageGenerator, the interface Semantic Kernel and Microsoft.Extensions.AI apps call image models with.
//   dotnet run --project samples/AiImages -- "A paper boat on a pond"
var prompt = args.Length > 0 ? string.Join(' ', args) : "A paper boat on a pond at dawn";
var quick = new EmulatorOptions { QueueDuration = TimeSpan.FromMilliseconds(200), RunDuration = TimeSpan.FromMilliseconds(500) };
await using var gateway = await HappyHorseEmulator.StartAsync(new EmulatorOptions { ApiKey = "gateway-key", QueueDuration = quick.QueueDuration, RunDuration = quick.RunDuration });
await using var backup = await HappyHorseEmulator.StartAsync(new EmulatorOptions { ApiKey = "backup-key", QueueDuration = quick.QueueDuration, RunDuration = quick.RunDuration });

// In an app these come from appsettings.json or the environment (HappyHorse__Clients__gateway__ApiKey).
var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
{
    ["HappyHorse:Clients:gateway:BaseUrl"] = gateway.BaseAddress.ToString(),
    ["HappyHorse:Clients:gateway:ApiKey"] = gateway.Options.ApiKey,
    ["HappyHorse:Clients:backup:BaseUrl"] = backup.BaseAddress.ToString(),
    ["HappyHorse:Clients:backup:ApiKey"] = backup.Options.ApiKey,
}).Build();

var services = new ServiceCollection();
services.AddSingleton<IConfiguration>(configuration);
var localPace = new PollSchedule(TimeSpan.FromMilliseconds(250), TimeSpan.Zero, TimeSpan.FromMilliseconds(250), TimeSpan.FromMinutes(1)); // a local service needs no patience
services.AddHappyHorse("gateway", o => o.PollSchedule = localPace);
services.AddHappyHorse("backup", o => o.PollSchedule = localPace);
await using var provider = services.BuildServiceProvider();

try
{
    // Two images by URL from the first service.
    var images = provider.GetRequiredKeyedService<HappyHorseClient>("gateway").AsIImageGenerator("gpt-image-2");
    var response = await images.GenerateImagesAsync(prompt, new ImageGenerationOptions { Count = 2, ImageSize = new Size(1024, 1024), MediaType = "image/png" });
    foreach (var image in response.Contents) Console.WriteLine($"gateway: {((UriContent)image).Uri}");

    // An edit of the first one, returned as bytes, from the second service.
    var edits = provider.GetRequiredKeyedService<HappyHorseClient>("backup").AsIImageGenerator("gpt-image-2");
    var edited = await edits.EditImagesAsync(
        [response.Contents[0]],
        "The same boat, in watercolor",
        new ImageGenerationOptions { ResponseFormat = ImageGenerationResponseFormat.Data });
    var file = (DataContent)edited.Contents[0];
    var path = Path.Combine(Path.GetTempPath(), "happyhorse-boat." + file.MediaType.Split('/')[1]);
    await File.WriteAllBytesAsync(path, file.Data.ToArray());
    Console.WriteLine($"backup: {file.MediaType}, {file.Data.Length} bytes saved to {path}");

    // Bad input is refused before anything is sent, every problem at once.
    await images.GenerateImagesAsync(prompt, new ImageGenerationOptions { MediaType = "image/gif", ResponseFormat = ImageGenerationResponseFormat.Hosted });
}
catch (HappyHorseValidationException e)
{
    Console.WriteLine(e.Message);
}

return 0;
