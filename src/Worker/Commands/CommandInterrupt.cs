namespace Settlement.Worker.Commands;

/// <summary>
/// Ctrl-C for a command that ends by itself: the first press cancels <see cref="Token"/>, so the command rolls back
/// what it was doing and exits 130; a second press ends the process at once. The running worker leaves Ctrl-C to
/// the host, which stops gracefully.
/// </summary>
public sealed class CommandInterrupt : IDisposable
{
    private readonly CancellationTokenSource _pressed = new();

    public CommandInterrupt() => Console.CancelKeyPress += OnCancelKeyPress;

    public CancellationToken Token => _pressed.Token;

    public bool Requested => _pressed.IsCancellationRequested;

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
        }
    }
}
