namespace Settlement.Reconciliation.Logging;

/// <summary>
/// Every log event id of the worker, the simulator and the core, one nested class per area, each area pinned to
/// a range of its own (<c>First</c>..<c>Last</c>) so that a dashboard or an alert can select an area by range and a
/// new event finds its number without a search. Ids never change once shipped: alerts are written against them.
/// A test checks that every <c>[LoggerMessage]</c> in the assemblies uses an id of this list, once, inside its area.
/// </summary>
public static class LogEvents
{
    /// <summary>10–299: The database: the data folder, the embedded PostgreSQL cluster, schema migrations.</summary>
    public static class Database
    {
        public const int First = 10;
        public const int Last = 299;

        public const int DataFolderEmbedded = 10;
        public const int DataFolderConfigured = 11;
        public const int SchemaCurrent = 12;
        public const int Migration = 100;
        public const int ClusterRelocated = 200;
        public const int ClusterCreating = 201;
        public const int ClusterStarted = 202;
        public const int ClusterReused = 203;
        public const int DatabaseCreated = 204;
        public const int ClusterStopped = 205;
        public const int ClusterLeftRunning = 206;
    }

    /// <summary>600–619: Gateway webhooks: the endpoint and the inbox.</summary>
    public static class Webhooks
    {
        public const int First = 600;
        public const int Last = 619;

        public const int Received = 600;
        public const int Unusable = 601;
        public const int RefusedByLedger = 602;
        public const int Refused = 610;
        public const int NoKey = 611;
        public const int Ignored = 612;
        public const int NotStored = 613;
    }

    /// <summary>620–699: The gateway simulator the worker starts when no gateway is configured.</summary>
    public static class BuiltInSimulator
    {
        public const int First = 620;
        public const int Last = 699;

        public const int Started = 620;
        public const int Learned = 621;
    }

    /// <summary>700–799: The gateway simulator itself.</summary>
    public static class GatewaySimulator
    {
        public const int First = 700;
        public const int Last = 799;

        public const int WebhookNotDelivered = 700;
        public const int WebhookDropped = 701;
        public const int WebhookAnswered = 702;
    }

    /// <summary>1000–1099: The ledger: legs recorded and refused.</summary>
    public static class Ledger
    {
        public const int First = 1000;
        public const int Last = 1099;

        public const int Recorded = 1000;
        public const int RecordedWithWarning = 1001;
        public const int Refused = 1002;
    }

    /// <summary>3000–3099: The gateway client.</summary>
    public static class Gateway
    {
        public const int First = 3000;
        public const int Last = 3099;

        public const int Sending = 3000;
        public const int Answered = 3001;
        public const int OutcomeUnknown = 3002;
        public const int NotSent = 3003;
        public const int RefusedBeforeSending = 3004;
        public const int Throttled = 3005;
        public const int ThrottledTooLong = 3006;
    }

    /// <summary>3100–3199: File claims: who processes which file.</summary>
    public static class Intake
    {
        public const int First = 3100;
        public const int Last = 3199;

        public const int Claim = 3100;
        public const int ClaimTakenOver = 3101;
    }

    /// <summary>4000–4099: Loading a file, and the format profiles it is read with.</summary>
    public static class Ingestion
    {
        public const int First = 4000;
        public const int Last = 4099;

        public const int Processed = 4000;
        public const int Duplicate = 4001;
        public const int Quarantined = 4002;
        public const int MoveFinished = 4003;
        public const int ProfileUnloadable = 4010;
    }

    /// <summary>4100–4199: The drop folder watcher.</summary>
    public static class DropFolder
    {
        public const int First = 4100;
        public const int Last = 4199;

        public const int Watching = 4100;
        public const int FileFailed = 4102;
        public const int ReconcileFailed = 4103;
    }

    /// <summary>4200–4299: The command line.</summary>
    public static class Commands
    {
        public const int First = 4200;
        public const int Last = 4299;

        public const int IngestFailed = 4200;
    }

