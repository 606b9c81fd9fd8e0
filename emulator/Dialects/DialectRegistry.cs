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
    /// <remarks>A profile without a class of its own here is served by a <see cref="ProfileDialect"/>, from its data alone.</remarks>
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
        foreach (var operation in operations)
        {
            if (!byProfile.ContainsKey(operation.Profile.Id)) byProfile.Add(operation.Profile.Id, new ProfileDialect(operation.Profile));
        }

        return byProfile;
    }
}
