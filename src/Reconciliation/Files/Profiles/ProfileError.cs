namespace Settlement.Reconciliation.Files.Profiles;

/// <summary>Why a profile document was refused: the file (or shipped resource), the field at fault as a JSON path, and the reason.</summary>
public sealed record ProfileError(string Origin, string Field, string Reason)
{
    public override string ToString() => $"{Origin}: {Field}: {Reason}";
}
