using System.Text.RegularExpressions;
using FluentAssertions;
using OrderFulfillment.Contracts.Tests.Services.Template;

namespace OrderFulfillment.Contracts.Tests.Services;

/// <summary>
/// Shipping's README says how to make a new worker from it. These follow its checklist on a throwaway copy of the
/// repository (<see cref="NewWorker"/>) and fail when the checklist misses a file, a rename or a line: the catalogue
/// tests, run in the copy, name what is missing.
/// </summary>
public sealed partial class WorkerTemplateTests
{
    /// <summary>Contract names the copied consumers keep until the new worker has its own messages (step 4).</summary>
    private static readonly string[] ContractNames = ["ShippingAddressId"];

    [Test]
    public async Task The_checklist_names_every_file_a_new_worker_changes()
    {
        var checklist = TemplateChecklist.Read();
        using var copy = RepositoryCopy.Create();
        await new NewWorker(copy, checklist).FollowAsync();

        copy.Changed.Where(path => !checklist.Names(path)).Should().BeEmpty(
            $"{TemplateChecklist.Path}: the template's checklist should name each file a new worker changes");
    }

    [Test]
    public async Task The_rename_table_leaves_no_name_of_shipping_in_the_copied_code()
    {
        var checklist = TemplateChecklist.Read();
        using var copy = RepositoryCopy.Create();
        await new NewWorker(copy, checklist).FollowAsync();

        var copied = copy.Changed.Where(copy.Exists)
            .Where(p => p.StartsWith(NewWorker.Project + "/", StringComparison.Ordinal)
            || p.StartsWith(NewWorker.TestProject + "/", StringComparison.Ordinal)).ToList();
        var code = copied.Where(p => Path.GetExtension(p) is ".cs" or ".csproj");
        var left = copied.Where(p => p.Contains("Shipping", StringComparison.Ordinal))
            .Concat(code.SelectMany(p => ShippingName().Matches(copy.Read(p)).Select(m => $"{p}: {m.Value}")))
            .Where(name => !ContractNames.Any(c => name.EndsWith(": " + c, StringComparison.Ordinal)));
        left.Should().BeEmpty($"{TemplateChecklist.Path}: step 4's table should rename these too");
    }

    [Test]
    [Category("Slow")]
    public async Task A_worker_made_by_the_checklist_builds_and_passes_the_catalogue_tests()
    {
        using var copy = RepositoryCopy.Create();
        var worker = new NewWorker(copy, TemplateChecklist.Read());
        await worker.FollowAsync();

        (await worker.Step5InitialMigrationAsync()).Should().BeNull("step 5 builds the worker, writes its migration");
        copy.Exists($"{NewWorker.Project}/Migrations/{NewWorker.Name}DbContextModelSnapshot.cs").Should().BeTrue();

        await Succeeds(copy, "the catalogue tests in the copy name what the checklist missed", "test",
            "tests/OrderFulfillment.Contracts.Tests",
            "--filter", "FullyQualifiedName~Tests.Services.ServiceCatalogue|FullyQualifiedName~Tests.Deployment");
        // Steps 11 and 13 in code: the orchestrator's hub and the end-to-end platform compile with the new worker.
        await Succeeds(copy, "the end-to-end tests build with the new worker", "build",
            "tests/OrderFulfillment.EndToEnd.Tests");
        await Succeeds(copy, "the orchestrator's hub knows where the new worker is (step 11)", "test",
            "tests/OrderFulfillment.Orchestrator.Tests", "--filter", "FullyQualifiedName~WorkerSettingsTests");
        // The copied tests of its book, on its own first migration: the renamed worker works, not only builds.
        await Succeeds(copy, "the new worker's copied tests run on its new migration", "test",
            NewWorker.TestProject, "--filter", "FullyQualifiedName~ShipmentBookTests");
    }

    /// <summary>Runs <c>dotnet</c> in the copy: it must succeed and, for <c>test</c>, run some tests.</summary>
    private static async Task Succeeds(RepositoryCopy copy, string what, params string[] arguments)
    {
        var (exitCode, output) = await copy.DotnetAsync(TimeSpan.FromMinutes(8), arguments);
        exitCode.Should().Be(0, $"{what}:\n{output}");
        if (arguments[0] == "test")
        {
            output.Should().MatchRegex(@"Failed: +0, Passed: +[1-9]", $"{what}: the tests ran in the copy");
        }
    }

    // A name built on Shipping's (ShippingDbContext, OrderFulfillment.Shipping.Api); not the bare word, which names
    // the shipping contracts (OrderFulfillment.Contracts.Shipping) and the API's tag.
    [GeneratedRegex(@"\w*Shipping\w+|\w+Shipping\w*|(?:OrderFulfillment|ServiceCatalogue)\.Shipping\b")]
    private static partial Regex ShippingName();
}
