using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Text.Json;

namespace HappyHorse.Generated;

/// <summary>
/// The base of every generated request: it checks and writes the request from its fields, which the generated class
/// names once, in body order (<see cref="VisitFields"/>), and from its operation's metadata.
/// </summary>
public abstract class GenerationRequest : IGenerationRequest
{
    /// <summary>For generated request classes.</summary>
    /// <param name="operation">The model operation the request is for.</param>
    protected GenerationRequest(OperationInfo operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        Operation = operation;
    }

    /// <inheritdoc/>
    public OperationInfo Operation { get; }

    /// <summary>Checks every rule the manifest gives this operation and returns every problem found.</summary>
    public ValidationResult Validate()
    {
        var operation = Operation;
        var visitor = FieldVisitor.ForValidation(operation.Fields);
        VisitFields(ref visitor);
        var validator = visitor.Validator;
        CheckRules(ref validator);
        return validator.ToResult(operation);
    }

    /// <summary>Writes the request body: the model id, then every field that is set, at its JSON path.</summary>
    /// <param name="writer">Where the body goes.</param>
    public void WriteJsonBody(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var operation = Operation;
        writer.WriteStartObject();
        if (operation.ModelFieldName is { } modelField) writer.WriteString(modelField, operation.ModelId);
        var visitor = FieldVisitor.ForJson(writer, operation.Fields);
        VisitFields(ref visitor);
        visitor.Finish();
        writer.WriteEndObject();
    }

    /// <summary>Adds the request's form parts, model id first; numbers and booleans as invariant text.</summary>
    /// <param name="fields">Where the parts go.</param>
    protected void WriteForm(ICollection<KeyValuePair<string, string>> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var operation = Operation;
        if (operation.Profile.Submit.ModelField is { } modelField) fields.Add(new(modelField, operation.ModelId));
        var visitor = FieldVisitor.ForForm(fields, operation.Fields);
        VisitFields(ref visitor);
    }

    /// <summary>Names every field with its value, in body order, each by its position in <see cref="OperationInfo.Fields"/>.</summary>
    /// <param name="visitor">What is done with each field.</param>
    [EditorBrowsable(EditorBrowsableState.Never)]
    protected abstract void VisitFields(ref FieldVisitor visitor);

    /// <summary>Checks the operation's rules over several fields (<see cref="OperationInfo.Rules"/>); none by default.</summary>
    /// <param name="validator">Where problems go.</param>
    [EditorBrowsable(EditorBrowsableState.Never)]
    protected virtual void CheckRules(ref RequestValidator validator)
    {
    }
}
