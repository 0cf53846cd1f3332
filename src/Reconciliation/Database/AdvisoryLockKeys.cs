namespace Settlement.Reconciliation.Database;

/// <summary>
/// The PostgreSQL advisory-lock keys the worker takes, in one place so that no two uses share a key by accident
/// (an advisory lock is only a number: two features on one key would wait on each other, or worse, exclude each
/// other silently). All share the prefix <c>0x5e771e</c> ("settle") and are held by every instance of a cluster.
/// A test checks they are distinct.
/// </summary>
public static class AdvisoryLockKeys
{
    /// <summary>Schema migrations, one instance after the other (session lock on its own connection).</summary>
    public const long Migrations = 0x5e771e_3e47;

    /// <summary>Matching, missing-settlement aging and retention: one of them at a time.</summary>
    public const long Matching = 0x5e771e_3a7c;

    /// <summary>Dispute automation: one instance acts on dispute events at a time (try-lock; the others skip).</summary>
    public const long Disputes = 0x5e771e_d15b;

    /// <summary>Final amounts of estimated authorizations: one instance acts at a time (try-lock).</summary>
    public const long FinalAmounts = 0x5e771e_f1a1;

    /// <summary>Deciding notifications: one instance decides and enqueues at a time (try-lock; the others skip).</summary>
    public const long Notifications = 0x5e771e_a071;

    /// <summary>Synchronizing the Quartz schedules with the configuration at start-up.</summary>
    public const long Schedules = 0x5e771e_5c4d;

    /// <summary>
    /// Not a key but the prefix of one per operation: <c>hashtextextended(OperationPrefix || operation id, 0)</c>
    /// holds an operation for one execution. Its keys are spread over the whole 64-bit space, so one meeting a
    /// key above is as likely as any two 64-bit hashes colliding.
    /// </summary>
    public const string OperationPrefix = "settlement.operation:";

    /// <summary>
    /// Planning operations: requests hold it shared (and their payment's key, <see cref="OperationPlanningPrefix"/>),
    /// the capture sweep exclusively between its bulk read and the commit of its rows.
    /// </summary>
    public const long OperationPlanning = 0x5e771e_09a1;

    /// <summary>The prefix of one key per payment: <c>hashtextextended(OperationPlanningPrefix || payment id, 0)</c> holds its planning.</summary>
    public const string OperationPlanningPrefix = "settlement.operation-planning:";
}
