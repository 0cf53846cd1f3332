namespace Settlement.Reconciliation.Ledger;

/// <summary>Who or what made a change, and why; stored on the change's audit row.</summary>
/// <param name="Kind">The kind of actor.</param>
/// <param name="Name">The file name, rule name, operator's name or gateway endpoint.</param>
/// <param name="Reason">Why the change was made, in words a person reading the audit trail understands.</param>
public sealed record AuditActor(ActorKind Kind, string Name, string Reason)
{
    public static AuditActor Operator(string name, string reason) => new(ActorKind.Operator, name, reason);

    public static AuditActor Rule(string name, string reason) => new(ActorKind.Rule, name, reason);

    public static AuditActor File(string name, string reason) => new(ActorKind.File, name, reason);

    public static AuditActor Gateway(string name, string reason) => new(ActorKind.Gateway, name, reason);
}
