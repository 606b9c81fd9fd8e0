using System;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace HappyHorse.Generated.Generator;

/// <summary>Every diagnostic the generator reports about manifests and profiles, in one place.</summary>
internal static class DiagnosticDescriptors
{
    public const string Category = "HappyHorse.Manifest";

    /// <summary>
    /// The MSBuild property (made visible to the compiler by the targets) naming the repository whose
    /// <c>docs/diagnostics/HHxxxx.md</c> pages the help links open. Unset, diagnostics carry no link: their messages say
    /// what to change, and the pages travel in the package under <c>docs/diagnostics/</c>.
    /// </summary>
    public const string RepositoryUrlProperty = "build_property.HappyHorseRepositoryUrl";

    /// <summary>Where each id's page lives in the repository (<c>HH0007.md</c>).</summary>
    public const string PagesPath = "/blob/main/docs/diagnostics/";

    /// <summary>The category of diagnostics about C# code that calls generated builders (HH1xxx).</summary>
    public const string UsageCategory = "HappyHorse.Usage";

    public static readonly DiagnosticDescriptor InvalidJson = Error("HH0001", "Invalid JSON", "The file is not valid JSON: {0}");
    public static readonly DiagnosticDescriptor MissingProperty = Error("HH0002", "Missing required property", "{0} is missing the required property '{1}'");
    public static readonly DiagnosticDescriptor UnknownProperty = Error("HH0003", "Unknown property", "{0} has no property '{1}'{2}");
    public static readonly DiagnosticDescriptor WrongValueType = Error("HH0004", "Value of the wrong type", "'{0}' must be {1}");
    public static readonly DiagnosticDescriptor UnknownFieldType = Error("HH0005", "Unknown field type", "Field '{0}' has type '{1}'; the types are {2}");
    public static readonly DiagnosticDescriptor InvalidValue = Error("HH0006", "Invalid value", "'{0}' must be {1} (was {2})");
    public static readonly DiagnosticDescriptor DefaultBreaksRule = Error("HH0007", "Default breaks its own rule", "The default of field '{0}' {1}");
    public static readonly DiagnosticDescriptor MinimumAboveMaximum = Error("HH0008", "Lower bound above upper bound", "Field '{0}': {1} ({2}) is greater than {3} ({4})");
    public static readonly DiagnosticDescriptor DuplicateField = Error("HH0009", "Duplicate field", "Operation '{0}' declares field '{1}' more than once");
    public static readonly DiagnosticDescriptor UnknownProfile = Error("HH0010", "Unknown protocol profile", "No protocol profile has the id '{0}'{1}");
    public static readonly DiagnosticDescriptor InternalError = Error("HH0011", "Generator fault", "The HappyHorse generator failed on this file; please report it: {0}");
    public static readonly DiagnosticDescriptor MalformedPath = Error("HH0012", "Malformed JSON path", "'{0}' is not a valid path: {1}");
    public static readonly DiagnosticDescriptor DuplicatePath = Error("HH0013", "Two fields write one JSON path", "Operation '{0}': fields '{1}' and '{2}' both write '{3}'");
    public static readonly DiagnosticDescriptor ListAndObjectPath = Error("HH0038", "One JSON path written as a list and as an object", "Operation '{0}': fields '{1}' ('{2}') and '{3}' ('{4}') disagree on '{5}': one writes it as a list, the other as an object");
    public static readonly DiagnosticDescriptor NegativeCount = Error("HH0014", "Negative count", "'{0}' must not be negative (was {1})");
    public static readonly DiagnosticDescriptor UnknownFieldReference = Error("HH0015", "Rule names an unknown field", "Operation '{0}' refers to field '{1}', which it does not declare");
    public static readonly DiagnosticDescriptor DuplicateModel = Error("HH0016", "Model defined twice", "Model '{0}' of profile '{1}' is already defined in '{2}'; this file generates no code");
    public static readonly DiagnosticDescriptor DuplicateGeneratedName = Error("HH0017", "Generated name used twice", "'{0}' is already generated from {1}; set another '{2}'");
    public static readonly DiagnosticDescriptor DuplicateProfile = Error("HH0018", "Profile defined twice", "Profile '{0}' is already defined in '{1}'; this file generates no code");
    public static readonly DiagnosticDescriptor RequiredWithDefault = Error("HH0019", "Required field with a default", "Field '{0}' is required, so the service never applies its default; remove 'default' or make the field optional");
    public static readonly DiagnosticDescriptor UnknownRole = Error("HH0020", "Unknown field role", "Field '{0}' has role '{1}'; the roles are {2}");
    public static readonly DiagnosticDescriptor RoleDoesNotFit = Error("HH0021", "Role that does not fit the field", "Field '{0}' cannot have role '{1}': that role is for {2} fields");
    public static readonly DiagnosticDescriptor DuplicateRole = Error("HH0022", "Role declared twice", "Operation '{0}': fields '{1}' and '{2}' both have role '{3}'; a role names one field");
    public static readonly DiagnosticDescriptor TooFewItems = Error("HH0023", "List with too few items", "{0} must list at least {1}");
    public static readonly DiagnosticDescriptor DuplicateOperation = Error("HH0024", "Operation defined twice", "Operation id '{0}' is used twice");
    public static readonly DiagnosticDescriptor MemberNameCollision = Error("HH0025", "Two members of one C# name", "In {0}, the member '{1}' of field '{2}' collides with {3}; set its 'propertyName'");
    public static readonly DiagnosticDescriptor InvalidIdentifier = Error("HH0026", "Name that is not a C# identifier", "'{0}'{1} is not a valid C# {2}; set '{3}'");
    public static readonly DiagnosticDescriptor DuplicateEnumValue = Error("HH0027", "Enum value listed twice", "Enum value '{0}' (member '{1}') is listed twice");
    public static readonly DiagnosticDescriptor NotAMultipartPart = Error("HH0028", "Field a multipart request cannot send", "Operation '{0}' sends multipart text parts: field '{1}' must be a top-level string, number, boolean or list of strings");
    public static readonly DiagnosticDescriptor MalformedIdentifiedBy = Error("HH0029", "Malformed 'identifiedBy' entry", "'{0}' must be a field name or 'list[].itemField=value' naming an item field of a list of objects");
    public static readonly DiagnosticDescriptor UnreachableRate = Error("HH0030", "Rate that can never apply", "This rate can never apply: an earlier rate has no conditions, so it always does");
    public static readonly DiagnosticDescriptor PricingConditionField = Error("HH0031", "Pricing condition on a field that is not enumerated", "Pricing condition '{0}' must name an enumerated or boolean field of operation '{1}' and one of its values");
    public static readonly DiagnosticDescriptor ModelIdSentNowhere = Error("HH0032", "Submit without the model id", "The submit sends the model id nowhere: give 'modelField' or put {{model}} in the path (was '{0}')");
    public static readonly DiagnosticDescriptor PropertyDoesNotApply = Error("HH0033", "Property that does not apply here", "'{0}' does not apply here: {1}");
    public static readonly DiagnosticDescriptor InvalidMirror = Error("HH0034", "Field that cannot mirror its source", "Field '{0}' mirrors '{1}', {2}");
    public static readonly DiagnosticDescriptor RuleFieldOfWrongType = Error("HH0035", "Rule names a field of the wrong type", "Operation '{0}': {1} '{2}' must be {3}");
    public static readonly DiagnosticDescriptor VariantsOfOneShape = Error("HH0036", "Variants of one JSON shape", "The variants of '{0}' must have different JSON shapes (string, number, boolean, array), without enums or nested oneOf");
    public static readonly DiagnosticDescriptor RuleWithoutBound = Error("HH0037", "Count rule without a bound", "A '{0}' rule needs 'min', 'max' or both");

