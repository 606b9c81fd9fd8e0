using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;
using HappyHorse.Generated.Protocol;

namespace HappyHorse.Generated.Runtime.Tests;

/// <summary>
/// The profile features of issue 21 on the client's side, each read from a profile given as the generator writes it
/// (<see cref="ProtocolProfile.Parse"/>) and answered by a scripted service in the shape the public API documents.
/// </summary>
public sealed class ProfileFeatureTests
{
    /// <summary>Gemini's long-running operations: a wrong key is a 400 whose reason is API_KEY_INVALID, a missing one a 403.</summary>
    private const string Operations = """
        {"id":"operations","submit":{"method":"POST","path":"/v1beta/models/{model}:predictLongRunning","contentType":"json"},
         "poll":{"method":"GET","path":"/v1beta/{task_id}"},"taskId":["name"],"taskIdIsPath":true,"progressScale":1,
         "status":{"ignoreCase":false,"presence":[{"path":"error","means":"failed"},{"path":"done","means":"succeeded"}],"otherwise":"running"},
         "progress":["metadata.progress"],
         "result":{"credentials":true,"urls":["response.generateVideoResponse.generatedSamples[*].video.uri"],"whenMissing":"failed"},
         "failureMessage":["error.message","response.generateVideoResponse.raiMediaFilteredReasons[0]"],
         "error":{"validationCode":"INVALID_ARGUMENT","unknownModelCode":"NOT_FOUND","code":["error.details[0].reason","error.status"],"message":["error.message"]},
         "errorCodes":[{"http":400,"code":"API_KEY_INVALID","description":"The key is not valid.","means":"auth"},
                       {"http":403,"code":"PERMISSION_DENIED","description":"No key, or not allowed.","means":"auth"},
                       {"http":400,"code":"FAILED_PRECONDITION","description":"Billing.","means":"credits","messageContains":"billing"}],
         "schedule":{"firstDelaySeconds":0,"incrementSeconds":0,"maxDelaySeconds":0,"deadlineSeconds":600}}
        """;

    /// <summary>fal's queue: a canceled request says COMPLETED with error_type client_cancelled.</summary>
    private const string Queue = """
        {"id":"queue","submit":{"method":"POST","path":"/{model}","contentType":"json"},
         "poll":{"method":"GET","path":"/{model:2}/requests/{task_id}/status"},"taskId":["request_id"],
         "status":{"ignoreCase":false,"paths":["status"],"presence":[{"path":"error_type","equals":"client_cancelled","means":"canceled"},{"path":"error","means":"failed"}],
                   "queued":["IN_QUEUE"],"running":["IN_PROGRESS"],"succeeded":["COMPLETED"],"failed":[]},
         "result":{"credentials":false,"urls":["video.url"]},"failureMessage":["error"],
         "error":{"validationCode":"invalid","unknownModelCode":"invalid","code":["detail[0].type"],"message":["detail[0].msg","detail"]},
         "schedule":{"firstDelaySeconds":0,"incrementSeconds":0,"maxDelaySeconds":0,"deadlineSeconds":600}}
        """;

    [Theory]
    [InlineData(400, """{"error":{"code":400,"message":"API key not valid. Please pass a valid API key.","status":"INVALID_ARGUMENT","details":[{"reason":"API_KEY_INVALID"}]}}""", "API_KEY_INVALID")]
    [InlineData(403, """{"error":{"code":403,"message":"Method doesn't allow unregistered callers.","status":"PERMISSION_DENIED"}}""", "PERMISSION_DENIED")]
    public async Task An_error_rule_makes_a_wrong_or_missing_key_an_authentication_failure(int status, string body, string code)
    {
        using var fixture = new Fixture((_, _) => ScriptedHandler.Json((HttpStatusCode)status, body));
        var task = Task(Operations, "models/veo-3.0-generate-001/operations/abc");

        var e = await Should.ThrowAsync<HappyHorseAuthenticationException>(() => fixture.Time.RunAsync(fixture.Client.GetStatusAsync(task)));

        e.ErrorCode.ShouldBe(code);
        e.Message.ShouldContain($"(HTTP {status})");
        e.Task.ShouldBeSameAs(task);
        fixture.Handler.Requests.Count.ShouldBe(1);
    }

