using System.Collections.Generic;
using System.Globalization;

namespace HappyHorse.Generated;

/// <summary>
/// Every limit a manifest puts on one field, checked and worded once. This file is compiled into the runtime (request
/// validation, the emulator's 422, <c>happyhorse describe</c>) and into the generator (a manifest default's check, the
/// XML docs, the analyzer's constant-argument errors), so a rule reads the same sentence wherever it is told: the rule
/// is "must be between 3 and 15", a value that breaks it is "must be between 3 and 15 (was 20)".
/// </summary>
internal static class LimitText
{
    /// <summary>The length of <paramref name="value"/> in Unicode characters (a surrogate pair is one), a CJK character counting two when asked.</summary>
    public static int CountCharacters(string value, bool cjkCountsDouble)
    {
        var count = 0;
        for (var i = 0; i < value.Length; i++)
        {
            int c = value[i];
            if (char.IsHighSurrogate(value[i]) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1])) c = char.ConvertToUtf32(value[i], value[++i]);
            count += cjkCountsDouble && IsCjk(c) ? 2 : 1;
        }

        return count;
    }

    /// <summary>"between 3 and 15", "exactly 2", "at least 1" or "at most 9", in invariant digits.</summary>
    public static string Bounds(double? min, double? max)
    {
        if (min is { } low && max is { } high) return low == high ? $"exactly {Number(low)}" : $"between {Number(low)} and {Number(high)}";
        return min is { } only ? $"at least {Number(only)}" : $"at most {Number(max ?? 0)}";
    }

    /// <summary>A number as limits and messages write it: invariant, shortest round-trip form.</summary>
    public static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>The rules on a number: "must be between 3 and 15".</summary>
    public static string RangeRule(double? min, double? max) => "must be " + Bounds(min, max);

    /// <summary>The rule on a string's shortest length: "must not be empty" or "must be at least 3 characters long".</summary>
    public static string MinLengthRule(int min) => min <= 1 ? "must not be empty" : "must be at least " + Integer(min) + " characters long";

    /// <summary>The rule on a string's longest length: "must be at most 2500 characters long", and how CJK characters count.</summary>
    public static string MaxLengthRule(int max, bool cjkCountsDouble) =>
        "must be at most " + Integer(max) + " characters long" + (cjkCountsDouble ? ", Chinese characters counting two" : string.Empty);

    /// <summary>The rule on a list's size: "must hold between 1 and 2 items".</summary>
    public static string ItemCountRule(int? min, int? max) => "must hold " + Bounds(min, max) + " " + Noun(min, max);

    /// <summary>The rule on a closed set: "must be one of a, b, c".</summary>
    public static string AllowedRule(IEnumerable<string> allowed) => "must be one of " + string.Join(", ", allowed);

    /// <summary>The rule that counts a list's items of one kind: "must hold exactly 1 item whose type is 'video'" (said of the list).</summary>
    public static string CountRule(string itemField, string value, int? min, int? max) => "must hold " + Bounds(min, max) + " " + Noun(min, max) + " whose " + itemField + " is '" + value + "'";

    /// <summary>The rule that counts several fields' values together: "must hold at most 9 values together" (said of "a + b").</summary>
    public static string TotalCountRule(int? min, int? max) => "must hold " + Bounds(min, max) + " values together";

    /// <summary>The rule that a field is a list's sum: "must equal the sum of shots[].duration when both are given" (said of the field).</summary>
    public static string SumRule(string list, string itemField) => "must equal the sum of " + list + "[]." + itemField + " when both are given";

    /// <summary>The rule that one field needs another: "is required when image_url is given" (said of the required field).</summary>
    public static string RequiresRule(string field) => "is required when " + field + " is given";

    /// <summary>Every limit of a field as its rule sentences, in the order a check reports them; empty when it has none.</summary>
    public static List<string> Rules(double? minimum, double? maximum, int? minLength, int? maxLength, bool cjkCountsDouble, int? minItems, int? maxItems)
    {
        var rules = new List<string>();
        if (minimum is not null || maximum is not null) rules.Add(RangeRule(minimum, maximum));
        if (minLength is { } low && low > 0) rules.Add(MinLengthRule(low));
        if (maxLength is { } high) rules.Add(MaxLengthRule(high, cjkCountsDouble));
        if (minItems is not null || maxItems is not null) rules.Add(ItemCountRule(minItems, maxItems));
        return rules;
    }

    /// <summary>What is wrong with a number, or null when it is in range: "must be between 3 and 15 (was 20)".</summary>
    public static string? RangeProblem(double? min, double? max, double value) =>
        OutOfRange(min, max, value) ? RangeRule(min, max) + " (was " + Number(value) + ")" : null;

    /// <summary>What is wrong with a whole number, or null when it is in range (the value written in full, not rounded through a double).</summary>
    public static string? RangeProblem(double? min, double? max, long value) =>
        OutOfRange(min, max, value) ? RangeRule(min, max) + " (was " + value.ToString(CultureInfo.InvariantCulture) + ")" : null;

    /// <summary>What is wrong with a string's length, or null when it fits: "must not be empty", "must be at most 2500 characters long (was 2501)".</summary>
    public static string? LengthProblem(int? min, int? max, bool cjkCountsDouble, string value)
    {
        if (min is null && max is null) return null;
        var length = CountCharacters(value, cjkCountsDouble);
        if (min is { } low && length < low) return low <= 1 ? MinLengthRule(low) : MinLengthRule(low) + " (was " + Integer(length) + ")";
        if (max is { } high && length > high) return MaxLengthRule(high, cjkCountsDouble) + " (was " + Integer(length) + ")";
        return null;
    }

    /// <summary>What is wrong with a list's size, or null when it fits: "must hold at most 2 items (held 3)".</summary>
    public static string? ItemCountProblem(int? min, int? max, int count) =>
        (min is { } low && count < low) || (max is { } high && count > high) ? ItemCountRule(min, max) + " (held " + Integer(count) + ")" : null;

    /// <summary>What is wrong with a value outside a closed set: "must be one of a, b (was 'c')".</summary>
    public static string NotAllowedProblem(IEnumerable<string> allowed, string value) => AllowedRule(allowed) + " (was '" + value + "')";

    /// <summary>"item" for a limit of one, else "items".</summary>
    public static string Noun(int? min, int? max) => (max ?? min) == 1 ? "item" : "items";

    private static bool OutOfRange(double? min, double? max, double value) => (min is { } low && value < low) || (max is { } high && value > high);

    private static string Integer(int value) => value.ToString(CultureInfo.InvariantCulture);

    // The CJK ideograph, kana and hangul blocks: what "Chinese characters" means in a length limit.
    private static bool IsCjk(int c) =>
        c is (>= 0x2E80 and <= 0x9FFF) or (>= 0xAC00 and <= 0xD7AF) or (>= 0xF900 and <= 0xFAFF) or (>= 0xFF00 and <= 0xFFEF) or (>= 0x20000 and <= 0x3FFFF);
}
