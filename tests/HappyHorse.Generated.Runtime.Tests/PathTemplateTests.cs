using HappyHorse.Generated.Protocol;

namespace HappyHorse.Generated.Runtime.Tests;

/// <summary>Placeholders fill a profile's paths without ever changing which path is called.</summary>
public class PathTemplateTests
{
    [Fact]
    public void A_model_id_keeps_its_slashes_and_each_segment_is_escaped()
    {
        PathTemplates.Expand("/{model}/requests/{task_id}/status", name => name == "model" ? ("acme/video model", true) : ("abc", false))
            .ShouldBe("/acme/video%20model/requests/abc/status");
    }

    [Theory]
    [InlineData("..")]
    [InlineData(".")]
    [InlineData("")]
    public void A_one_segment_value_that_would_change_the_path_is_refused(string value)
    {
        Should.Throw<HappyHorseNotSentException>(() => PathTemplates.Expand("/v1/{a}/run", _ => (value, false))).Message.ShouldContain("would change the path");
    }

    [Fact]
    public void A_slash_in_a_one_segment_value_is_escaped_not_followed()
    {
        // Escaped, "a/b" stays inside its segment; only ".", ".." and "" are refused outright.
        PathTemplates.Expand("/v1/{a}/run", _ => ("a/b", false)).ShouldBe("/v1/a%2Fb/run");
    }

    [Theory]
    [InlineData("models/veo/operations/../x")]
    [InlineData("models//x")]
    [InlineData("models\\x")]
    public void A_path_value_with_an_empty_dot_or_backslash_segment_is_refused(string value)
    {
        Should.Throw<HappyHorseNotSentException>(() => PathTemplates.Expand("/v1beta/{task_id}", _ => (value, true)));
    }

    [Fact]
    public void A_value_in_the_query_is_escaped_whole()
    {
        PathTemplates.Expand("/status?id={task_id}", _ => ("../a b", false)).ShouldBe("/status?id=..%2Fa%20b");
    }
}
