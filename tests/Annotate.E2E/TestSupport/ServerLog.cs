using Microsoft.Extensions.Logging;

namespace Annotate.E2E.TestSupport;

/// <summary>
/// Collects what the app logs at Warning and above, so a flow can assert that nothing went wrong on the server and a
/// failure report can show why. Also appends to &lt;test-output&gt;/logs/app-&lt;instance&gt;.log.
/// </summary>
public sealed class ServerLog : ILoggerProvider
{
    private readonly List<string> entries = [];
    private readonly Lock gate = new();
    private readonly string path;

    public ServerLog(string instanceName)
    {
        var directory = Path.Combine(Path.GetDirectoryName(Screenshots.Directory)!, "logs");
        Directory.CreateDirectory(directory);
        path = Path.Combine(directory, $"app-{instanceName}.log");
    }

    /// <summary>A position in the log, to ask later what was logged after it.</summary>
    public int Mark()
    {
        lock (gate)
        {
            return entries.Count;
        }
    }

    /// <summary>Entries logged at Error or Critical after <paramref name="mark"/> (from the start by default).</summary>
    public IReadOnlyList<string> ErrorsSince(int mark = 0)
    {
        lock (gate)
        {
            return [.. entries.Skip(mark).Where(e => e.StartsWith("Error", StringComparison.Ordinal) || e.StartsWith("Critical", StringComparison.Ordinal))];
        }
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private void Write(LogLevel level, string category, string message, Exception? exception)
    {
        var entry = $"{level} {category}: {message}{(exception is null ? "" : Environment.NewLine + exception)}";
        lock (gate)
        {
            entries.Add(entry);
            File.AppendAllText(path, $"{DateTime.UtcNow:HH:mm:ss.fff} {entry}{Environment.NewLine}");
        }
    }

    private sealed class Logger(ServerLog owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                owner.Write(logLevel, category, formatter(state, exception), exception);
            }
        }
    }
}
