using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;
using HappyHorse.Generated.Models;

namespace HappyHorse.Generated.Runtime.Tests;

/// <summary>A handle or a service that tries to steer the key, the path or a download somewhere it must not go.</summary>
public class HostileServiceTests
{
    [Fact]
    public async Task A_handle_naming_another_service_is_refused_before_anything_is_sent()
    {
        using var fixture = new Fixture((_, _) => Fixture.HappyHorse("IN_PROGRESS"));
        var foreign = new GenerationTask(HappyHorseVideo.TextToVideoRequest.Info, "n92task", new Uri("https://collector.evil.test/"));

        var error = await Should.ThrowAsync<HappyHorseNotSentException>(fixture.Client.GetStatusAsync(foreign));

        error.Message.ShouldContain("collector.evil.test");
        error.Task.ShouldBe(foreign);
        fixture.Handler.Requests.ShouldBeEmpty();
    }

    [Fact]
    public async Task Another_service_is_allowed_when_the_user_says_so_but_never_over_plain_http()
    {
        using var fixture = new Fixture((_, _) => Fixture.HappyHorse("IN_PROGRESS"), o => o.AllowOtherTaskHosts = true);
        var other = new GenerationTask(HappyHorseVideo.TextToVideoRequest.Info, "n92task", new Uri("https://eu.api.test/"));
        var plain = new GenerationTask(HappyHorseVideo.TextToVideoRequest.Info, "n92task", new Uri("http://eu.api.test/"));

        (await fixture.Time.RunAsync(fixture.Client.GetStatusAsync(other))).RawStatus.ShouldBe("IN_PROGRESS");
        await Should.ThrowAsync<HappyHorseNotSentException>(fixture.Client.GetStatusAsync(plain));

        fixture.Handler.Requests.ShouldHaveSingleItem().Uri.Host.ShouldBe("eu.api.test");
    }

    [Theory]
    [InlineData("..")]
    [InlineData(".")]
    [InlineData("t1/../../v1/admin")]
    [InlineData("t1\\..")]
    public async Task A_task_id_that_would_change_a_path_segment_is_refused_before_sending(string taskId)
    {
        using var fixture = new Fixture((_, _) => Fixture.HappyHorse("RUNNING"));
        var task = new GenerationTask(HappyHorseVideoEditDashScope.VideoEditRequest.Info, taskId, Fixture.Service);

        await Should.ThrowAsync<HappyHorseNotSentException>(fixture.Client.GetStatusAsync(task));
        await Should.ThrowAsync<HappyHorseNotSentException>(fixture.Client.CancelAsync(task));

        fixture.Handler.Requests.ShouldBeEmpty();
    }

    [Fact]
    public void An_empty_task_id_is_never_safe()
    {
        HappyHorseVideoEditDashScope.VideoEditRequest.Info.Profile.Poll.IsSafeId(string.Empty).ShouldBeFalse();
        HappyHorseVideo.TextToVideoRequest.Info.Profile.Poll.IsSafeId(string.Empty).ShouldBeFalse();
    }

    [Fact]
    public async Task A_task_id_in_a_query_string_only_needs_escaping()
    {
        using var fixture = new Fixture((_, _) => Fixture.HappyHorse("IN_PROGRESS"));

        await fixture.Time.RunAsync(fixture.Client.GetStatusAsync(new GenerationTask(HappyHorseVideo.TextToVideoRequest.Info, "a/b&c", Fixture.Service)));

        fixture.Handler.Requests.ShouldHaveSingleItem().Uri.Query.ShouldBe("?task_id=a%2Fb%26c");
    }

    [Fact]
    public async Task A_key_echoed_across_the_snippet_cut_leaves_no_part_of_it()
    {
        var padding = new string('x', 190); // the key starts 10 characters before the 200-character cut
        using var fixture = new Fixture((_, _) => ScriptedHandler.Json(HttpStatusCode.OK, $"not json {padding}{Fixture.Key} tail"));

        var error = await Should.ThrowAsync<HappyHorseSubmitUncertainException>(fixture.Time.RunAsync(fixture.Client.SubmitAsync(HappyHorseVideo.TextToVideo("p"))));

        error.ResponseSnippet.ShouldNotBeNull().ShouldNotContain(Fixture.Key[..8]);
    }

    [Fact]
    public async Task The_key_echoed_back_by_the_service_never_reaches_a_message_or_a_log()
    {
        var echo = $"Invalid key {Fixture.Key} for this model";
        using var refused = new Fixture((_, _) => ScriptedHandler.Json(HttpStatusCode.BadRequest, $$"""{ "code": "INVALID_PROMPT", "message": "{{echo}}" }"""));
        using var failing = new Fixture(
            (_, i) => i == 0
                ? Fixture.Accepted()
                : ScriptedHandler.Json(HttpStatusCode.OK, $$"""{ "code": 200, "message": "success", "data": { "task_id": "n92task", "status": "FAILED", "error_message": "{{echo}}" } }"""),
            o => o.PollSchedule = Fixture.WithoutJitter(HappyHorseProfiles.HappyHorseApp.Schedule));
        using var garbled = new Fixture((_, _) => ScriptedHandler.Json(HttpStatusCode.OK, $"not json {echo}"));

        var errors = new Exception[]
        {
            await Should.ThrowAsync<HappyHorseApiException>(refused.Time.RunAsync(refused.Client.SubmitAsync(HappyHorseVideo.TextToVideo("p")))),
            await Should.ThrowAsync<HappyHorseTaskFailedException>(failing.Time.RunAsync(failing.Client.GenerateAsync(HappyHorseVideo.TextToVideo("p")))),
            await Should.ThrowAsync<HappyHorseSubmitUncertainException>(garbled.Time.RunAsync(garbled.Client.SubmitAsync(HappyHorseVideo.TextToVideo("p")))),
        };

        foreach (var error in errors)
        {
            error.ToString().ShouldNotContain(Fixture.Key, Case.Sensitive, error.ToString());
            error.ToString().ShouldContain("[redacted]");
        }

        ((HappyHorseTaskFailedException)errors[1]).FailureMessage.ShouldBe("Invalid key [redacted] for this model");
        refused.Logs.Lines.Concat(failing.Logs.Lines).Concat(garbled.Logs.Lines).ShouldAllBe(line => !line.Contains(Fixture.Key));
    }
}
