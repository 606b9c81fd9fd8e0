using System.Globalization;

namespace HappyHorse.Generated;

/// <summary>
/// How characters are counted and limits are worded. This file is compiled into the runtime (request validation) and
/// into the generator (compile-time checks of constant arguments), so a limit counts and reads the same in both.
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

    // The CJK ideograph, kana and hangul blocks: what "Chinese characters" means in a length limit.
    private static bool IsCjk(int c) =>
        c is (>= 0x2E80 and <= 0x9FFF) or (>= 0xAC00 and <= 0xD7AF) or (>= 0xF900 and <= 0xFAFF) or (>= 0xFF00 and <= 0xFFEF) or (>= 0x20000 and <= 0x3FFFF);
}
