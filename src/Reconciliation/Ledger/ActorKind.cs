namespace Settlement.Reconciliation.Ledger;

/// <summary>What caused a change to the ledger; every audit row names one.</summary>
public enum ActorKind
{
    /// <summary>A line of an ingested file (the actor names the file).</summary>
    File,

    /// <summary>An automatic rule of the worker (capture before expiry, rebill, chargeback automation).</summary>
    Rule,

    /// <summary>A person, through the command line or the HTTP surface.</summary>
    Operator,

    /// <summary>The gateway, through a response or a webhook notification.</summary>
    Gateway,
}
