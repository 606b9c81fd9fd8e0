using System;
using System.IO;
using System.Net.Http;
using System.Threading.Tasks;
using HappyHorse.Generated.Diagnostics;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace HappyHorse.Generated.Http;

/// <summary>
/// Tries a call again after a transient answer (408, 429, 5xx, honouring <c>Retry-After</c>), an unreadable answer, a
/// lost connection or a timeout, with exponential backoff and jitter. A submit goes again only when the service
/// provably did not take it: answered 429, or no connection was made.
/// </summary>
internal sealed class RetryPolicy : ServicePolicy
{
    private readonly ResiliencePipeline _submit;

    public RetryPolicy(RetryOptions retry, ILogger logger, TimeProvider time)
    {
        Safe = Build(retry, logger, time, IsRetryableSafeFailure);
        _submit = Build(retry, logger, time, IsRetryableSubmitFailure);
    }

    /// <summary>The retries of a call that is safe to repeat (status, result, cancel, download).</summary>
    public ResiliencePipeline Safe { get; }

    public override async ValueTask ProcessAsync(ServiceMessage message, ReadOnlyMemory<ServicePolicy> next)
    {
        var callerToken = message.CancellationToken;
        var context = ResilienceContextPool.Shared.Get(message.What, callerToken);
        try
        {
            await (message.IsSubmit ? _submit : Safe).ExecuteAsync(
                static async (ctx, state) =>
                {
                    state.message.StartAttempt();
                    state.message.CancellationToken = ctx.CancellationToken;
                    await ProcessNextAsync(state.message, state.next).ConfigureAwait(false);
                },
                context,
                (message, next)).ConfigureAwait(false);
        }
        finally
        {
            message.CancellationToken = callerToken;
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private static ResiliencePipeline Build(RetryOptions retry, ILogger logger, TimeProvider time, Func<Exception, bool> retryable)
    {
        if (retry.MaxRetries <= 0) return ResiliencePipeline.Empty;
        return new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = retry.MaxRetries,
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } e && !args.Context.CancellationToken.IsCancellationRequested && retryable(e)),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = retry.BaseDelay,
                MaxDelay = retry.MaxDelay,
                DelayGenerator = args => ValueTask.FromResult(args.Outcome.Exception is TransientAnswerException { RetryAfter: { } after } ? after : (TimeSpan?)null),
                OnRetry = args =>
                {
                    var outcome = args.Outcome.Exception is TransientAnswerException t ? $"HTTP {t.Status}" : args.Outcome.Exception?.GetType().Name ?? "nothing";
                    Log.Retrying(logger, args.Context.OperationKey ?? "A call", outcome, args.AttemptNumber + 1, args.RetryDelay);
                    return default;
                },
            })
            .Build();
    }

    private static bool IsRetryableSafeFailure(Exception e) => e switch
    {
        TransientAnswerException or RequestTimedOutException or IOException => true,
        HappyHorseProtocolException { Retryable: true } => true,
        HttpRequestException http => TransportFailures.Find<RefusedAddressException>(http) is null,
        _ => false,
    };

    private static bool IsRetryableSubmitFailure(Exception e) => e switch
    {
        TransientAnswerException => true,
        HttpRequestException http => TransportFailures.NothingSent(http) && TransportFailures.Find<SubmitResendBlockedException>(http) is null,
        _ => false,
    };
}
