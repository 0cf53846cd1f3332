namespace Settlement.Reconciliation.Files.Profiles;

/// <summary>
/// One layout of a report: found by its own header row (rows below belong to it until another section's header) or
/// by a condition on each row; its rows are read with that header, its own <see cref="Layout"/>, or the header seen
/// last; each data row becomes lines through <see cref="Lines"/>.
/// </summary>
/// <remarks>
/// <para><c>HeaderColumns</c>: The columns its header row contains; null when it has no header row.</para>
/// <para><c>HeaderOptional</c>: Whether the header need not be in a file for the profile to fit it.</para>
/// <para><c>Keep</c>: Rows of the section that are data; the others are ignored (null: all).</para>
/// <para><c>Carry</c>: Values each data row of the section keeps for the rows below it (a payout row's id for its transactions).</para>
/// </remarks>
internal sealed record ProfileSection(
    string Name,
    IReadOnlyList<string>? HeaderColumns,
    bool HeaderOptional,
    RowLayout? Layout,
    RowCondition? When,
    RowCondition? Keep,
    IReadOnlyList<LineMapping> Lines,
    IReadOnlyDictionary<string, ProfileValue> Carry);
