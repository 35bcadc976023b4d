using OrderFulfillment.Contracts;
using OrderFulfillment.Orchestrator.Operations;
using OrderFulfillment.ServiceDefaults.Operations;

namespace OrderFulfillment.Orchestrator.Reconciliation;

/// <summary>A worker's ledger could not be read: the run stops without judging any order on missing facts.</summary>
public sealed class LedgerUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Reads the three workers' ledgers for a batch of orders through their <c>POST /operations/ledger</c>, in parallel.
/// </summary>
public sealed class WorkerLedgers(WorkerServices workers)
{
    public async Task<IReadOnlyDictionary<Guid, OrderLedgers>> ReadAsync(IReadOnlyList<Guid> orderIds,
        CancellationToken cancellationToken)
    {
        var read = await Task.WhenAll(WorkerServices.Names.Select(name => Read(name, orderIds, cancellationToken)));
        // By name, not position: the catalogue's order of workers is not the rules' concern.
        var ledgers = WorkerServices.Names.Zip(read).ToDictionary(l => l.First, l => l.Second);
        var (inventory, payments, shipping) = (ledgers[ServiceCatalogue.Inventory.Name],
            ledgers[ServiceCatalogue.Payments.Name], ledgers[ServiceCatalogue.Shipping.Name]);
        return orderIds.Distinct().ToDictionary(id => id,
            id => new OrderLedgers(inventory.GetValueOrDefault(id), payments.GetValueOrDefault(id),
                shipping.GetValueOrDefault(id)));
    }

    private async Task<Dictionary<Guid, OrderLedgerEntry>> Read(string service, IReadOnlyList<Guid> orderIds,
        CancellationToken cancellationToken)
    {
        var entries = new Dictionary<Guid, OrderLedgerEntry>();
        foreach (var chunk in orderIds.Distinct().Chunk(OrderLedgerEndpoint.MaxOrders))
        {
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(WorkerServices.Timeout);
                using var response =
                    await workers.SendAsync(service, HttpMethod.Post, OrderLedgerEndpoint.Path, workers.OwnToken,
                    JsonContent.Create(new OrderLedgerRequest(chunk)), timeout.Token);
                if (!response.IsSuccessStatusCode)
                {
                    throw new LedgerUnavailableException(
                        $"{service} answered {(int)response.StatusCode} {response.ReasonPhrase}");
                }

                var answer = await response.Content.ReadFromJsonAsync<OrderLedgerAnswer>(timeout.Token);
                foreach (var entry in answer?.Orders ?? [])
                {
                    entries[entry.OrderId] = entry;
                }
            }
            catch (Exception ex) when (
                ex is HttpRequestException or InvalidOperationException or System.Text.Json.JsonException
                || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                throw new LedgerUnavailableException($"{service} could not be read: {ex.Message}", ex);
            }
        }

        return entries;
    }
}
