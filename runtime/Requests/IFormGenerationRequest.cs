using System.Collections.Generic;

namespace HappyHorse.Generated;

/// <summary>A request whose operation submits <c>multipart/form-data</c>: every field is a text part.</summary>
public interface IFormGenerationRequest : IGenerationRequest
{
    /// <summary>Adds the request's parts, model id included, in manifest order.</summary>
    void WriteFormFields(ICollection<KeyValuePair<string, string>> fields);
}
