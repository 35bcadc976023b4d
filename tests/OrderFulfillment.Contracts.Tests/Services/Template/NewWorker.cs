namespace OrderFulfillment.Contracts.Tests.Services.Template;

/// <summary>
/// The template checklist followed to the letter for a worker named Returns, on a <see cref="RepositoryCopy"/>: one
/// method per step, numbered as in <see cref="TemplateChecklist.Path"/>. Steps 6 and 7 (its own domain and messages)
/// are the new service's own work: the copy keeps Shipping's, which the catalogue does not look at.
/// </summary>
internal sealed class NewWorker(RepositoryCopy copy, TemplateChecklist checklist)
{
    public const string Name = "Returns";
    public const string Key = "returns";
    public const string Port = "5084";
    public const string Project = "src/OrderFulfillment.Returns";
    public const string TestProject = "tests/OrderFulfillment.Returns.Tests";

    /// <summary>Every step but 5's <c>dotnet ef</c>, which builds the project (and 6 and 7, above).</summary>
    public async Task FollowAsync()
    {
        Step2Catalogue();
        Step3CopyAndStep4Rename();
        Step5DeleteShippingsMigrations();
        await Step8Solution();
        Step9AppHost();
        Step10Docker();
        Step11Orchestrator();
        Step12Pages();
        Step13EndToEnd();
    }

    /// <summary>
    /// Step 5's commands as the checklist writes them: they build the project (failing if it does not) and write its
    /// first migration. Null when all succeed, else what the failing one wrote.
    /// </summary>
    public async Task<string?> Step5InitialMigrationAsync()
    {
        foreach (var command in checklist.MigrationCommands)
        {
            var (exitCode, output) = await copy.DotnetAsync(TimeSpan.FromMinutes(6), command);
            if (exitCode != 0)
            {
                return $"dotnet {string.Join(' ', command)}:\n{output}";
            }
        }

        return null;
    }

    /// <summary>Shipping's names in a line, block or file name, as the new worker's.</summary>
    public static string Renamed(string shipping) => shipping
        .Replace("Shipping", Name, StringComparison.Ordinal)
        .Replace("shipping", Key, StringComparison.Ordinal)
        .Replace("SHIPPING", Key.ToUpperInvariant(), StringComparison.Ordinal)
        .Replace("5083", Port, StringComparison.Ordinal);

    private void Step2Catalogue() => copy.Edit("src/OrderFulfillment.Contracts/ServiceCatalogue.cs", text => text
        .Replace("    /// <summary>Every service,", $"""
            /// <summary>Returns.</summary>
            public static readonly ServiceDefinition {Name} = new("{Name}", "{Key}", {Port}, IsWorker: true);

            /// <summary>Every service,
        """, StringComparison.Ordinal)
        .Replace("Payments, Shipping];", $"Payments, Shipping, {Name}];", StringComparison.Ordinal));

    private void Step3CopyAndStep4Rename()
    {
        copy.CopyFolder("src/OrderFulfillment.Shipping", Project, ApplyRenames);
        copy.CopyFolder("tests/OrderFulfillment.Shipping.Tests", TestProject, ApplyRenames);
        copy.Edit(Project + "/appsettings.json", text => text
            .Replace("http://localhost:5083", "http://localhost:" + Port, StringComparison.Ordinal)
            .Replace("Database=shipping", "Database=" + Key, StringComparison.Ordinal));
    }

    private void Step5DeleteShippingsMigrations() => copy.DeleteFolder(Project + "/Migrations");

    private async Task Step8Solution()
    {
        var (exitCode, output) = await copy.DotnetAsync(TimeSpan.FromMinutes(1), "sln", "add", Project, TestProject);
        Assert.That(exitCode, Is.Zero, output);
        copy.ChangedBy("OrderFulfillment.sln");
    }

    private void Step9AppHost()
    {
        copy.Edit("src/OrderFulfillment.AppHost/OrderFulfillment.AppHost.csproj",
            text => DuplicateLines(text, l => l.Contains("OrderFulfillment.Shipping", StringComparison.Ordinal)));
        copy.Edit("src/OrderFulfillment.AppHost/appsettings.json", text => text.Replace(
            "\"Shipping\": { \"Url\": \"http://localhost:5083\" }",
            "\"Shipping\": { \"Url\": \"http://localhost:5083\" },\n"
            + $"    \"{Name}\": {{ \"Url\": \"http://localhost:{Port}\" }}",
            StringComparison.Ordinal));
        copy.Edit("src/OrderFulfillment.AppHost/README.md", text => text
            .Replace("shipping on :5083)", $"shipping on :5083, {Key} on :{Port})", StringComparison.Ordinal)
            .Replace("`Payments`, `Shipping`)", $"`Payments`, `Shipping`, `{Name}`)", StringComparison.Ordinal));
    }

