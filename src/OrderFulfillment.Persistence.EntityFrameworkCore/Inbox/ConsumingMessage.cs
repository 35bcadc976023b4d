using MassTransit;

namespace OrderFulfillment.Persistence.EntityFrameworkCore.Inbox;

/// <summary>
/// The message being consumed inside the inbox/outbox transaction, for code that runs in that transaction but is not
/// handed the consume context: EF Core interceptors above all. Pooled DbContexts (and their interceptors) outlive
/// any one consume scope, so they cannot take the scope's consume context by injection; this flows with the call.
/// </summary>
public static class ConsumingMessage
{
    private static readonly AsyncLocal<ConsumeContext?> Context = new();

    /// <summary>The consume context of the message whose transaction the caller runs in, or null outside one.</summary>
    public static ConsumeContext? Current => Context.Value;

    internal static void Set(ConsumeContext? context) => Context.Value = context;
}
