using System;
using System.Linq;
using HappyHorse.Generated;

namespace HappyHorse.Cli;

/// <summary>How a call's outcome becomes an exit code, and the table <c>--help</c> prints.</summary>
internal static class ExitCodes
{
    /// <summary>The exit code for an exception a command let out.</summary>
    public static ExitCode For(Exception exception) => exception switch
    {
        HappyHorseValidationException or HappyHorseNotSentException => ExitCode.InvalidInput,
        HappyHorseTaskFailedException => ExitCode.TaskFailed,
        HappyHorseSubmitUncertainException => ExitCode.SubmitUncertain,
        HappyHorseException => ExitCode.ServiceError,
        OperationCanceledException => ExitCode.Canceled,
        CliInputException => ExitCode.InvalidInput,
        _ => ExitCode.InternalError,
    };

    /// <summary>The more serious of two outcomes (for a batch: what its worst job ended in).</summary>
    public static ExitCode Worst(ExitCode a, ExitCode b) => Rank(a) >= Rank(b) ? a : b;

    /// <summary>The exit-code table of <c>--help</c> and README.md.</summary>
    public static string Table => "Exit codes:" + Environment.NewLine + string.Join(Environment.NewLine, Enum.GetValues<ExitCode>().Select(code => $"  {(int)code,3}  {Describe(code)}"));

    private static int Rank(ExitCode code) => code switch
    {
        ExitCode.Success => 0,
        ExitCode.TaskFailed => 1,
        ExitCode.ServiceError => 2,
        ExitCode.InvalidInput => 3,
        ExitCode.SubmitUncertain => 4,
        ExitCode.Canceled => 5,
        _ => 6,
    };

    private static string Describe(ExitCode code) => code switch
    {
        ExitCode.Success => "success",
        ExitCode.InternalError => "internal error (a bug in the tool)",
        ExitCode.InvalidInput => "invalid input: nothing was sent",
        ExitCode.TaskFailed => "a task failed, was canceled or expired",
        ExitCode.SubmitUncertain => "a submit may have reached the service: reconcile before sending again",
        ExitCode.ServiceError => "service error (refused, unreachable, wait timed out, download failed)",
        ExitCode.Canceled => "canceled (Ctrl+C); accepted tasks go on at the service",
        _ => code.ToString(),
    };
}
