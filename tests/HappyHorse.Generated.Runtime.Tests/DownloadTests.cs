using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading.Tasks;
using HappyHorse.Generated.Models;

namespace HappyHorse.Generated.Runtime.Tests;

/// <summary>Result downloads: idempotent, so retried and resumed; checked whole; never from where they must not come.</summary>
public sealed class DownloadTests : IDisposable
{
    private static readonly byte[] File = Enumerable.Range(0, 200_000).Select(i => (byte)(i * 7)).ToArray();
    private static readonly Uri Url = new("https://cdn.test/files/v.mp4?sig=secret");
    private readonly string _folder = Directory.CreateTempSubdirectory("hh-download-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task A_dropped_connection_is_resumed_with_Range_and_the_file_is_whole()
    {
        using var fixture = new Fixture((request, i) => i == 0
            ? ScriptedHandler.Streamed(HttpStatusCode.OK, new FaultyBody(File, 70_000, FaultyBody.Failure.Drop), File.Length)
            : Partial(request));
        using var destination = new MemoryStream();

        var written = await fixture.Time.RunAsync(fixture.Client.DownloadAsync(Url, destination));

        written.ShouldBe(File.Length);
        destination.ToArray().ShouldBe(File);
        fixture.Handler.Requests.Select(r => r.Range).ShouldBe([null, "bytes=70000-"]);
        fixture.Handler.Requests.ShouldAllBe(r => r.Authorization == null); // results are fetched without the key
    }

    [Fact]
    public async Task A_server_that_ignores_Range_sends_it_all_again_and_the_repeated_start_is_skipped()
    {
        using var fixture = new Fixture((_, i) => i == 0
            ? ScriptedHandler.Streamed(HttpStatusCode.OK, new FaultyBody(File, 50_000, FaultyBody.Failure.Drop), File.Length)
            : ScriptedHandler.Streamed(HttpStatusCode.OK, new MemoryStream(File), File.Length));
        using var destination = new MemoryStream();

        await fixture.Time.RunAsync(fixture.Client.DownloadAsync(Url, destination));

        destination.ToArray().ShouldBe(File);
    }

    [Fact]
    public async Task A_body_shorter_than_its_Content_Length_is_fetched_again()
    {
        using var fixture = new Fixture((request, i) => i == 0
            ? ScriptedHandler.Streamed(HttpStatusCode.OK, new MemoryStream(File[..1000]), File.Length)
            : Partial(request));
        using var destination = new MemoryStream();

        await fixture.Time.RunAsync(fixture.Client.DownloadAsync(Url, destination));

        destination.ToArray().ShouldBe(File);
    }

    [Fact]
    public async Task Transient_answers_are_retried_with_Retry_After()
    {
        using var fixture = new Fixture((_, i) =>
        {
            if (i == 1) return ScriptedHandler.Streamed(HttpStatusCode.OK, new MemoryStream(File), File.Length);
            var limited = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
            limited.Headers.TryAddWithoutValidation("Retry-After", "9");
            return limited;
        });
        using var destination = new MemoryStream();

        await fixture.Time.RunAsync(fixture.Client.DownloadAsync(Url, destination));

        (fixture.SentAt()[1] - fixture.SentAt()[0]).ShouldBe(9, 0.001);
    }

    [Fact]
    public async Task A_stalled_body_times_out_and_is_resumed()
    {
        using var fixture = new Fixture(
            (request, i) => i == 0 ? ScriptedHandler.Streamed(HttpStatusCode.OK, new FaultyBody(File, 90_000, FaultyBody.Failure.Stall), File.Length) : Partial(request),
            o => o.RequestTimeout = TimeSpan.FromSeconds(20));
        using var destination = new MemoryStream();

        await fixture.Time.RunAsync(fixture.Client.DownloadAsync(Url, destination));

        destination.ToArray().ShouldBe(File);
        fixture.Handler.Requests[1].Range.ShouldBe("bytes=90000-");
    }

    [Fact]
    public async Task A_file_sent_one_byte_a_second_is_cut_at_the_download_timeout()
    {
        Fixture? owner = null;
        using var fixture = new Fixture(
            (_, _) => ScriptedHandler.Streamed(HttpStatusCode.OK, new FaultyBody(File, 0, FaultyBody.Failure.Trickle, owner!.Time, TimeSpan.FromSeconds(1)), File.Length),
            o => o.DownloadTimeout = TimeSpan.FromMinutes(2));
        owner = fixture;

        var error = await Should.ThrowAsync<HappyHorseDownloadException>(fixture.Time.RunAsync(fixture.Client.DownloadAsync(Url, new MemoryStream())));

        error.InnerException.ShouldBeOfType<HappyHorseTimeoutException>();
        error.BytesWritten.ShouldBeInRange(100, 120);
        fixture.Time.Elapsed(fixture.Started).ShouldBe(TimeSpan.FromMinutes(2));
    }

    [Fact]
    public async Task A_missing_file_is_a_download_error_at_once_and_no_partial_file_is_left()
    {
        using var fixture = new Fixture((_, _) => new HttpResponseMessage(HttpStatusCode.NotFound));
        var task = new GenerationTask(HappyHorseVideo.TextToVideoRequest.Info, "n92task", Fixture.Service);
        var path = Path.Combine(_folder, "v.mp4");

        var error = await Should.ThrowAsync<HappyHorseDownloadException>(fixture.Time.RunAsync(fixture.Client.DownloadToFileAsync(new GenerationResult(task, [Url], []), path)));

        error.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        error.Task.ShouldBe(task);
        error.Message.ShouldNotContain("secret"); // a signed query string stays out of messages
        fixture.Handler.Requests.Count.ShouldBe(1);
        Directory.GetFiles(_folder).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_download_that_keeps_failing_leaves_no_file_under_any_name()
    {
        using var fixture = new Fixture((_, _) => ScriptedHandler.Streamed(HttpStatusCode.OK, new FaultyBody(File, 10_000, FaultyBody.Failure.Drop), File.Length), o => o.Retry.MaxRetries = 1);
        var task = new GenerationTask(HappyHorseVideo.TextToVideoRequest.Info, "n92task", Fixture.Service);
        var path = Path.Combine(_folder, "v.mp4");
        await System.IO.File.WriteAllTextAsync(path, "an older file");

        var error = await Should.ThrowAsync<HappyHorseDownloadException>(fixture.Time.RunAsync(fixture.Client.DownloadToFileAsync(new GenerationResult(task, [Url], []), path)));

        error.InnerException.ShouldBeOfType<HappyHorseConnectionException>();
        (await System.IO.File.ReadAllTextAsync(path)).ShouldBe("an older file");
        Directory.GetFiles(_folder).ShouldBe([path]);
    }

    [Fact]
    public async Task A_destination_that_cannot_be_written_is_a_download_error_carrying_the_task()
    {
        using var fixture = new Fixture((_, _) => ScriptedHandler.Streamed(HttpStatusCode.OK, new MemoryStream(File), File.Length));
        var task = new GenerationTask(HappyHorseVideo.TextToVideoRequest.Info, "n92task", Fixture.Service);

        var error = await Should.ThrowAsync<HappyHorseDownloadException>(
            fixture.Time.RunAsync(fixture.Client.DownloadToFileAsync(new GenerationResult(task, [Url], []), Path.Combine(_folder, "missing", "v.mp4"))));

        error.InnerException.ShouldBeAssignableTo<IOException>();
        error.Task.ShouldBe(task);
    }

    [Fact]
    public async Task A_whole_download_replaces_the_file_at_the_end()
    {
        using var fixture = new Fixture((_, _) => ScriptedHandler.Streamed(HttpStatusCode.OK, new MemoryStream(File), File.Length));
        var task = new GenerationTask(HappyHorseVideo.TextToVideoRequest.Info, "n92task", Fixture.Service);
        var path = Path.Combine(_folder, "v.mp4");

        (await fixture.Time.RunAsync(fixture.Client.DownloadToFileAsync(new GenerationResult(task, [Url], []), path))).ShouldBe(File.Length);

        (await System.IO.File.ReadAllBytesAsync(path)).ShouldBe(File);
        Directory.GetFiles(_folder).ShouldBe([path]);
    }

    [Theory]
    [InlineData("file:///etc/passwd")]
    [InlineData("ftp://cdn.test/v.mp4")]
    [InlineData("http://169.254.169.254/latest/meta-data/")]
    [InlineData("http://[fe80::1]/v.mp4")]
    [InlineData("http://[::ffff:169.254.169.254]/v.mp4")]
    [InlineData("http://100.100.100.200/latest/meta-data/")]
    [InlineData("http://metadata.google.internal/computeMetadata/v1/")]
    public async Task Non_http_and_metadata_addresses_are_refused_before_any_request(string url)
    {
        using var fixture = new Fixture((_, _) => new HttpResponseMessage(HttpStatusCode.OK));

        await Should.ThrowAsync<HappyHorseDownloadException>(fixture.Client.DownloadAsync(new Uri(url), new MemoryStream()));

        fixture.Handler.Requests.ShouldBeEmpty();
    }

    [Fact]
    public async Task Metadata_addresses_can_be_allowed()
    {
        using var fixture = new Fixture((_, _) => ScriptedHandler.Streamed(HttpStatusCode.OK, new MemoryStream(File), File.Length), o => o.AllowLinkLocalDownloads = true);

        (await fixture.Time.RunAsync(fixture.Client.DownloadAsync(new Uri("http://169.254.10.10/v.mp4"), new MemoryStream()))).ShouldBe(File.Length);
    }

    [Theory]
    [InlineData("https://10.1.2.3/v.mp4")]
    [InlineData("https://172.20.0.9/v.mp4")]
    [InlineData("https://192.168.1.20/v.mp4")]
    [InlineData("https://[fd12::5]/v.mp4")]
    [InlineData("http://127.0.0.1:8080/v.mp4")]
    [InlineData("http://[::1]/v.mp4")]
    [InlineData("http://localhost/v.mp4")]
    public async Task Private_network_and_loopback_files_are_refused_once_before_any_request_when_the_service_is_elsewhere(string url)
    {
        using var fixture = new Fixture((_, _) => ScriptedHandler.Streamed(HttpStatusCode.OK, new MemoryStream(File), File.Length));
        var result = new GenerationResult(new GenerationTask(HappyHorseVideo.TextToVideoRequest.Info, "n92task", Fixture.Service), [new Uri(url)], []);

        var plain = await Should.ThrowAsync<HappyHorseDownloadException>(fixture.Time.RunAsync(fixture.Client.DownloadAsync(new Uri(url), new MemoryStream())));
        var ofResult = await Should.ThrowAsync<HappyHorseDownloadException>(fixture.Time.RunAsync(fixture.Client.DownloadResultAsync(result, 0, new MemoryStream())));

        plain.Message.ShouldContain("AllowPrivateNetworkDownloads");
        ofResult.Message.ShouldBe(plain.Message);
        fixture.Handler.Requests.ShouldBeEmpty();
    }

    [Fact]
    public async Task Private_network_files_are_fetched_where_the_service_lives_on_one_or_the_user_allows_it()
    {
        using var allowed = new Fixture((_, _) => ScriptedHandler.Streamed(HttpStatusCode.OK, new MemoryStream(File), File.Length), o => o.AllowPrivateNetworkDownloads = true);
        (await allowed.Time.RunAsync(allowed.Client.DownloadAsync(new Uri("https://10.1.2.3/v.mp4"), new MemoryStream()))).ShouldBe(File.Length);

        var gateway = new Uri("https://10.0.0.5/");
        using var local = new Fixture((_, _) => ScriptedHandler.Streamed(HttpStatusCode.OK, new MemoryStream(File), File.Length), o => o.BaseUrl = gateway);
        var result = new GenerationResult(new GenerationTask(HappyHorseVideo.TextToVideoRequest.Info, "n92task", gateway), [new Uri("https://10.0.0.7/files/v.mp4")], []);
        (await local.Time.RunAsync(local.Client.DownloadResultAsync(result, 0, new MemoryStream()))).ShouldBe(File.Length);
        local.Handler.Requests.Single().Uri.ShouldBe(new Uri("https://10.0.0.7/files/v.mp4"));
    }

    [Fact]
    public async Task A_declared_size_over_the_cap_is_refused_without_reading_it()
    {
        using var fixture = new Fixture((_, _) => ScriptedHandler.Streamed(HttpStatusCode.OK, new MemoryStream(File), File.Length), o => o.MaxDownloadBytes = 1000);
        using var destination = new MemoryStream();

        var error = await Should.ThrowAsync<HappyHorseDownloadException>(fixture.Time.RunAsync(fixture.Client.DownloadAsync(Url, destination)));

        error.Message.ShouldContain("larger than the download cap");
        destination.Length.ShouldBe(0);
        fixture.Handler.Requests.Count.ShouldBe(1);
    }

    private static HttpResponseMessage Partial(HttpRequestMessage request)
    {
        var from = (int)request.Headers.Range!.Ranges.Single().From!.Value;
        var response = ScriptedHandler.Streamed(HttpStatusCode.PartialContent, new MemoryStream(File[from..]), File.Length - from);
        response.Content.Headers.ContentRange = new ContentRangeHeaderValue(from, File.Length - 1, File.Length);
        return response;
    }
}