    // {0} names the model and operation as run-time validation does ("happyhorse-1.0/video text-to-video: "), {1} the field,
    // {2} the problem in the words run-time validation uses (LimitText), so the build error and the run-time problem read alike.
    public static readonly DiagnosticDescriptor ConstantOutOfRange = Usage("HH1001", "Constant outside the manifest's range", "{0}{1} {2}");
    public static readonly DiagnosticDescriptor ConstantLength = Usage("HH1002", "Constant string of the wrong length", "{0}{1} {2}");
    public static readonly DiagnosticDescriptor ConstantItemCount = Usage("HH1003", "Constant collection of the wrong size", "{0}{1} {2}");
    public static readonly DiagnosticDescriptor ConstantNotAllowed = Usage("HH1004", "Constant not among the manifest's values", "{0}{1} {2}");

    /// <summary>The diagnostics about code calling generated builders with constants that break the manifest (HH1xxx).</summary>
    public static readonly ImmutableArray<DiagnosticDescriptor> UsageDiagnostics = ImmutableArray.Create(ConstantOutOfRange, ConstantLength, ConstantItemCount, ConstantNotAllowed);

    /// <summary>Every manifest descriptor above (HH0xxx), for the analyzer's supported diagnostics and the documentation tests.</summary>
    public static readonly ImmutableArray<DiagnosticDescriptor> All = ImmutableArray.Create(
        InvalidJson, MissingProperty, UnknownProperty, WrongValueType, UnknownFieldType, InvalidValue, DefaultBreaksRule, MinimumAboveMaximum, DuplicateField,
        UnknownProfile, InternalError, MalformedPath, DuplicatePath, NegativeCount, UnknownFieldReference, DuplicateModel, DuplicateGeneratedName, DuplicateProfile,
        RequiredWithDefault, UnknownRole, RoleDoesNotFit, DuplicateRole, TooFewItems, DuplicateOperation, MemberNameCollision, InvalidIdentifier, DuplicateEnumValue,
        NotAMultipartPart, MalformedIdentifiedBy, UnreachableRate, PricingConditionField, ModelIdSentNowhere, PropertyDoesNotApply, InvalidMirror, RuleFieldOfWrongType,
        VariantsOfOneShape, RuleWithoutBound, ListAndObjectPath);

