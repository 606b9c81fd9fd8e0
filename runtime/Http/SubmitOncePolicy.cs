using System;
using System.Net.Http;
using System.Threading.Tasks;

namespace HappyHorse.Generated.Http;

/// <summary>
/// Gives each attempt of a submit its own <see cref="SubmitAttempt"/>, which its body and <see cref="SubmitGuardHandler"/>
/// share, so no copy goes out once one may have reached the service; a connection failure after that is not a
/// failure to connect (retrying it could pay twice).
/// </summary>
internal sealed class SubmitOncePolicy(TimeProvider time) : ServicePolicy
{
    public override async ValueTask ProcessAsync(ServiceMessage message, ReadOnlyMemory<ServicePolicy> next)
    {
        if (!message.IsSubmit)
        {
            await ProcessNextAsync(message, next).ConfigureAwait(false);
            return;
        }

        // The time it waited for a free connection (MaxConnectionsPerServer) does not count once its body goes out:
        // a submit that goes out late is not cut short into an uncertain one.
        var attempt = message.Attempt = new SubmitAttempt(time, message.Timer.TryRestart);
        try
        {
            await ProcessNextAsync(message, next).ConfigureAwait(false);
        }
        catch (HttpRequestException e) when (attempt.MayHaveReached)
        {
            // A handler below re-sent a copy that then failed to connect: the first copy may have arrived.
            throw new MayHaveArrivedException(e);
        }
    }
}