    [Fact]
    public async Task An_error_rule_with_message_text_applies_only_when_the_message_holds_it()
    {
        var billing = """{"error":{"code":400,"message":"Enable billing for this project.","status":"FAILED_PRECONDITION"}}""";
        var other = """{"error":{"code":400,"message":"Region not supported.","status":"FAILED_PRECONDITION"}}""";
        using var fixture = new Fixture((_, i) => ScriptedHandler.Json(HttpStatusCode.BadRequest, i == 0 ? billing : other));
        var task = Task(Operations, "models/veo/operations/abc");

        await Should.ThrowAsync<HappyHorseInsufficientCreditsException>(() => fixture.Time.RunAsync(fixture.Client.GetStatusAsync(task)));
        var plain = await Should.ThrowAsync<HappyHorseApiException>(() => fixture.Time.RunAsync(fixture.Client.GetStatusAsync(task)));

        plain.ShouldNotBeOfType<HappyHorseInsufficientCreditsException>();
        plain.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_status_rule_on_a_value_reads_a_cancel_that_says_COMPLETED_as_canceled_and_other_errors_as_failed()
    {
        var answers = new[]
        {
            """{"status":"COMPLETED","request_id":"r1","error":"Request was cancelled","error_type":"client_cancelled"}""",
            """{"status":"COMPLETED","request_id":"r1","error":"Out of memory","error_type":"runner_failed"}""",
        };
        using var fixture = new Fixture((_, i) => ScriptedHandler.Json(HttpStatusCode.OK, answers[i]));
        var task = Task(Queue, "r1", "fal-ai/flux/dev");

        var canceled = await fixture.Time.RunAsync(fixture.Client.GetStatusAsync(task));
        var failed = await fixture.Time.RunAsync(fixture.Client.GetStatusAsync(task));

        canceled.Status.ShouldBe(GenerationStatus.Canceled);
        failed.Status.ShouldBe(GenerationStatus.Failed);
        failed.FailureMessage.ShouldBe("Out of memory");
    }

    [Fact]
    public async Task Done_without_a_result_is_a_task_failure_with_the_services_reason_at_once()
    {
        var filtered = """{"name":"models/veo/operations/abc","done":true,"response":{"generateVideoResponse":{"raiMediaFilteredCount":1,"raiMediaFilteredReasons":["The prompt could not be submitted: it may violate our policies."]}}}""";
        using var fixture = new Fixture((_, _) => ScriptedHandler.Json(HttpStatusCode.OK, filtered));
        var task = Task(Operations, "models/veo/operations/abc");

        var e = await Should.ThrowAsync<HappyHorseTaskFailedException>(() => fixture.Time.RunAsync(fixture.Client.WaitForCompletionAsync(task)));

        e.Message.ShouldContain("may violate our policies");
        fixture.Handler.Requests.Count.ShouldBe(1);
    }

    [Fact]
    public async Task Succeeded_without_a_result_undeclared_is_the_same_protocol_error_every_time_never_a_wait_timeout()
    {
        using var fixture = new Fixture((_, _) => Fixture.HappyHorse("SUCCESS"));
        var task = new GenerationTask(Models.HappyHorseVideo.TextToVideoRequest.Info, "n92task", Fixture.Service);

        var first = await Should.ThrowAsync<HappyHorseProtocolException>(() => fixture.Time.RunAsync(fixture.Client.WaitForCompletionAsync(task)));
        var second = await Should.ThrowAsync<HappyHorseProtocolException>(() => fixture.Time.RunAsync(fixture.Client.WaitForCompletionAsync(task)));

        first.Message.ShouldContain("succeeded but its response holds no result");
        second.Message.ShouldBe(first.Message);
        first.Task.ShouldBeSameAs(task);
        fixture.Handler.Requests.Count.ShouldBe(2); // one status request per wait: not retried until a deadline
    }

    [Fact]
    public async Task Progress_given_as_a_fraction_is_reported_in_percent()
    {
        using var fixture = new Fixture((_, _) => ScriptedHandler.Json(HttpStatusCode.OK, """{"name":"models/veo/operations/abc","metadata":{"progress":0.42}}"""));
        var task = Task(Operations, "models/veo/operations/abc");

        var update = await fixture.Time.RunAsync(fixture.Client.GetStatusAsync(task));

        update.Status.ShouldBe(GenerationStatus.Running);
        update.Progress!.Value.ShouldBe(42, 1e-9);
    }

    [Fact]
    public async Task A_key_sent_as_a_query_parameter_reaches_every_call_and_no_log_message_handle_or_text_the_service_echoes()
    {
        var keyed = Operations.Replace("\"taskIdIsPath\":true,", "\"taskIdIsPath\":true,\"auth\":{\"query\":\"key\"},", StringComparison.Ordinal);
        var echo = $$$"""{"error":{"code":500,"message":"Backend failed for https://api.test/v1beta/op?key={{{Fixture.Key}}}","status":"INTERNAL"}}""";
        using var fixture = new Fixture((_, i) => i == 0
            ? ScriptedHandler.Json(HttpStatusCode.OK, """{"name":"models/veo/operations/abc","metadata":{"progress":0.5}}""")
            : ScriptedHandler.Json(HttpStatusCode.InternalServerError, echo), o => o.Retry.MaxRetries = 0);
        var task = Task(keyed, "models/veo/operations/abc");

        await fixture.Time.RunAsync(fixture.Client.GetStatusAsync(task));
        var e = await Should.ThrowAsync<HappyHorseApiException>(() => fixture.Time.RunAsync(fixture.Client.GetStatusAsync(task)));

        fixture.Handler.Requests[0].Uri.Query.ShouldBe("?key=" + Uri.EscapeDataString(Fixture.Key));
        fixture.Handler.Requests[0].Authorization.ShouldBeNull();
        e.Message.ShouldNotContain(Fixture.Key);
        e.Message.ShouldContain("[redacted]");
        task.ToHandle().ToJson().ShouldNotContain(Fixture.Key);
        string.Join("\n", fixture.Logs.Lines).ShouldNotContain(Fixture.Key);
    }

    [Fact]
    public async Task A_path_part_derived_from_the_model_id_polls_an_endpoint_under_its_app_and_the_handle_keeps_the_endpoint()
    {
        using var fixture = new Fixture((_, _) => ScriptedHandler.Json(HttpStatusCode.OK, """{"status":"IN_QUEUE","request_id":"r1","queue_position":0}"""));
        var task = Task(Queue, "r1", "fal-ai/flux/dev");

        var update = await fixture.Time.RunAsync(fixture.Client.GetStatusAsync(task));

        update.Status.ShouldBe(GenerationStatus.Queued);
        fixture.Handler.Requests.Single().Uri.AbsolutePath.ShouldBe("/fal-ai/flux/requests/r1/status");
        task.ToHandle().Model.ShouldBe("fal-ai/flux/dev");
        PathTemplates.ModelValue("model:2", "fal-ai/flux").ShouldBe(("fal-ai/flux", true));
        PathTemplates.ModelValue("model:3", "fal-ai/kling-video/v2/master/text-to-video").ShouldBe(("fal-ai/kling-video/v2", true));
    }

    [Fact]
    public async Task A_synchronous_APIs_result_is_read_from_the_submit_answer_without_polling()
    {
        const string Images = """
            {"id":"images","submit":{"method":"POST","path":"/v1/images/generations","contentType":"json","modelField":"model","answerIsStatus":true},
             "poll":{"method":"GET","path":"/v1/images/{task_id}"},"taskId":["created"],
             "status":{"ignoreCase":false,"presence":[{"path":"data[0]","means":"succeeded"}],"otherwise":"running"},
             "result":{"credentials":false,"urls":["data[*].url"],"base64":["data[*].b64_json"]},
             "error":{"validationCode":"invalid_request_error","unknownModelCode":"model_not_found","code":["error.code"],"message":["error.message"]},
             "schedule":{"firstDelaySeconds":0,"incrementSeconds":0,"maxDelaySeconds":0,"deadlineSeconds":600}}
            """;
        using var fixture = new Fixture((_, _) => ScriptedHandler.Json(HttpStatusCode.OK, """{"created":1713833628,"data":[{"url":"https://cdn.test/a.png"},{"url":"https://cdn.test/b.png"}]}"""));
        var operation = new OperationInfo { ModelId = "dall-e-3", OperationId = "text-to-image", Profile = ProtocolProfile.Parse(Images) };

        var result = await fixture.Time.RunAsync(fixture.Client.GenerateAsync(new JsonBodyRequest(operation, new System.Text.Json.Nodes.JsonObject { ["prompt"] = "A cat" })));

        result.Urls.ShouldBe([new Uri("https://cdn.test/a.png"), new Uri("https://cdn.test/b.png")]);
        result.Task.TaskId.ShouldBe("1713833628");
        fixture.Handler.Requests.Single().Method.ShouldBe(HttpMethod.Post);
    }

    /// <summary>fal's queue as it documents itself: the submit answer gives the status, result and cancel URLs.</summary>
    private const string FollowingQueue = """
        {"id":"queue","submit":{"method":"POST","path":"/{model}","contentType":"json"},
         "poll":{"method":"GET","path":"/{model:2}/requests/{task_id}/status","urlFrom":["status_url"]},
         "cancel":{"method":"PUT","path":"/{model:2}/requests/{task_id}/cancel","urlFrom":["cancel_url"]},"taskId":["request_id"],
         "status":{"ignoreCase":false,"paths":["status"],"queued":["IN_QUEUE"],"running":["IN_PROGRESS"],"succeeded":["COMPLETED"],"failed":[]},
         "result":{"credentials":false,"urls":["images[*].url"],"fetch":{"method":"GET","path":"/{model:2}/requests/{task_id}","urlFrom":["response_url"]}},
         "error":{"validationCode":"invalid","unknownModelCode":"invalid","code":["detail[0].type"],"message":["detail"]},
         "schedule":{"firstDelaySeconds":0,"incrementSeconds":0,"maxDelaySeconds":0,"deadlineSeconds":600}}
        """;

    private static OperationInfo FalFlux => new() { ModelId = "fal-ai/flux/dev", OperationId = "text-to-image", Profile = ProtocolProfile.Parse(FollowingQueue) };

    [Fact]
    public async Task URLs_the_submit_answer_gives_are_followed_for_status_result_and_cancel_and_kept_in_the_handle()
    {
        // Paths unlike the profile's own, so only a followed URL reaches them.
        const string Submitted = """{"request_id":"r1","status":"IN_QUEUE","status_url":"https://api.test/q/r1/status?x=1","response_url":"https://api.test/q/r1","cancel_url":"https://api.test/q/r1/cancel"}""";
        using var fixture = new Fixture((request, _) => request.RequestUri!.AbsolutePath switch
        {
            "/fal-ai/flux/dev" => ScriptedHandler.Json(HttpStatusCode.OK, Submitted),
            "/q/r1/status" => ScriptedHandler.Json(HttpStatusCode.OK, """{"status":"COMPLETED"}"""),
            "/q/r1" => ScriptedHandler.Json(HttpStatusCode.OK, """{"images":[{"url":"https://cdn.test/a.png"}]}"""),
            "/q/r1/cancel" => ScriptedHandler.Json(HttpStatusCode.OK, """{"status":"CANCELLATION_REQUESTED"}"""),
            _ => ScriptedHandler.Json(HttpStatusCode.NotFound, """{"detail":"Not found"}"""),
        });

        var task = await fixture.Time.RunAsync(fixture.Client.SubmitAsync(new JsonBodyRequest(FalFlux, new System.Text.Json.Nodes.JsonObject { ["prompt"] = "A cat" })));
        var handle = TaskHandle.Parse(task.ToHandle().ToJson());
        var resumed = GenerationTask.FromHandle(handle, [task.Operation], fixture.Client);
        var result = await fixture.Time.RunAsync(resumed.WaitForCompletionAsync());
        await fixture.Time.RunAsync(fixture.Client.CancelAsync(resumed));

        handle.StatusUrl.ShouldBe(new Uri("https://api.test/q/r1/status?x=1"));
        (handle.ResultUrl, handle.CancelUrl).ShouldBe((new Uri("https://api.test/q/r1"), new Uri("https://api.test/q/r1/cancel")));
        result.Urls.ShouldBe([new Uri("https://cdn.test/a.png")]);
        fixture.Handler.Requests.Select(r => $"{r.Method} {r.Uri.PathAndQuery}").ShouldBe(["POST /fal-ai/flux/dev", "GET /q/r1/status?x=1", "GET /q/r1", "PUT /q/r1/cancel"]);
        fixture.Handler.Requests.ShouldAllBe(r => r.Authorization == "Bearer " + Fixture.Key);
    }

    [Theory]
    [InlineData("https://evil.test/q/r1/status")]
    [InlineData("http://api.test/q/r1/status")]
    [InlineData("https://api.test:8443/q/r1/status")]
    [InlineData("/q/r1/status")]
    public async Task A_URL_off_the_services_own_host_is_a_protocol_error_that_carries_the_task_and_is_never_sent(string statusUrl)
    {
        var submitted = $$"""{"request_id":"r1","status":"IN_QUEUE","status_url":"{{statusUrl}}"}""";
        using var fixture = new Fixture((_, _) => ScriptedHandler.Json(HttpStatusCode.OK, submitted));

        var e = await Should.ThrowAsync<HappyHorseProtocolException>(() => fixture.Time.RunAsync(fixture.Client.SubmitAsync(new JsonBodyRequest(FalFlux, new System.Text.Json.Nodes.JsonObject { ["prompt"] = "A cat" }))));

        e.Message.ShouldContain("not on its own service (https://api.test)");
        e.Message.ShouldNotContain("/q/r1/status"); // a URL's path may hold a token: only its authority is named
        e.Task!.TaskId.ShouldBe("r1");
        e.Task.ToHandle().StatusUrl.ShouldBeNull();
        fixture.Handler.Requests.Count.ShouldBe(1);
    }

    [Fact]
    public async Task A_handle_naming_a_URL_on_another_host_is_refused_before_anything_is_sent()
    {
        using var fixture = new Fixture((_, _) => ScriptedHandler.Json(HttpStatusCode.OK, """{"status":"COMPLETED"}"""));
        var handle = new TaskHandle("queue", "fal-ai/flux/dev", "text-to-image", "r1", Fixture.Service) { StatusUrl = new Uri("https://evil.test/steal") };
        var task = GenerationTask.FromHandle(handle, [FalFlux], fixture.Client);

        var e = await Should.ThrowAsync<HappyHorseProtocolException>(() => fixture.Time.RunAsync(task.UpdateStatusAsync()));

        e.Message.ShouldContain("https://evil.test");
        e.Task.ShouldBeSameAs(task);
        fixture.Handler.Requests.ShouldBeEmpty();
    }

    private static GenerationTask Task(string profileJson, string taskId, string model = "veo-3.0-generate-001")
    {
        var operation = new OperationInfo { ModelId = model, OperationId = "text-to-video", Profile = ProtocolProfile.Parse(profileJson) };
        return new GenerationTask(operation, taskId, Fixture.Service);
    }
}