    private void Step10Docker()
    {
        copy.Edit("docker/postgres/init.sh", text => DuplicateLines(text, l => l == "service_database shipping"));
        copy.Edit("docker/.env.example",
            text => DuplicateLines(text, l => l.StartsWith("SHIPPING_", StringComparison.Ordinal)));
        copy.Edit("docker/docker-compose.yml", text => DuplicateBlock(
            DuplicateBlock(text, "  # Shipping: shipments.", "    restart: unless-stopped\n"),
            "  shipping_migrator_password:\n", "SHIPPING_APP_PASSWORD\n")
            .Replace("shipping_migrator_password, shipping_app_password]",
                "shipping_migrator_password, shipping_app_password,\n"
                + $"      {Key}_migrator_password, {Key}_app_password]",
                StringComparison.Ordinal));
        copy.Edit("docker/Dockerfile", text => DuplicateBlock(text, "FROM service AS shipping\n", ".dll\"]\n")
            .Replace("Payments Shipping; do", $"Payments Shipping {Name}; do", StringComparison.Ordinal));
        copy.Edit("docker/prometheus/prometheus.yml",
            text => DuplicateBlock(text, "  - job_name: shipping\n", "\"]\n"));
    }

    private void Step11Orchestrator()
    {
        copy.Edit("src/OrderFulfillment.Orchestrator/Operations/WorkerServicesOptions.cs",
            text => DuplicateBlock(text, "    /// <summary><c>Services:Shipping:Url</c>.", "new();\n\n"));
        copy.Edit("src/OrderFulfillment.Orchestrator/Operations/WorkerServices.cs",
            text => DuplicateLines(text, l => l.Contains("\"Shipping\" =>", StringComparison.Ordinal)));
    }

    private void Step12Pages()
    {
        copy.Edit("docs/api.md",
            text => DuplicateLines(text, l => l.StartsWith("| shipping |", StringComparison.Ordinal)));
        copy.Edit("docs/architecture.md", text => DuplicateLines(text, l =>
            l.StartsWith("| `src/OrderFulfillment.Shipping` |", StringComparison.Ordinal)
            || l.Contains("shipping[\"Shipping<br/>", StringComparison.Ordinal)));
        copy.Edit("docker/README.md",
            text => DuplicateLines(text, l => l.StartsWith("| `shipping`", StringComparison.Ordinal)));
    }

    private void Step13EndToEnd()
    {
        copy.Edit("tests/OrderFulfillment.EndToEnd.Tests/Platform.cs", text => DuplicateLines(text, l =>
                l is "using OrderFulfillment.Shipping;" or "        Shipping?.Dispose();"
                || l.Contains("HttpClient Shipping {", StringComparison.Ordinal)
                || l.Contains("Start<ShippingDbContext>", StringComparison.Ordinal))
            .Replace("Payments, Shipping }", $"Payments, Shipping, {Name} }}", StringComparison.Ordinal));
        copy.Edit("tests/OrderFulfillment.EndToEnd.Tests/OrderFulfillment.EndToEnd.Tests.csproj",
            text => DuplicateLines(text, l => l.Contains("Shipping.csproj", StringComparison.Ordinal)));
    }

    private string ApplyRenames(string text) =>
        checklist.Renames.Aggregate(text, (t, r) => t.Replace(r.From, r.To, StringComparison.Ordinal));

    /// <summary>Each line <paramref name="isShippings"/> picks, followed by its <see cref="Renamed"/> copy.</summary>
    private static string DuplicateLines(string text, Func<string, bool> isShippings) => string.Join('\n',
        text.Split('\n').SelectMany(l => isShippings(l) ? new[] { l, Renamed(l) } : [l]));

    /// <summary>The block from <paramref name="start"/> to the next <paramref name="end"/>, then its copy.</summary>
    private static string DuplicateBlock(string text, string start, string end)
    {
        var from = text.IndexOf(start, StringComparison.Ordinal);
        Assert.That(from, Is.Not.Negative, $"no block starting {start}");
        var to = text.IndexOf(end, from, StringComparison.Ordinal) + end.Length;
        var block = text[from..to];
        return text[..to] + Renamed(block) + text[to..];
    }
}
