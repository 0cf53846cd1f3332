namespace Settlement.Reconciliation.Webhooks;

/// <summary>A webhook as it travels: the hex body and the values of its two headers.</summary>
public sealed record EncryptedWebhook(string BodyHex, string IvHex, string TagHex)
{
    public const string IvHeader = "X-Initialization-Vector";
    public const string TagHeader = "X-Authentication-Tag";
}
