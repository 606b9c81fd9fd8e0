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
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ConstantArgumentAnalyzer : DiagnosticAnalyzer
{
    private const string AttributeName = "HappyHorse.Generated.HappyHorseConstraintAttribute";
    private const string ValuesAttributeName = "HappyHorse.Generated.HappyHorseValuesAttribute";

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
            var values = start.Compilation.GetTypeByMetadataName(ValuesAttributeName);
            if (attribute is null) return;
            start.RegisterOperationAction(operation => Check(operation, attribute, values), OperationKind.Argument);
        });
    }

    private static void Check(OperationAnalysisContext context, INamedTypeSymbol attributeType, INamedTypeSymbol? valuesType)
    {
        var argument = (IArgumentOperation)context.Operation;
        if (argument.Parameter is not { } parameter) return;
        if (valuesType is not null && CheckAllowedValues(context, argument, parameter, valuesType)) return;
        var attribute = parameter.GetAttributes().FirstOrDefault(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, attributeType));
        if (attribute is null || attribute.ConstructorArguments.FirstOrDefault().Value is not string field) return;
        var limits = Limits.From(attribute);
        var value = Unwrap(argument.Value);
        var location = argument.Syntax.GetLocation();

        if (value.ConstantValue is { HasValue: true, Value: { } constant })
        {
            switch (constant)
            {
                case string text:
                    var length = LimitText.CountCharacters(text, limits.CjkCountsDouble);
                    if ((limits.MinLength >= 0 && length < limits.MinLength) || (limits.MaxLength >= 0 && length > limits.MaxLength))
                    {
                        Report(context, DiagnosticDescriptors.ConstantLength, location, field, Bounds(limits.MinLength, limits.MaxLength), length.ToString(CultureInfo.InvariantCulture));
                    }

                    return;
                case IConvertible number when constant is not bool and not char:
                    var x = number.ToDouble(CultureInfo.InvariantCulture);
                    if ((!double.IsNaN(limits.Minimum) && x < limits.Minimum) || (!double.IsNaN(limits.Maximum) && x > limits.Maximum))
                    {
                        Report(context, DiagnosticDescriptors.ConstantOutOfRange, location, field, Bounds(limits.Minimum, limits.Maximum), LimitText.Number(x));
                    }

                    return;
            }
        }

        if (Count(value) is { } count && ((limits.MinItems >= 0 && count < limits.MinItems) || (limits.MaxItems >= 0 && count > limits.MaxItems)))
        {
            Report(context, DiagnosticDescriptors.ConstantItemCount, location, field, Bounds(limits.MinItems, limits.MaxItems), count.ToString(CultureInfo.InvariantCulture));
        }
    }

    /// <summary>
    /// A constant string given for a typed value whose type lists the allowed values (on the type, once, rather than on
    /// every parameter). Returns whether the parameter is such a typed value.
    /// </summary>
    private static bool CheckAllowedValues(OperationAnalysisContext context, IArgumentOperation argument, IParameterSymbol parameter, INamedTypeSymbol valuesType)
    {
        var type = parameter.Type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable ? nullable.TypeArguments[0] : parameter.Type;
        var attribute = type.GetAttributes().FirstOrDefault(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, valuesType));
        if (attribute is null || attribute.ConstructorArguments.Length != 2 || attribute.ConstructorArguments[0].Value is not string field) return false;
        if (Unwrap(argument.Value).ConstantValue is not { HasValue: true, Value: string text }) return true;
        var allowed = attribute.ConstructorArguments[1].Values;
        if (!allowed.Any(v => (string?)v.Value == text))
        {
            Report(context, DiagnosticDescriptors.ConstantNotAllowed, argument.Syntax.GetLocation(), field, string.Join(", ", allowed.Select(v => (string?)v.Value)), text);
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

    private static void Report(OperationAnalysisContext context, DiagnosticDescriptor descriptor, Location location, params object[] arguments) =>
        context.ReportDiagnostic(Diagnostic.Create(descriptor, location, arguments));

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
