using System;
using System.Collections.Generic;
using System.Linq;
using HappyHorse.Generated;
using HappyHorse.Generated.Models;

namespace HappyHorse.Cli.Requests;

/// <summary>Finds operations (the catalog's, and those of catalogs given with <c>--catalog</c>) by the ids a person types.</summary>
/// <param name="all">Every operation the tool knows.</param>
/// <param name="catalogPaths">The <c>--catalog</c> assemblies that added operations beyond the catalog's.</param>
internal sealed class OperationLookup(IReadOnlyList<OperationInfo> all, IReadOnlyList<string> catalogPaths)
{
    /// <summary>Every operation the tool knows.</summary>
    public IReadOnlyList<OperationInfo> All { get; } = all;

    /// <summary>The operations of <paramref name="modelId"/> (in <paramref name="dialect"/> when given).</summary>
    /// <exception cref="CliInputException">No such model, or it is served by two dialects and none was chosen.</exception>
    public IReadOnlyList<OperationInfo> OfModel(string modelId, string? dialect)
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
    public OperationInfo Find(string modelId, string operationId, string? dialect)
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
    public IReadOnlyList<string> DialectsOf(string modelId) => [.. All.Where(o => o.ModelId == modelId).Select(o => o.Profile.Id).Distinct()];

    /// <summary>" --dialect ID" for a model served in two dialects, else nothing: what a command line needs to name the operation.</summary>
    public string DialectWords(OperationInfo operation) => DialectsOf(operation.ModelId).Count > 1 ? $" --dialect {operation.Profile.Id}" : "";

    /// <summary>The <c>--catalog</c> options a printed command line needs for <paramref name="operation"/>: none for the catalog's own.</summary>
    public IReadOnlyList<string> CatalogWords(OperationInfo operation) =>
        catalogPaths.Count == 0 || HappyHorseCatalog.Operations.Contains(operation) ? [] : [.. catalogPaths.SelectMany(p => new[] { ConsumerCatalogs.OptionName, p })];

    /// <summary>The operation named by a task handle.</summary>
    public OperationInfo? ForHandle(TaskHandle handle) =>
        All.FirstOrDefault(o => o.Profile.Id == handle.Profile && o.ModelId == handle.Model && o.OperationId == handle.Operation);
}
