using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using HappyHorse.Generated;
using HappyHorse.Generated.Protocol;

namespace HappyHorse.Cli.Requests;

/// <summary>
/// A request for any catalog operation from field values (typed options, a batch line's <c>fields</c>, <c>--set</c>
/// paths): the body is assembled at the fields' JSON paths; <see cref="JsonBodyRequest"/> fills in the operation's
/// fixed and copied fields, and its validation lists every problem before anything is sent.
/// </summary>
internal sealed class RequestBuilder(OperationInfo operation)
{
    private readonly JsonObject _body = [];
    private readonly List<CliProblem> _problems = [];
    private readonly HashSet<string> _unreadable = new(StringComparer.Ordinal);

    /// <summary>Notes that what was typed for <paramref name="field"/> could not be read, and why.</summary>
    public void Unreadable(FieldInfo field, IEnumerable<string> messages)
    {
        _unreadable.Add(field.Name);
        _problems.AddRange(messages.Select(m => new CliProblem(field.Name, field.Path, ProblemCodes.UnreadableValue, m)));
    }

    /// <summary>A problem found outside the fields (an unknown option).</summary>
    public void Add(CliProblem problem) => _problems.Add(problem);

    /// <summary>Sets <paramref name="field"/> to <paramref name="value"/>.</summary>
    public void Set(FieldInfo field, JsonNode? value) => SetPath(field.Path, value);

    /// <summary>Sets a value by field name or JSON path (a path the manifest does not know is sent as given).</summary>
    public void SetByName(string nameOrPath, JsonNode? value) =>
        SetPath(operation.FindField(nameOrPath)?.Path ?? operation.Fields.FirstOrDefault(f => f.Path == nameOrPath)?.Path ?? nameOrPath, value);

    /// <summary>A <c>--set path=value</c>: the value as JSON when it parses, else as text.</summary>
    public void SetAssignment(string assignment)
    {
        var equals = assignment.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0)
        {
            _problems.Add(new CliProblem(null, null, ProblemCodes.UnreadableValue, $"--set '{assignment}': expected path=value, e.g. parameters.seed=42."));
            return;
        }

        SetByName(assignment[..equals].Trim(), FieldOptions.JsonOrText(assignment[(equals + 1)..]));
    }

    /// <summary>The request, with every problem found (input and the operation's rules); empty when it may be sent.</summary>
    public (JsonBodyRequest Request, IReadOnlyList<CliProblem> Problems) Build()
    {
        var request = new JsonBodyRequest(operation, _body);
        var problems = new List<CliProblem>(_problems);

        // A field whose text could not be read has its problem listed once, not again as "required".
        problems.AddRange(request.Validate().Problems.Where(p => !_unreadable.Contains(p.Field)).Select(p =>
            new CliProblem(p.Field, operation.FindField(p.Field)?.Path, ProblemCodes.InvalidValue, p.Message) { ServiceCode = p.ErrorCode }));
        return (request, problems);
    }

    private void SetPath(string path, JsonNode? value)
    {
        ResponsePath parsed;
        try
        {
            parsed = ResponsePath.Parse(path);
        }
        catch (FormatException)
        {
            _problems.Add(new CliProblem(null, path, ProblemCodes.UnreadableValue, $"'{path}' is not a JSON path such as parameters.seed or items[0].url."));
            return;
        }

        parsed.SetIn(_body, value?.DeepClone());
    }
}
