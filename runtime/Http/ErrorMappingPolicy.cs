using System;
using System.Net;
using System.Threading.Tasks;
using HappyHorse.Generated.Diagnostics;
using HappyHorse.Generated.Protocol;

namespace HappyHorse.Generated.Http;

/// <summary>
/// Turns an answer into the call's outcome: a transient one into a retry (for a submit, only 429, which the service
/// did not take), an error into the typed exception the profile's reader makes of it, a successful one into the
/// call's value.
/// </summary>
internal sealed class ErrorMappingPolicy(AnswerReader reader, KeyScrubber scrubber) : ServicePolicy
{
    public override async ValueTask ProcessAsync(ServiceMessage message, ReadOnlyMemory<ServicePolicy> next)
    {
        if (!message.IsSubmit) HappyHorseTelemetry.StatusRequests.Add(1);
        await ProcessNextAsync(message, next).ConfigureAwait(false);
        var answer = message.Answer!;
        if (message.IsSubmit)
        {
            // Refused: provably not taken, so it may be sent again. Any other answer is the submit's to judge.
            if (answer.Status == (int)HttpStatusCode.TooManyRequests) throw new TransientAnswerException(answer.Status, answer.RetryAfter, reader.Error(message.Profile, answer));
            return;
        }

        if (answer.IsTransient) throw new TransientAnswerException(answer.Status, answer.RetryAfter, reader.Error(message.Profile, answer));
        if (!answer.Succeeded) throw reader.Error(message.Profile, answer);
        if (answer.Document is not { } document)
        {
            throw new HappyHorseProtocolException($"{message.What}: the service answered {answer.Status} with a body that is not JSON ({answer.ParseError}).", scrubber.Snippet(answer.Body));
        }

        message.Value = message.Read?.Invoke(document.RootElement);
    }
}
