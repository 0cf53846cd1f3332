using Settlement.Reconciliation.Intake;

namespace Settlement.Worker.Ingestion;

/// <summary>
/// Renews a file's claim in the background for as long as the file is worked on — reading, staging and feeding the
/// ledger alike — so a long step cannot outlast the lease and have another instance take the file over. When the
/// claim is lost anyway, <see cref="Token"/> is cancelled and the work stops (its transaction rolls back).
/// </summary>
public sealed class LeaseKeeper : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop;
    private readonly Task _renewing;

    private LeaseKeeper(Func<CancellationToken, Task<bool>> renew, TimeSpan every, CancellationToken cancellationToken)
    {
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _renewing = RenewAsync(renew, every);
    }

    /// <summary>Cancelled when the work must stop: the caller cancelled, or the claim was lost.</summary>
    public CancellationToken Token => _stop.Token;

    /// <summary>True when another instance took the claim over while this one worked.</summary>
    public bool Lost { get; private set; }

    public static LeaseKeeper Start(IntakeStore intake, long fileId, string instance, NodaTime.Duration lease, TimeSpan every, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(intake);
        return new LeaseKeeper(token => intake.RenewLeaseAsync(fileId, instance, lease, token), every, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await _stop.CancelAsync();
        }

        await _renewing;
        _stop.Dispose();
    }

    private async Task RenewAsync(Func<CancellationToken, Task<bool>> renew, TimeSpan every)
    {
        using var timer = new PeriodicTimer(every);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                if (await TryRenewAsync(renew) == false)
                {
                    Lost = true;
                    await _stop.CancelAsync();
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // The work ended, or the caller stopped it.
        }
    }

    // Null when the renewal could not be tried (the database briefly away): the next tick tries again, and the lease
    // outlives several ticks. Only a definite "not yours any more" stops the work.
    private async Task<bool?> TryRenewAsync(Func<CancellationToken, Task<bool>> renew)
    {
        try
        {
            return await renew(_stop.Token);
        }
        catch (Exception exception) when (exception is Npgsql.NpgsqlException or TimeoutException && !_stop.IsCancellationRequested)
        {
            return null;
        }
    }
}