    /// <summary>4300–4399: Reconciliation started by the host (after files, nightly).</summary>
    public static class ReconciliationRun
    {
        public const int First = 4300;
        public const int Last = 4399;

        public const int Reconciled = 4300;
    }

    /// <summary>5000–5099: Matching settlement lines to legs, and missing settlements.</summary>
    public static class Matching
    {
        public const int First = 5000;
        public const int Last = 5099;

        public const int Decided = 5000;
        public const int ContestedLegs = 5001;
        public const int Step = 5002;
        public const int MissingAged = 5010;
    }

    /// <summary>5100–5149: Operations executed at the gateway.</summary>
    public static class OperationExecution
    {
        public const int First = 5100;
        public const int Last = 5149;

        public const int Executed = 5100;
        public const int Adopted = 5101;
        public const int RefusedByGateway = 5102;
        public const int LedgerDisagrees = 5103;
    }

    /// <summary>5150–5199: Dispute automation.</summary>
    public static class Disputes
    {
        public const int First = 5150;
        public const int Last = 5199;

        public const int Acted = 5150;
    }

    /// <summary>5200–5299: Operations requested, approved and retried.</summary>
    public static class OperationRequests
    {
        public const int First = 5200;
        public const int Last = 5299;

        public const int Requested = 5200;
        public const int Refused = 5201;
        public const int Retried = 5202;
        public const int AwaitingApproval = 5203;
        public const int Approved = 5204;
        public const int StoredEnqueued = 5205;
        public const int Withdrawn = 5206;
    }

    /// <summary>5300–5399: The operations' host services.</summary>
    public static class OperationsHost
    {
        public const int First = 5300;
        public const int Last = 5399;

        public const int MissingGateway = 5300;
    }

    /// <summary>5400–5499: The capture sweep.</summary>
    public static class CaptureBeforeExpiry
    {
        public const int First = 5400;
        public const int Last = 5499;

        public const int Swept = 5400;
        public const int FoundExpired = 5401;
    }

    /// <summary>5600–5699: Final amounts of estimated authorizations.</summary>
    public static class FinalAmounts
    {
        public const int First = 5600;
        public const int Last = 5699;

        public const int Acted = 5600;
        public const int Waiting = 5601;
    }

    /// <summary>5700–5799: The nightly schedules and their runs.</summary>
    public static class Schedules
    {
        public const int First = 5700;
        public const int Last = 5799;

        public const int JobStarted = 5700;
        public const int JobSucceeded = 5701;
        public const int JobFailed = 5702;
        public const int JobAlreadyTaken = 5703;
        public const int JobWithoutWork = 5704;
        public const int RunsAbandoned = 5705;
        public const int ScheduleKept = 5710;
        public const int ScheduleChanged = 5711;
        public const int ScheduleDisabled = 5712;
        public const int ScheduleRemoved = 5713;
    }

    /// <summary>5800–5899: Retention.</summary>
    public static class Retention
    {
        public const int First = 5800;
        public const int Last = 5899;

        public const int Run = 5800;
        public const int PartitionsCreated = 5801;
        public const int MonthDropped = 5802;
    }

    /// <summary>5900–5999: The demo.</summary>
    public static class Demo
    {
        public const int First = 5900;
        public const int Last = 5999;

        public const int StoppedEarly = 5900;
    }

    /// <summary>6100–6199: SFTP sources.</summary>
    public static class RemoteSources
    {
        public const int First = 6100;
        public const int Last = 6199;

        public const int Pulled = 6100;
        public const int SourceFailed = 6101;
        public const int FileNotTaken = 6102;
        public const int FileFailed = 6103;
        public const int FileTakenOver = 6104;
        public const int HostKeyPinned = 6120;
    }

    /// <summary>6400–6499: Notifications: decided into the outbox, delivered to the webhook.</summary>
    public static class Notifications
    {
        public const int First = 6400;
        public const int Last = 6499;

        public const int Decided = 6400;
        public const int Delivered = 6401;
        public const int NotDelivered = 6402;
    }
}
