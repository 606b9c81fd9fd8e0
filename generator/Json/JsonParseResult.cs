using System;

namespace HappyHorse.Generated.Generator.Json
{
    /// <summary>
    /// Why a document was rejected and where, so the generator can raise a diagnostic on the right line and column
    /// instead of throwing (a generator must not crash on a bad manifest).
    /// </summary>
    internal sealed class JsonSyntaxError
    {
        internal JsonSyntaxError(string message, int position)
        {
            Message = message;
            Position = position;
        }

        /// <summary>A short English sentence without a trailing period, e.g. <c>Expected ',' or '}' after a property value</c>.</summary>
        public string Message { get; }

        /// <summary>
        /// Char offset of the fault in the parsed string; equals the string's length when the input ended too early.
        /// For an unterminated string it is the opening quote, because the end of the file says nothing useful.
        /// </summary>
        public int Position { get; }

        /// <inheritdoc/>
        public override string ToString() => $"{Message} (at {Position})";
    }

    /// <summary>The outcome of <see cref="LocatedJsonReader.Parse"/>: exactly one of <see cref="Root"/> and <see cref="Error"/> is non-null.</summary>
    internal sealed class JsonParseResult
    {
        internal JsonParseResult(JsonNode root)
        {
            Root = root ?? throw new ArgumentNullException(nameof(root));
        }

        internal JsonParseResult(JsonSyntaxError error)
        {
            Error = error ?? throw new ArgumentNullException(nameof(error));
        }

        public JsonNode? Root { get; }

        public JsonSyntaxError? Error { get; }

        /// <inheritdoc/>
        public override string ToString() => Error is null ? $"Root: {Root}" : $"Error: {Error}";
    }
}
