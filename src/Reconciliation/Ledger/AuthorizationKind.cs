namespace Settlement.Reconciliation.Ledger;

/// <summary>How a PA was authorized; decides its expiry window and whether a final amount is expected.</summary>
public enum AuthorizationKind
{
    /// <summary>The amount is final; the default.</summary>
    Final,

    /// <summary>A pre-authorization whose final amount may be lower (up to the authorized amount).</summary>
    Pre,

    /// <summary>An estimate (hotel stay, taxi ride): the final amount can differ either way.</summary>
    Estimated,

    /// <summary>An authorization that increments raised; each increment restarts the window.</summary>
    Incremental,
}
