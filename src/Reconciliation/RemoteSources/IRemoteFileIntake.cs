namespace Settlement.Reconciliation.RemoteSources;

/// <summary>
/// Hands a downloaded file to the worker's file intake — the same one the drop folder feeds — which claims it by
/// content, processes it (or records a duplicate, or quarantines it) and moves it out of the staging folder.
/// </summary>
public interface IRemoteFileIntake
{
    Task<HandOver> TakeInAsync(string localPath, CancellationToken cancellationToken);
}

/// <summary>What the intake made of a handed-over file.</summary>
/// <param name="Status"><c>processed</c>, <c>duplicate</c>, <c>quarantined</c>, or <c>skipped</c> when another instance is taking in the same content right now.</param>
/// <param name="IntakeFileId">Its row in <c>intake.files</c>, when it has one.</param>
/// <param name="Summary">A short line for the report.</param>
public sealed record HandOver(string Status, long? IntakeFileId, string Summary)
{
    /// <summary>The intake has the file for good (it is processed, a duplicate, or quarantined, and left the staging folder).</summary>
    public bool IsFinal => Status is "processed" or "duplicate" or "quarantined";
}
