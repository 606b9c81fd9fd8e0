using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;
using HappyHorse.Generated.Models;
using HappyHorse.Generated.Protocol;

namespace HappyHorse.Generated.Runtime.Tests;

public class SecurityTests
{
    [Fact]
    public async Task The_key_appears_in_no_log_line_exception_handle_or_ToString_of_a_full_run()
    {
        var texts = new List<string>();
        var answers = new Queue<Func<HttpResponseMessage>>(
        [
            () => Fixture.HappyHorse("IN_PROGRESS"),                                                   // submit
            () => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable),                          // status, retried
            () => Fixture.HappyHorse("SUCCESS", "https://cdn.test/v.mp4"),                             // status
            () => ScriptedHandler.Json(HttpStatusCode.Unauthorized, """{ "code": "INVALID_API_KEY", "message": "bad" }"""),
            () => new HttpResponseMessage(HttpStatusCode.BadGateway),                                   // an uncertain submit
            () => ScriptedHandler.Json(HttpStatusCode.OK, "{ not json"),                               // a status query and its 4 retries
            () => ScriptedHandler.Json(HttpStatusCode.OK, "{ not json"),
            () => ScriptedHandler.Json(HttpStatusCode.OK, "{ not json"),
            () => ScriptedHandler.Json(HttpStatusCode.OK, "{ not json"),
            () => ScriptedHandler.Json(HttpStatusCode.OK, "{ not json"),
            () => Fixture.HappyHorse("FAILED"),
        ]);
        using var fixture = new Fixture((_, _) => answers.Dequeue()(), o => o.PollSchedule = Fixture.WithoutJitter(HappyHorseProfiles.HappyHorseApp.Schedule));
        var client = fixture.Client;
        var task1 = new GenerationTask(HappyHorseVideo.TextToVideoRequest.Info, "n92task", Fixture.Service);

        var result = await fixture.Time.RunAsync(client.GenerateAsync(HappyHorseVideo.TextToVideo("p")));
        texts.Add((await Record(() => client.SubmitAsync(HappyHorseVideo.TextToVideo("p"))))!.ToString());
        texts.Add((await Record(() => client.SubmitAsync(HappyHorseVideo.TextToVideo("p"))))!.ToString());
        texts.Add((await Record(() => fixture.Time.RunAsync(client.GetStatusAsync(task1))))!.ToString());
        texts.Add((await Record(() => fixture.Time.RunAsync(client.WaitForCompletionAsync(task1))))!.ToString());
        texts.Add((await Record(() => client.SubmitAsync(HappyHorseVideo.TextToVideo(string.Empty))))!.ToString());
        texts.Add(Should.Throw<HappyHorseException>(() => new HappyHorseClient(new HappyHorseClientOptions { ApiKey = Fixture.Key, BaseUrl = new Uri("http://example.com") })).ToString());
        texts.Add(new HappyHorseWaitTimeoutException(task1, TimeSpan.FromMinutes(15)).ToString());
        texts.AddRange([client.ToString(), new HappyHorseClientOptions { ApiKey = Fixture.Key }.ToString(), task1.ToHandle().ToJson(), task1.ToString(), result.Task.ToString()]);
        texts.AddRange(fixture.Logs.Lines);

        answers.ShouldBeEmpty(); // every scripted answer was used: the run went through every path above
        fixture.Logs.Lines.Count.ShouldBeGreaterThan(5);
        texts.ShouldAllBe(text => !text.Contains(Fixture.Key));
        fixture.Handler.Requests.ShouldAllBe(r => r.Authorization == "Bearer " + Fixture.Key); // it was sent, to the service only
    }

    [Fact]
    public void The_key_is_never_sent_over_plain_http_except_to_loopback()
    {
        Should.Throw<HappyHorseException>(() => new HappyHorseClient(new HappyHorseClientOptions { ApiKey = "k", BaseUrl = new Uri("http://10.0.0.5/") }))
            .Message.ShouldBe("Refusing to send the API key to http://10.0.0.5: use https (plain http is allowed only to loopback).");
        Should.NotThrow(() => new HappyHorseClient(new HappyHorseClientOptions { ApiKey = "k", BaseUrl = new Uri("http://127.0.0.1:5080/") }).Dispose());
    }

    private static async Task<Exception?> Record(Func<Task> action)
    {
        try
        {
            await action();
            return null;
        }
        catch (Exception e)
        {
            return e;
        }
    }
}

public class RedirectTests
{
    [Fact]
    public void The_dependency_injected_client_never_follows_a_redirect_with_the_key()
    {
        var services = new Microsoft.Extensions.DependencyInjection.ServiceCollection();
        Microsoft.Extensions.DependencyInjection.HappyHorseServiceCollectionExtensions.AddHappyHorse(services, o => o.ApiKey = "k");
        using var provider = Microsoft.Extensions.DependencyInjection.ServiceCollectionContainerBuilderExtensions.BuildServiceProvider(services);
        var factory = (IHttpMessageHandlerFactory)provider.GetService(typeof(IHttpMessageHandlerFactory))!;

        HttpMessageHandler? handler = factory.CreateHandler(Microsoft.Extensions.DependencyInjection.HappyHorseServiceCollectionExtensions.HttpClientName);
        while (handler is DelegatingHandler delegating) handler = delegating.InnerHandler;

        handler.ShouldBeOfType<SocketsHttpHandler>().AllowAutoRedirect.ShouldBeFalse();
    }

    [Fact]
    public void The_submit_guard_is_the_innermost_handler_whatever_was_added_after_it()
    {
        var services = new Microsoft.Extensions.DependencyInjection.ServiceCollection();
        Microsoft.Extensions.DependencyInjection.ResilienceHttpClientBuilderExtensions.AddStandardResilienceHandler(
            Microsoft.Extensions.DependencyInjection.HappyHorseServiceCollectionExtensions.AddHappyHorse(services, o => o.ApiKey = "k"));
        using var provider = Microsoft.Extensions.DependencyInjection.ServiceCollectionContainerBuilderExtensions.BuildServiceProvider(services);
        var factory = (IHttpMessageHandlerFactory)provider.GetService(typeof(IHttpMessageHandlerFactory))!;

        var chain = new List<HttpMessageHandler>();
        for (HttpMessageHandler? handler = factory.CreateHandler(Microsoft.Extensions.DependencyInjection.HappyHorseServiceCollectionExtensions.HttpClientName); handler is not null; handler = (handler as DelegatingHandler)?.InnerHandler)
        {
            chain.Add(handler);
        }

        chain.ShouldContain(h => h.GetType().Name.Contains("Resilience"));
        chain[^2].ShouldBeOfType<HappyHorse.Generated.Http.SubmitGuardHandler>();
        chain[^1].ShouldBeOfType<SocketsHttpHandler>();
    }
}
