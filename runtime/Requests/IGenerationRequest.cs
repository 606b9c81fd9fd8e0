using System.Text.Json;

namespace HappyHorse.Generated;

/// <summary>A request for one model operation, as the generated builders implement it.</summary>
public interface IGenerationRequest
{
    /// <summary>The model operation the request is for.</summary>
    OperationInfo Operation { get; }

    /// <summary>Checks every rule of the operation and returns every problem found.</summary>
    ValidationResult Validate();

    /// <summary>Writes the request body, model id included.</summary>
    void WriteJsonBody(Utf8JsonWriter writer);
}
