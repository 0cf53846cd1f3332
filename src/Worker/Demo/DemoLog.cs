using System.Globalization;
using System.Text;

namespace Settlement.Worker.Demo;

/// <summary>
/// The demo's log file (<c>worker.log</c> in its data folder): every framework and worker log line of the run goes
/// here instead of the terminal, which shows only the story. One line per entry, the exception below it.
/// </summary>
[ProviderAlias("DemoFile")]
public sealed class DemoLog : ILoggerProvider
{
    public const string FileName = "worker.log";

    private readonly StreamWriter _writer;
    private readonly Lock _gate = new();

    /// <summary>Starts the log afresh in <paramref name="dataDirectory"/> (created if needed): it is this run's.</summary>
    public DemoLog(string dataDirectory)
    {
        Directory.CreateDirectory(dataDirectory);
        Path = System.IO.Path.Combine(dataDirectory, FileName);
        _writer = new StreamWriter(new FileStream(Path, FileMode.Create, FileAccess.Write, FileShare.Read), new UTF8Encoding(false)) { AutoFlush = true };
    }

    public string Path { get; }

    public ILogger CreateLogger(string categoryName) => new Category(this, categoryName);

    public void Dispose()
    {
        lock (_gate)
        {
            _writer.Dispose();
        }
    }

    private void Write(string line)
    {
        lock (_gate)
        {
            // A line logged while the host shuts down, after the file closed, has nowhere to go.
            if (_writer.BaseStream.CanWrite)
            {
                _writer.WriteLine(line);
            }
        }
    }

    private sealed class Category(DemoLog log, string name) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            ArgumentNullException.ThrowIfNull(formatter);
            var time = TimeProvider.System.GetUtcNow().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
            var line = $"{time} {Level(logLevel)} {name}[{eventId.Id}] {formatter(state, exception)}";
            log.Write(exception is null ? line : $"{line}{Environment.NewLine}{exception}");
        }

        private static string Level(LogLevel level) => level switch
        {
            LogLevel.Trace => "trce",
            LogLevel.Debug => "dbug",
            LogLevel.Information => "info",
            LogLevel.Warning => "warn",
            LogLevel.Error => "fail",
            _ => "crit",
        };
    }
}
