namespace Settlement.Reconciliation.Notifications;

/// <summary>What one decision run did: notifications new in the outbox, and delivery jobs enqueued (new ones and any left without a job).</summary>
public sealed record NotificationSweepResult(int Decided, int Enqueued)
{
    public override string ToString() => $"notifications: {Decided} decided, {Enqueued} enqueued";
}
