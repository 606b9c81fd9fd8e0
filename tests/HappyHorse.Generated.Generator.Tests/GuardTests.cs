using System;
using System.Threading;
using HappyHorse.Generated.Generator.Model;

namespace HappyHorse.Generated.Generator.Tests;

public class GuardTests
{
    [Fact]
    public void A_reader_that_throws_becomes_one_located_HH0011_not_a_crash()
    {
        var file = new InputFile(InputKind.Manifest, "/project/m.json", "m.json", "{ }");

        var (value, diagnostics) = Guard.Run<object>(file, CancellationToken.None, (_, _, _) => throw new InvalidOperationException("boom"));

        value.ShouldBeNull();
        var diagnostic = diagnostics.ShouldHaveSingleItem().ToDiagnostic(repositoryUrl: null);
        diagnostic.Id.ShouldBe("HH0011");
        diagnostic.GetMessage().ShouldBe("The HappyHorse generator failed on this file; please report it: InvalidOperationException: boom");
        diagnostic.Location.GetLineSpan().Path.ShouldBe("/project/m.json");
    }

    [Fact]
    public void Cancellation_is_not_turned_into_a_diagnostic()
    {
        var file = new InputFile(InputKind.Manifest, "/project/m.json", "m.json", "{ }");

        Should.Throw<OperationCanceledException>(() => Guard.Run<object>(file, CancellationToken.None, (_, _, _) => throw new OperationCanceledException()));
    }
}
