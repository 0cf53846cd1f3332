namespace Settlement.Reconciliation.Files.Profiles;

/// <summary>
/// A user profile that could not be loaded, with what could still be read of it: enough to tell a file that only it
/// would have fitted, so that such a file waits in quarantine with the profile's errors instead of a vaguer reason.
/// </summary>
/// <param name="Origin">The profile's file.</param>
/// <param name="Name">Its name, when the document gives one.</param>
/// <param name="HeaderColumns">The columns of one of its header rows, as far as they could be read (empty when none).</param>
/// <param name="Delimiter">Its delimiter, or ',' when unreadable.</param>
/// <param name="Errors">Every problem found, each with its JSON path.</param>
public sealed record UnloadableProfile(string Origin, string? Name, IReadOnlyList<string> HeaderColumns, char Delimiter, IReadOnlyList<ProfileError> Errors)
{
    /// <summary>"profiles/acme.json: $.amounts.gross.currency: expected …" (the first error, and how many more).</summary>
    public string Reason => Errors.Count switch
    {
        0 => $"{Origin}: could not be loaded",
        1 => Errors[0].ToString(),
        _ => $"{Errors[0]} (and {Errors.Count - 1} more)",
    };
}
