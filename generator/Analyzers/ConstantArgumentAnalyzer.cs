using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using HappyHorse.Generated.Generator.Reading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace HappyHorse.Generated.Generator.Analyzers;

/// <summary>
/// Flags calls to generated builders whose arguments are compile-time constants that break the manifest's limits,
/// read from the <c>HappyHorseConstraint</c> attribute the generator puts once on each field's property: a number outside
/// its range, a string too long or short, a collection with too many or too few items, a value not in an enumeration
/// (from the <c>HappyHorseValues</c> attribute on the value type). An argument's field is found from its call: the
/// property <c>X</c> for <c>WithX(value)</c>; for a factory or constructor, the property of the type it makes whose
/// parameter name (as the generator derives it) is the parameter's.
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
        if (symbols.ConstraintOf(argument, parameter) is not { } constraint) return;
        var (field, limits) = (constraint.Field, constraint.Limits);
        var value = Unwrap(argument.Value);

        if (value.ConstantValue is { HasValue: true, Value: { } constant })
        {
            var problem = constant switch
            {
                string text => LimitText.LengthProblem(limits.MinLength, limits.MaxLength, limits.CjkCountsDouble, text),
                sbyte or byte or short or ushort or int or uint or long => LimitText.RangeProblem(limits.Minimum, limits.Maximum, Convert.ToInt64(constant, CultureInfo.InvariantCulture)),
                IConvertible number when constant is not bool and not char and not ulong => LimitText.RangeProblem(limits.Minimum, limits.Maximum, number.ToDouble(CultureInfo.InvariantCulture)),
                _ => null,
            };
            if (problem is not null) Report(context, symbols, constant is string ? DiagnosticDescriptors.ConstantLength : DiagnosticDescriptors.ConstantOutOfRange, argument, field, problem);
            return;
        }

        if (Count(value) is { } count && LimitText.ItemCountProblem(limits.MinItems, limits.MaxItems, count) is { } countProblem)
        {
            Report(context, symbols, DiagnosticDescriptors.ConstantItemCount, argument, field, countProblem);
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
            Report(context, symbols, DiagnosticDescriptors.ConstantNotAllowed, argument, field, LimitText.NotAllowedProblem(allowed.Select(v => (string?)v.Value ?? string.Empty), text));
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

    private static void Report(OperationAnalysisContext context, Symbols symbols, DiagnosticDescriptor descriptor, IArgumentOperation argument, string field, string problem) =>
        context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.WithHelpLink(descriptor, symbols.RepositoryUrl), argument.Syntax.GetLocation(), Subject(argument, symbols), field, problem));

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

    /// <summary>What the analyzer looks up once per compilation, and each type's field limits once per type.</summary>
    private sealed class Symbols
    {
        private readonly ConcurrentDictionary<INamedTypeSymbol, TypeConstraints> _types = new(SymbolEqualityComparer.Default);
        private readonly Func<INamedTypeSymbol, TypeConstraints> _read;

        public Symbols(INamedTypeSymbol constraint, INamedTypeSymbol? values, INamedTypeSymbol? operation, string? repositoryUrl)
        {
            Constraint = constraint;
            Values = values;
            Operation = operation;
            RepositoryUrl = repositoryUrl;
            _read = Read;
        }

        public INamedTypeSymbol Constraint { get; }

        public INamedTypeSymbol? Values { get; }

        public INamedTypeSymbol? Operation { get; }

        public string? RepositoryUrl { get; }

        /// <summary>The limits of the field <paramref name="argument"/> sets, or null when it sets no generated field with limits.</summary>
        public FieldConstraint? ConstraintOf(IArgumentOperation argument, IParameterSymbol parameter) => argument.Parent switch
        {
            // request.WithDuration(...): the property Duration, on the request or its shared base Request<TSelf>.
            IInvocationOperation { TargetMethod: { IsStatic: false, MethodKind: MethodKind.Ordinary, Parameters.Length: 1 } setter } when setter.Name.StartsWith("With", StringComparison.Ordinal) =>
                Of(setter.ContainingType).ByProperty(setter.Name.Substring("With".Length)),

            // HappyHorseVideo.TextToVideo(prompt): a factory of the model class, making one of the model's requests.
            IInvocationOperation { TargetMethod: { IsStatic: true, ReturnType: INamedTypeSymbol made } factory } when SymbolEqualityComparer.Default.Equals(factory.ContainingType, made.ContainingType) =>
                Of(made).ByParameter(parameter.Name),

            // new TextToVideoRequest(prompt), new Shot(prompt, duration)
            IObjectCreationOperation { Constructor: { } constructor } => Of(constructor.ContainingType).ByParameter(parameter.Name),
            _ => null,
        };

        private TypeConstraints Of(INamedTypeSymbol type) => _types.GetOrAdd(type.OriginalDefinition, _read);

        /// <summary>The limits on the properties of <paramref name="type"/> and its base types, the nearest declaration first.</summary>
        private TypeConstraints Read(INamedTypeSymbol type)
        {
            Dictionary<string, FieldConstraint>? byProperty = null;
            for (var current = type; current is not null; current = current.BaseType?.OriginalDefinition)
            {
                if (!CanUseAttribute(current.ContainingAssembly)) continue; // System.Object and other library types: nothing to read
                foreach (var member in current.GetMembers())
                {
                    if (member is not IPropertySymbol property || (byProperty?.ContainsKey(property.Name) ?? false)) continue;
                    var attribute = property.GetAttributes().FirstOrDefault(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, Constraint));
                    if (attribute?.ConstructorArguments.FirstOrDefault().Value is not string field) continue;
                    (byProperty ??= new Dictionary<string, FieldConstraint>(StringComparer.Ordinal))[property.Name] = new FieldConstraint(field, Limits.From(attribute));
                }
            }

            return byProperty is null ? TypeConstraints.None : new TypeConstraints(byProperty);
        }

        private bool CanUseAttribute(IAssemblySymbol? assembly) =>
            assembly is not null
            && (SymbolEqualityComparer.Default.Equals(assembly, Constraint.ContainingAssembly)
                || assembly.Modules.Any(m => m.ReferencedAssemblySymbols.Contains(Constraint.ContainingAssembly, SymbolEqualityComparer.Default)));
    }

    /// <summary>One type's field limits, by property name and by the name the generator gives the property's parameter.</summary>
    private sealed class TypeConstraints
    {
        public static readonly TypeConstraints None = new(new Dictionary<string, FieldConstraint>());

        private readonly Dictionary<string, FieldConstraint> _byProperty;
        private readonly Dictionary<string, FieldConstraint> _byParameter;

        public TypeConstraints(Dictionary<string, FieldConstraint> byProperty)
        {
            _byProperty = byProperty;
            // The parameter symbol's name has no '@' (a keyword such as "event" is escaped only in source).
            _byParameter = byProperty.ToDictionary(p => Naming.ToParameterName(p.Key).TrimStart('@'), p => p.Value, StringComparer.Ordinal);
        }

        public FieldConstraint? ByProperty(string name) => _byProperty.TryGetValue(name, out var found) ? found : null;

        public FieldConstraint? ByParameter(string name) => _byParameter.TryGetValue(name, out var found) ? found : null;
    }

    /// <summary>A manifest field's name and limits, as the attribute on its property gives them.</summary>
    private sealed class FieldConstraint(string field, Limits limits)
    {
        public string Field { get; } = field;

        public Limits Limits { get; } = limits;
    }

    /// <summary>The limits the attribute sets; the attribute's "unset" defaults (NaN, -1) read as none.</summary>
    private sealed class Limits
    {
        public double? Minimum { get; private set; }

        public double? Maximum { get; private set; }

        public int? MinLength { get; private set; }

        public int? MaxLength { get; private set; }

        public bool CjkCountsDouble { get; private set; }

        public int? MinItems { get; private set; }

        public int? MaxItems { get; private set; }

        public static Limits From(AttributeData attribute)
        {
            var limits = new Limits();
            foreach (var named in attribute.NamedArguments)
            {
                var value = named.Value.Value;
                switch (named.Key)
                {
                    case "Minimum": limits.Minimum = Number(value); break;
                    case "Maximum": limits.Maximum = Number(value); break;
                    case "MinLength": limits.MinLength = Count(value); break;
                    case "MaxLength": limits.MaxLength = Count(value); break;
                    case "CjkCountsDouble": limits.CjkCountsDouble = value is true; break;
                    case "MinItems": limits.MinItems = Count(value); break;
                    case "MaxItems": limits.MaxItems = Count(value); break;
                }
            }

            return limits;
        }

        private static double? Number(object? value) => value is double number && !double.IsNaN(number) ? number : null;

        private static int? Count(object? value) => value is int count && count >= 0 ? count : null;
    }
}
