using System;
using System.Collections.Generic;
using System.Linq;
using HappyHorse.Generated;
using HappyHorse.Generated.Models;
using HappyHorse.Generated.Protocol;

namespace HappyHorse.Emulator.Dialects;

/// <summary>The dialect of each protocol profile the catalog uses.</summary>
internal static class DialectRegistry
{
    /// <summary>
    /// One dialect per profile id of <paramref name="operations"/> (a consumer's own manifests generate their own
    /// copies of the package's profiles, so the id, not the instance, names the dialect).
    /// </summary>
    /// <exception cref="InvalidOperationException">A profile has no dialect here (a new envelope style needs a class).</exception>
    public static IReadOnlyDictionary<string, Dialect> For(IEnumerable<OperationInfo> operations)
    {
        Dialect[] dialects =
        [
            new HappyHorseAppDialect(),
            new DashScopeDialect(),
            new GatewayImagesDialect(),
            new GatewayVideosDialect(),
            new GatewayGenerationsDialect(HappyHorseProfiles.GatewayGrokVideos, "grok_"),
            new GatewayGenerationsDialect(HappyHorseProfiles.GatewayNoteVideos, "note_"),
        ];
        var byProfile = dialects.ToDictionary(d => d.Profile.Id, StringComparer.Ordinal);
        var missing = operations.Select(o => o.Profile.Id).Distinct().Where(id => !byProfile.ContainsKey(id)).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException($"The emulator has no dialect for profile(s) {string.Join(", ", missing)}: add one in emulator/Dialects and register it here.");
        }

        return byProfile;
    }
}
