namespace Settlement.Worker.Commands;

/// <summary>
/// What a command runs with: the built host (its database open), standard output for its answer, standard error
/// for what went wrong, and the token that Ctrl-C cancels.
/// </summary>
public sealed class CommandContext(IHost host, TextWriter output, TextWriter error, CancellationToken cancellation)
{
    public IHost Host { get; } = host;

    public TextWriter Output { get; } = output;

    public TextWriter Error { get; } = error;

    public CancellationToken Cancellation { get; } = cancellation;

    /// <summary>
    /// A service of the host, or one made from its services when it is not registered: a command's runner needs no
    /// registration of its own.
    /// </summary>
    public T Service<T>()
        where T : notnull => ActivatorUtilities.GetServiceOrCreateInstance<T>(Host.Services);
}
