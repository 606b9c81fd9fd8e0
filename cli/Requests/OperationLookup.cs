using System;
using System.Collections.Generic;
using System.Linq;
using HappyHorse.Generated;
using HappyHorse.Generated.Models;

namespace HappyHorse.Cli.Requests;

/// <summary>Finds catalog operations by the ids a person types.</summary>
internal static class OperationLookup
{
    /// <summary>Every catalog operation.</summary>
    public static IReadOnlyList<OperationInfo> All => HappyHorseCatalog.Operations;

    /// <summary>The operations of <paramref name="modelId"/> (in <paramref name="dialect"/> when given).</summary>
    /// <exception cref="CliInputException">No such model, or it is served by two dialects and none was chosen.</exception>
    public static IReadOnlyList<OperationInfo> OfModel(string modelId, string? dialect)
    {
        var ofModel = All.Where(o => o.ModelId == modelId && (dialect is null || o.Profile.Id == dialect)).ToList();
        if (ofModel.Count == 0)
        {
            var ids = All.Select(o => o.ModelId).Distinct().ToList();
            var near = ids.Where(id => id.Contains(modelId, StringComparison.OrdinalIgnoreCase) || modelId.Contains(id, StringComparison.OrdinalIgnoreCase))
                .Concat(DidYouMean.Closest(modelId, ids)).Distinct().Take(3).ToList();
            var hint = near.Count > 0 ? $" Did you mean {string.Join(" or ", near)}?" : " 'happyhorse models' lists them all.";
            if (dialect is not null && ids.Contains(modelId)) hint = $" It is served in {string.Join(" and ", DialectsOf(modelId))}.";
            throw new CliInputException(new CliProblem(null, null, ProblemCodes.UnknownModel, $"No model '{modelId}'{(dialect is null ? "" : $" in dialect '{dialect}'")}.{hint}"));
        }

        var dialects = ofModel.Select(o => o.Profile.Id).Distinct().ToList();
        if (dialects.Count > 1) throw new CliInputException($"'{modelId}' is served in two dialects: add --dialect {string.Join(" or --dialect ", dialects)}.");
        return ofModel;
    }

    /// <summary>The operation <paramref name="operationId"/> of <paramref name="modelId"/>.</summary>
    /// <exception cref="CliInputException">No such model or operation.</exception>
    public static OperationInfo Find(string modelId, string operationId, string? dialect)
    {
        var ofModel = OfModel(modelId, dialect);
        return ofModel.FirstOrDefault(o => o.OperationId == operationId)
            ?? throw new CliInputException(new CliProblem(
                null,
                null,
                ProblemCodes.UnknownOperation,
                $"'{modelId}' has no operation '{operationId}'.{DidYouMean.Hint(operationId, ofModel.Select(o => o.OperationId))} It has {string.Join(", ", ofModel.Select(o => o.OperationId))}."));
    }

    /// <summary>The dialects <paramref name="modelId"/> is served in (two for a few models).</summary>
    public static IReadOnlyList<string> DialectsOf(string modelId) => [.. All.Where(o => o.ModelId == modelId).Select(o => o.Profile.Id).Distinct()];

    /// <summary>The operation named by a task handle.</summary>
    public static OperationInfo? ForHandle(TaskHandle handle) =>
        All.FirstOrDefault(o => o.Profile.Id == handle.Profile && o.ModelId == handle.Model && o.OperationId == handle.Operation);
}
