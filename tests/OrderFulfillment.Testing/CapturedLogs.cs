using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace OrderFulfillment.Testing;

/// <summary>
/// Every log line of a host at every level, with its exception, for tests of what a service writes (that no secret
/// reaches the logs, say). <see cref="AddTo"/> registers it with its own Trace filter, which outranks the host's
/// configured minimum levels.
/// </summary>
public sealed class CapturedLogs : ILoggerProvider, ILogger
{
    private readonly ConcurrentQueue<string> _lines = new();

    /// <summary>Each line as <c>category: message</c>, followed by its exception's text when it has one.</summary>
    public IReadOnlyCollection<string> Lines => _lines;

    /// <summary>Adds this provider to <paramref name="services"/> for every category at every level.</summary>
    public void AddTo(IServiceCollection services) =>
        services.AddLogging(logging => logging.AddProvider(this).AddFilter<CapturedLogs>(null, LogLevel.Trace));

    public ILogger CreateLogger(string categoryName) => new Category(this, categoryName);

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception,
        Func<TState, Exception?, string> formatter) =>
        _lines.Enqueue(
            formatter(state, exception) + (exception is null ? string.Empty : Environment.NewLine + exception));

    public void Dispose()
    {
    }

    private sealed class Category(CapturedLogs logs, string name) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception,
            Func<TState, Exception?, string> formatter) =>
            logs.Log(logLevel, eventId, state, exception, (s, e) => $"{name}: {formatter(s, e)}");
    }
}
