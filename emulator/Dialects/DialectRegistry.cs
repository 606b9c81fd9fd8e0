using System;
using System.Collections.Generic;
using System.Linq;
using HappyHorse.Generated.Models;
using HappyHorse.Generated.Protocol;

namespace HappyHorse.Emulator.Dialects;

/// <summary>The dialect of each protocol profile the catalog uses.</summary>
internal static class DialectRegistry
{
    /// <summary>One dialect per profile of <see cref="HappyHorseCatalog.Operations"/>.</summary>
    /// <exception cref="InvalidOperationException">A profile has no dialect here (a new envelope style needs a class).</exception>
    public static IReadOnlyDictionary<ProtocolProfile, Dialect> ForCatalog()
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
        var byProfile = dialects.ToDictionary(d => d.Profile);
        var missing = HappyHorseCatalog.Operations.Select(o => o.Profile).Distinct().Where(p => !byProfile.ContainsKey(p)).Select(p => p.Id).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException($"The emulator has no dialect for profile(s) {string.Join(", ", missing)}: add one in emulator/Dialects and register it here.");
        }

        return byProfile;
    }
}
