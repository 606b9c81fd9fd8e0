using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using HappyHorse.Generated;

namespace HappyHorse.Cli.Requests;

/// <summary>
/// A consumer's own models: the generated <c>HappyHorseCatalog.Operations</c> of the assemblies given with
/// <c>--catalog</c> (or <c>HAPPYHORSE_CATALOG</c>), known to every command beside the catalog's.
/// </summary>
internal static class ConsumerCatalogs
{
    /// <summary>The option that names an assembly; repeatable, on every command.</summary>
    public const string OptionName = "--catalog";

    /// <summary>Assemblies to load when no <c>--catalog</c> is given, separated as in <c>PATH</c>.</summary>
    public const string Variable = "HAPPYHORSE_CATALOG";

    /// <summary>The assemblies <paramref name="args"/> name (<c>--catalog X</c>, <c>--catalog=X</c>), as full paths.</summary>
    public static IReadOnlyList<string> PathsIn(IReadOnlyList<string> args)
    {
        var paths = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] == "--") break;
            if (args[i] == OptionName && i + 1 < args.Count) paths.Add(args[++i]);
            else if (args[i].StartsWith(OptionName + "=", StringComparison.Ordinal)) paths.Add(args[i][(OptionName.Length + 1)..]);
        }

        return [.. paths.Select(Path.GetFullPath).Distinct(StringComparer.Ordinal)];
    }

    /// <summary>The assemblies <see cref="Variable"/> names.</summary>
    public static IReadOnlyList<string> PathsIn(Func<string, string?> variable) =>
        variable(Variable) is { Length: > 0 } listed ? [.. listed.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(Path.GetFullPath).Distinct(StringComparer.Ordinal)] : [];

    /// <summary><paramref name="args"/> without the <c>--catalog</c> options: the words that name a command and its operation.</summary>
    public static IReadOnlyList<string> Without(IReadOnlyList<string> args)
    {
        var rest = new List<string>(args.Count);
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] == OptionName) i++;
            else if (!args[i].StartsWith(OptionName + "=", StringComparison.Ordinal)) rest.Add(args[i]);
        }

        return rest;
    }

    /// <summary>
    /// <paramref name="known"/> followed by the operations of each assembly in <paramref name="paths"/>.
    /// </summary>
    /// <exception cref="CliInputException">
    /// Every problem at once: a missing file, not a .NET assembly, no generated catalog in it, built against another
    /// HappyHorse.Generated than this tool's, or an operation the tool already knows.
    /// </exception>
    public static IReadOnlyList<OperationInfo> Load(IReadOnlyList<string> paths, IReadOnlyList<OperationInfo> known)
    {
        var operations = new List<OperationInfo>(known);
        var keys = known.Select(KeyOf).ToHashSet();
        var problems = new List<CliProblem>();
        foreach (var path in paths)
        {
            foreach (var found in OperationsIn(path, problems))
            {
                if (keys.Add(KeyOf(found))) operations.Add(found);
                else problems.Add(Problem($"{Path.GetFileName(path)}: {found.ModelId} {found.OperationId} ({found.Profile.Id}) is already known; a model of your own needs an id of its own."));
            }
        }

        if (problems.Count > 0) throw new CliInputException($"{OptionName}: {problems.Count} problem{(problems.Count == 1 ? "" : "s")}; nothing was sent:", problems, "The assembly is your project's build output: the one whose manifests (HappyHorseManifest items) made a HappyHorseCatalog.");
        return operations;
    }

    private static IEnumerable<OperationInfo> OperationsIn(string path, List<CliProblem> problems)
    {
        var name = Path.GetFileName(path);
        if (!File.Exists(path))
        {
            problems.Add(Problem($"no file '{path}'."));
            return [];
        }

        Type[] types;
        try
        {
            var assembly = new CatalogLoadContext(path).LoadFromAssemblyPath(path);
            types = assembly.GetExportedTypes();
        }
        catch (BadImageFormatException)
        {
            problems.Add(Problem($"{name} is not a .NET assembly."));
            return [];
        }
        catch (Exception e) when (e is FileNotFoundException or FileLoadException or ReflectionTypeLoadException)
        {
            problems.Add(Problem($"{name} could not be loaded ({e.Message})."));
            return [];
        }

        var catalogs = types.Where(t => t.Name == "HappyHorseCatalog" && t.IsAbstract && t.IsSealed).ToList();
        if (catalogs.Count == 0)
        {
            problems.Add(Problem($"{name} has no HappyHorseCatalog: it holds no models of its own."));
            return [];
        }

        var found = new List<OperationInfo>();
        foreach (var catalog in catalogs)
        {
            var property = catalog.GetProperty("Operations", BindingFlags.Public | BindingFlags.Static);
            if (property?.GetValue(null) is IReadOnlyList<OperationInfo> list) found.AddRange(list);
            else problems.Add(Problem($"{name} was built with another HappyHorse.Generated ({property?.PropertyType.Assembly.GetName().Version?.ToString() ?? "unknown"}) than this tool's ({typeof(OperationInfo).Assembly.GetName().Version}): build it with the tool's version."));
        }

        return found;
    }

    private static (string Dialect, string Model, string Operation) KeyOf(OperationInfo operation) => (operation.Profile.Id, operation.ModelId, operation.OperationId);

    private static CliProblem Problem(string message) => CliProblem.Input(message);

    /// <summary>
    /// Loads a consumer's assembly beside the tool: what the tool has (the runtime, the framework) is shared, so the
    /// consumer's operations are the tool's own types; anything else comes from the assembly's folder.
    /// </summary>
    private sealed class CatalogLoadContext(string path) : AssemblyLoadContext(Path.GetFileName(path))
    {
        private readonly string _folder = Path.GetDirectoryName(path)!;

        protected override Assembly? Load(AssemblyName assemblyName)
        {
            try
            {
                return Default.LoadFromAssemblyName(assemblyName);
            }
            catch (Exception e) when (e is FileNotFoundException or FileLoadException)
            {
                var local = Path.Combine(_folder, assemblyName.Name + ".dll");
                return File.Exists(local) ? LoadFromAssemblyPath(local) : null;
            }
        }
    }
}
