using System.Net;
using Confluent.SchemaRegistry;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RegistrySchema = Confluent.SchemaRegistry.Schema;

namespace OrderFulfillment.Messaging.Avro;

/// <summary>
/// Runs before the bus starts and resolves the id of every contract's latest schema (with
/// <see cref="AvroSerializationOptions.AutoRegisterSchemas"/>, after giving each subject without a compatibility mode
/// its contract's mode and registering every version in order). A schema that is missing, or that the registry refuses as incompatible, stops the
/// service from starting, with every problem in one message, rather than failing on the first produce.
/// </summary>
internal sealed partial class SchemaRegistration(IOptions<AvroSerializationOptions> options, RegisteredSchemas schemas, ILogger<SchemaRegistration> logger)
    : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        foreach (var contract in options.Value.Contracts.All.OrderBy(c => c.Subject, StringComparer.Ordinal))
        {
            try
            {
                // A C# record that disagrees with its own schema is a build error: say so now, not on the first record.
                contract.VerifyMapping();
                var id = await schemas.Resolve(contract);
                LogResolved(logger, contract, id);
            }
            catch (Exception ex) when (ex is SchemaRegistryException or InvalidOperationException)
            {
                problems.Add(await Explain(contract, ex));
            }
        }

        if (problems.Count > 0)
        {
            throw new InvalidOperationException(
                $"The schema registry at {options.Value.SchemaRegistry.Url} does not hold this build's schemas:{Environment.NewLine}- " +
                string.Join(Environment.NewLine + "- ", problems));
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task<string> Explain(AvroContract contract, Exception ex)
    {
        if (ex is SchemaRegistryException { Status: HttpStatusCode.Conflict })
        {
            return $"{contract} is incompatible with the versions registered under {contract.Subject}: {ex.Message}";
        }

        try
        {
            var compatible = await schemas.Client.IsCompatibleAsync(contract.Subject, new RegistrySchema(contract.SchemaText, SchemaType.Avro));
            return compatible
                ? $"{contract} is not registered under {contract.Subject} (it would be compatible): {ex.Message}"
                : $"{contract} is not registered under {contract.Subject}, and it is incompatible with the versions there: {ex.Message}";
        }
        catch (SchemaRegistryException)
        {
            return $"{contract}: {ex.Message}";
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Schema of {Contract} has registry id {Id}")]
    private static partial void LogResolved(ILogger logger, AvroContract contract, int id);
}
