namespace HappyHorse.Generated;

/// <summary>One rule a request breaks.</summary>
/// <param name="Field">The manifest name of the field, e.g. <c>duration</c>.</param>
/// <param name="Message">A sentence naming the model, operation and field, what is allowed and what was given.</param>
/// <param name="ErrorCode">The code the service answers this problem with, when the manifest names one (e.g. <c>INVALID_DURATION</c>).</param>
public sealed record ValidationProblem(string Field, string Message, string? ErrorCode)
{
    /// <inheritdoc />
    public override string ToString() => Message;
}
