namespace Settlement.Reconciliation;

/// <summary>
/// The outcome of an operation that a rule can refuse: either a value or the reason it was refused.
/// Rejections are expected outcomes in this domain (a refund above the refundable amount, a malformed
/// amount on a line), so they travel as values rather than exceptions.
/// </summary>
public readonly struct Result<TValue, TError>
    where TValue : notnull
    where TError : notnull
{
    private readonly TValue? _value;
    private readonly TError? _error;

    private Result(TValue? value, TError? error, bool isSuccess)
    {
        _value = value;
        _error = error;
        IsSuccess = isSuccess;
    }

    public bool IsSuccess { get; }

    public bool IsFailure => !IsSuccess;

    /// <summary>The value; throws when the result is a failure, which is a bug in the caller.</summary>
    public TValue Value => IsSuccess ? _value! : throw new InvalidOperationException($"The result is a failure: {_error}");

    /// <summary>The error; throws when the result is a success, which is a bug in the caller.</summary>
    public TError Error => IsFailure ? _error! : throw new InvalidOperationException("The result is a success.");

#pragma warning disable CA1000 // Static factories on the generic type read best at call sites: Result<Money, MoneyError>.Success(m).
    public static Result<TValue, TError> Success(TValue value) => new(value, default, true);

    public static Result<TValue, TError> Failure(TError error) => new(default, error, false);
#pragma warning restore CA1000

    public static implicit operator Result<TValue, TError>(TValue value) => Success(value);

    public static implicit operator Result<TValue, TError>(TError error) => Failure(error);

    public bool TryGetValue(out TValue value, out TError error)
    {
        value = _value!;
        error = _error!;
        return IsSuccess;
    }

    public override string ToString() => IsSuccess ? $"Success({_value})" : $"Failure({_error})";
}
