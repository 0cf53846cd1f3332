namespace Settlement.Worker.Commands;

/// <summary>
/// Ctrl-C from the first moment: the first press cancels <see cref="Token"/>, so a command rolls back what it was
/// doing and exits 130, and the running worker stops gracefully even while it is still opening its database or
/// starting (before the host listens for Ctrl-C itself, the default would end the process and leave the embedded
/// PostgreSQL running). A second press ends a command at once.
/// </summary>
public sealed class CommandInterrupt : IDisposable
{
    private readonly CancellationTokenSource _pressed = new();
    private Action? _alsoOnPress;

    public CommandInterrupt() => Console.CancelKeyPress += OnCancelKeyPress;

    public CancellationToken Token => _pressed.Token;

    public bool Requested => _pressed.IsCancellationRequested;

    /// <summary>Also does <paramref name="action"/> on the first press (the host's stop), or now if it came already.</summary>
    public void AlsoOnPress(Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        _alsoOnPress = action;
        if (Requested)
        {
            action();
        }
    }

    public void Dispose()
    {
        Console.CancelKeyPress -= OnCancelKeyPress;
        _pressed.Dispose();
    }

    private void OnCancelKeyPress(object? sender, ConsoleCancelEventArgs press)
    {
        if (!_pressed.IsCancellationRequested)
        {
            press.Cancel = true;
            _pressed.Cancel();
            _alsoOnPress?.Invoke();
        }
    }
}
