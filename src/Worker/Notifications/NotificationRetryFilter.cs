using Hangfire;
using Hangfire.States;
using Hangfire.Storage;
using Microsoft.Extensions.Options;

namespace Settlement.Worker.Notifications;

/// <summary>
/// The delivery jobs' retries, as configured (<see cref="NotificationsOptions.RetryAttempts"/>, delays): Hangfire's own
/// retry filter, applied to <see cref="NotificationDeliveryJob"/> only (the operations' global one retries only their
/// own exception). When the retries are used up the job waits Failed on the dashboard; a person's Requeue there starts
/// a fresh series, as it does for operations.
/// </summary>
public sealed class NotificationRetryFilter : IElectStateFilter, IApplyStateFilter
{
    private readonly AutomaticRetryAttribute _retry;

    public NotificationRetryFilter(IOptions<NotificationsOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _retry = new AutomaticRetryAttribute
        {
            Attempts = options.Value.RetryAttempts,
            DelaysInSeconds = options.Value.Delays,
            OnlyOn = [typeof(NotificationNotDeliveredException)],
            OnAttemptsExceeded = AttemptsExceededAction.Fail,
        };
    }

    public void OnStateElection(ElectStateContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (IsDelivery(context.BackgroundJob))
        {
            _retry.OnStateElection(context);
        }
    }

    public void OnStateApplied(ApplyStateContext context, IWriteOnlyTransaction transaction)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!IsDelivery(context.BackgroundJob))
        {
            return;
        }

        _retry.OnStateApplied(context, transaction);
        if (context.NewState is EnqueuedState && (context.OldStateName == FailedState.StateName || context.OldStateName == DeletedState.StateName))
        {
            context.Connection.SetJobParameter(context.BackgroundJob.Id, "RetryCount", "0");
        }
    }

    public void OnStateUnapplied(ApplyStateContext context, IWriteOnlyTransaction transaction)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (IsDelivery(context.BackgroundJob))
        {
            _retry.OnStateUnapplied(context, transaction);
        }
    }

    private static bool IsDelivery(BackgroundJob? job) => job?.Job?.Type == typeof(NotificationDeliveryJob);
}
