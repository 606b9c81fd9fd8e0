using System;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace HappyHorse.Generated.Generator.Analyzers;

/// <summary>
/// Flags calls to generated builders whose arguments are compile-time constants that break the manifest's limits,
/// read from the <c>HappyHorseConstraint</c> attribute the generator puts on each parameter: a number outside its
/// range, a string too long or short, a collection with too many or too few items, a value not in an enumeration.
/// Each message names the model and operation as run-time validation does, read from the request class's
/// <c>HappyHorseOperation</c> attribute (for an item of a list, the model and the item's class).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ConstantArgumentAnalyzer : DiagnosticAnalyzer
{
    private const string AttributeName = "HappyHorse.Generated.HappyHorseConstraintAttribute";
    private const string ValuesAttributeName = "HappyHorse.Generated.HappyHorseValuesAttribute";
    private const string OperationAttributeName = "HappyHorse.Generated.HappyHorseOperationAttribute";

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => DiagnosticDescriptors.UsageDiagnostics;

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var attribute = start.Compilation.GetTypeByMetadataName(AttributeName);
            if (attribute is null) return;
            var symbols = new Symbols(
                attribute,
                start.Compilation.GetTypeByMetadataName(ValuesAttributeName),
                start.Compilation.GetTypeByMetadataName(OperationAttributeName),
                DiagnosticDescriptors.RepositoryUrl(start.Options.AnalyzerConfigOptionsProvider.GlobalOptions));
            start.RegisterOperationAction(operation => Check(operation, symbols), OperationKind.Argument);
        });
    }

    private static void Check(OperationAnalysisContext context, Symbols symbols)
    {
        var argument = (IArgumentOperation)context.Operation;
        if (argument.Parameter is not { } parameter) return;
        if (symbols.Values is not null && CheckAllowedValues(context, argument, parameter, symbols)) return;
        var attribute = parameter.GetAttributes().FirstOrDefault(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, symbols.Constraint));
        if (attribute is null || attribute.ConstructorArguments.FirstOrDefault().Value is not string field) return;
        var limits = Limits.From(attribute);
        var value = Unwrap(argument.Value);

        if (value.ConstantValue is { HasValue: true, Value: { } constant })
        {
            switch (constant)
            {
                case string text:
                    var length = LimitText.CountCharacters(text, limits.CjkCountsDouble);
                    if ((limits.MinLength >= 0 && length < limits.MinLength) || (limits.MaxLength >= 0 && length > limits.MaxLength))
                    {
                        Report(context, symbols, DiagnosticDescriptors.ConstantLength, argument, field, Bounds(limits.MinLength, limits.MaxLength), length.ToString(CultureInfo.InvariantCulture));
                    }

                    return;
                case IConvertible number when constant is not bool and not char:
                    var x = number.ToDouble(CultureInfo.InvariantCulture);
                    if ((!double.IsNaN(limits.Minimum) && x < limits.Minimum) || (!double.IsNaN(limits.Maximum) && x > limits.Maximum))
                    {
                        Report(context, symbols, DiagnosticDescriptors.ConstantOutOfRange, argument, field, Bounds(limits.Minimum, limits.Maximum), LimitText.Number(x));
                    }

                    return;
            }
        }

        if (Count(value) is { } count && ((limits.MinItems >= 0 && count < limits.MinItems) || (limits.MaxItems >= 0 && count > limits.MaxItems)))
        {
            Report(context, symbols, DiagnosticDescriptors.ConstantItemCount, argument, field, Bounds(limits.MinItems, limits.MaxItems), count.ToString(CultureInfo.InvariantCulture));
        }
    }

    /// <summary>
    /// A constant string given for a typed value whose type lists the allowed values (on the type, once, rather than on
    /// every parameter). Returns whether the parameter is such a typed value.
    /// </summary>
    private static bool CheckAllowedValues(OperationAnalysisContext context, IArgumentOperation argument, IParameterSymbol parameter, Symbols symbols)
    {
        var type = parameter.Type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable ? nullable.TypeArguments[0] : parameter.Type;
        var attribute = type.GetAttributes().FirstOrDefault(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, symbols.Values));
        if (attribute is null || attribute.ConstructorArguments.Length != 2 || attribute.ConstructorArguments[0].Value is not string field) return false;
        if (Unwrap(argument.Value).ConstantValue is not { HasValue: true, Value: string text }) return true;
        var allowed = attribute.ConstructorArguments[1].Values;
        if (!allowed.Any(v => (string?)v.Value == text))
        {
            Report(context, symbols, DiagnosticDescriptors.ConstantNotAllowed, argument, field, string.Join(", ", allowed.Select(v => (string?)v.Value)), text);
        }

        return true;
    }

    /// <summary>The operand under implicit conversions (a string turned into a typed value, an int into an int?).</summary>
    private static IOperation Unwrap(IOperation operation)
    {
        while (operation is IConversionOperation { IsImplicit: true } conversion) operation = conversion.Operand;
        return operation;
    }

    /// <summary>How many items a collection written in place holds: <c>[a, b]</c> or <c>new[] { a, b }</c> (no spreads).</summary>
    private static int? Count(IOperation operation) => operation switch
    {
        ICollectionExpressionOperation collection when collection.Elements.All(e => e is not ISpreadOperation) => collection.Elements.Length,
        IArrayCreationOperation { Initializer: { } initializer } => initializer.ElementValues.Length,
        _ => null,
    };

    private static string Bounds(double min, double max) => LimitText.Bounds(double.IsNaN(min) ? null : min, double.IsNaN(max) ? null : max);

    private static string Bounds(int min, int max) => LimitText.Bounds(min < 0 ? null : min, max < 0 ? null : max);

    private static void Report(OperationAnalysisContext context, Symbols symbols, DiagnosticDescriptor descriptor, IArgumentOperation argument, string field, string limit, string value) =>
        context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.WithHelpLink(descriptor, symbols.RepositoryUrl), argument.Syntax.GetLocation(), Subject(argument, symbols), field, limit, value));

    /// <summary>
    /// Whom the argument is for, as run-time validation names it: "model operation: " from the request class's
    /// attribute; "model Item: " for an item of a list (which operations use it, the call does not say); else nothing.
    /// </summary>
    private static string Subject(IArgumentOperation argument, Symbols symbols)
    {
        var type = argument.Parent switch
        {
            IInvocationOperation { TargetMethod.IsStatic: true } factory => factory.TargetMethod.ReturnType, // HappyHorseVideo.TextToVideo(...)
            IInvocationOperation { Instance: { } request } => request.Type,                                   // request.WithDuration(...)
            IObjectCreationOperation creation => creation.Type,                                                 // new TextToVideoRequest(...), new Shot(...)
            _ => null,
        };
        if (type is null) return string.Empty;
        var operation = symbols.Operation is null ? null : type.GetAttributes().FirstOrDefault(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, symbols.Operation));
        if (operation is { ConstructorArguments.Length: 2 } && operation.ConstructorArguments[0].Value is string modelId && operation.ConstructorArguments[1].Value is string operationId)
        {
            return $"{modelId} {operationId}: ";
        }

        return ModelId(type.ContainingType) is { } model ? $"{model} {type.Name}: " : string.Empty;
    }

    /// <summary>The <c>ModelId</c> constant of the generated model class <paramref name="type"/>, if it is one.</summary>
    private static string? ModelId(INamedTypeSymbol? type) =>
        type?.GetMembers("ModelId").OfType<IFieldSymbol>().FirstOrDefault(f => f.IsConst)?.ConstantValue as string;

    /// <summary>What the analyzer looks up once per compilation.</summary>
    private sealed class Symbols(INamedTypeSymbol constraint, INamedTypeSymbol? values, INamedTypeSymbol? operation, string? repositoryUrl)
    {
        public INamedTypeSymbol Constraint { get; } = constraint;

        public INamedTypeSymbol? Values { get; } = values;

        public INamedTypeSymbol? Operation { get; } = operation;

        public string? RepositoryUrl { get; } = repositoryUrl;
    }

    private sealed class Limits
    {
        public double Minimum { get; private set; } = double.NaN;

        public double Maximum { get; private set; } = double.NaN;

        public int MinLength { get; private set; } = -1;

        public int MaxLength { get; private set; } = -1;

        public bool CjkCountsDouble { get; private set; }

        public int MinItems { get; private set; } = -1;

        public int MaxItems { get; private set; } = -1;

        public static Limits From(AttributeData attribute)
        {
            var limits = new Limits();
            foreach (var named in attribute.NamedArguments)
            {
                var value = named.Value;
                switch (named.Key)
                {
                    case "Minimum": limits.Minimum = value.Value is double min ? min : double.NaN; break;
                    case "Maximum": limits.Maximum = value.Value is double max ? max : double.NaN; break;
                    case "MinLength": limits.MinLength = value.Value is int minLength ? minLength : -1; break;
                    case "MaxLength": limits.MaxLength = value.Value is int maxLength ? maxLength : -1; break;
                    case "CjkCountsDouble": limits.CjkCountsDouble = value.Value is true; break;
                    case "MinItems": limits.MinItems = value.Value is int minItems ? minItems : -1; break;
                    case "MaxItems": limits.MaxItems = value.Value is int maxItems ? maxItems : -1; break;
                }
            }

            return limits;
        }
    }
}
