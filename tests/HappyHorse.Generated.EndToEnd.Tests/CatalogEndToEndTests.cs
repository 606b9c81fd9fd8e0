using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using HappyHorse.Emulator;
using HappyHorse.Emulator.Examples;
using HappyHorse.Generated.EndToEnd.Tests.Support;
using HappyHorse.Generated.Models;
using HappyHorse.Generated.Protocol;

namespace HappyHorse.Generated.EndToEnd.Tests;

/// <summary>Every (model, operation) of the catalog: its documented example submitted, waited for, downloaded and checked.</summary>
public sealed class CatalogEndToEndTests : IAsyncLifetime
{
    private HappyHorseEmulator _emulator = null!;

    public static TheoryData<string> Operations => new(HappyHorseCatalog.Operations.Select(Key));

    public async Task InitializeAsync() => _emulator = await HappyHorseEmulator.StartAsync(TestSupport.QuickOptions());

    public async Task DisposeAsync() => await _emulator.DisposeAsync();

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task The_documented_example_is_submitted_on_the_documented_path_and_its_result_downloads_as_a_real_file(string key)
    {
        var operation = HappyHorseCatalog.Operations.Single(o => Key(o) == key);
        var body = DocumentedExamples.BodyFor(operation);
        body.ShouldNotBeNull($"the service documents give no example request for {key}");
        using var client = TestSupport.ClientFor(_emulator);
        var before = _emulator.Requests.Count;
        var updates = new List<TaskStatusUpdate>();

        var result = await client.GenerateAsync(new JsonBodyRequest(operation, body), new SynchronousProgress(updates.Add));
        var file = await TestSupport.DownloadAsync(result.Url);

        var sent = _emulator.Requests.Skip(before).Where(r => r.Path != result.Url.AbsolutePath).ToList();
        sent[0].Method.ShouldBe(operation.Profile.Submit.Method);
        sent[0].Path.ShouldBe(operation.SubmitPath);
        sent[0].Header("Content-Type")!.ShouldStartWith(operation.ContentType == RequestContentType.Multipart ? "multipart/form-data" : "application/json");
        foreach (var (name, value) in operation.Profile.Submit.Headers) sent[0].Header(name).ShouldBe(value);
        sent.Skip(1).ShouldAllBe(r => r.Method == operation.Profile.Poll.Method && r.PathAndQuery == operation.Profile.Poll.PathFor(result.Task.TaskId));
        sent.Skip(1).Count().ShouldBe(updates.Count);
        updates.Last().Status.ShouldBe(GenerationStatus.Succeeded);

        // The emulator took the body as this operation, or as one whose identifying fields are the same (a body
        // the wire cannot tell apart, e.g. kling-video reference-to-video and image-to-video).
        var task = _emulator.Tasks.Single(t => t.Id == result.Task.TaskId);
        task.Operation.ModelId.ShouldBe(operation.ModelId);
        task.Operation.IdentifiedBy.ShouldBe(operation.IdentifiedBy);

        if (ManifestResults.Of(operation) == "image") MediaTypes.Sniff(file).ShouldBe("image/png", $"{result.Url} is not a PNG");
        else MediaTypes.Sniff(file).ShouldBe("video/mp4", $"{result.Url} is not an MP4");
    }

    [Fact]
    public void Every_catalog_operation_has_exactly_one_documented_example_and_every_example_an_operation()
    {
        var operations = HappyHorseCatalog.Operations;

        operations.Count.ShouldBe(56);
        operations.Where(o => DocumentedExamples.BodyFor(o) is null).Select(Key).ShouldBeEmpty();
        DocumentedExamples.All.Count.ShouldBe(operations.Count);
        DocumentedExamples.All
            .Where(e => !operations.Any(o => o.ModelId == e.ModelId && o.OperationId == e.OperationId && o.SubmitPath == e.SubmitPath))
            .Select(e => e.Source)
            .ShouldBeEmpty();
    }

    private static string Key(OperationInfo operation) => $"{operation.Profile.Id} {operation.ModelId} {operation.OperationId}";
}