    /// <summary>The repository URL the build set (<see cref="RepositoryUrlProperty"/>), or null when unset or not an absolute http(s) URL.</summary>
    public static string? RepositoryUrl(AnalyzerConfigOptions globalOptions) =>
        globalOptions.TryGetValue(RepositoryUrlProperty, out var value)
        && Uri.TryCreate(value.Trim(), UriKind.Absolute, out var url)
        && (url.Scheme == Uri.UriSchemeHttps || url.Scheme == Uri.UriSchemeHttp)
            ? value.Trim().TrimEnd('/')
            : null;

    /// <summary>The page of <paramref name="id"/> in the repository at <paramref name="repositoryUrl"/>, or null without one.</summary>
    public static string? HelpLink(string? repositoryUrl, string id) => repositoryUrl is null ? null : repositoryUrl + PagesPath + id + ".md";

    /// <summary><paramref name="descriptor"/> with its help link into <paramref name="repositoryUrl"/>; unchanged without one.</summary>
    public static DiagnosticDescriptor WithHelpLink(DiagnosticDescriptor descriptor, string? repositoryUrl) =>
        HelpLink(repositoryUrl, descriptor.Id) is { } link
            ? new DiagnosticDescriptor(descriptor.Id, descriptor.Title, descriptor.MessageFormat, descriptor.Category, descriptor.DefaultSeverity, descriptor.IsEnabledByDefault, descriptor.Description, link, descriptor.CustomTags.ToArray())
            : descriptor;

    private static DiagnosticDescriptor Error(string id, string title, string message) =>
        new(id, title, message, Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    private static DiagnosticDescriptor Usage(string id, string title, string message) =>
        new(id, title, message, UsageCategory, DiagnosticSeverity.Error, isEnabledByDefault: true);
}
