using Settlement.Reconciliation.Exceptions;

namespace Settlement.Reconciliation.RemoteSources;

/// <summary>Why a source could not be used; each is an exception kind of its own (<c>recon.exceptions.kind</c>).</summary>
public enum RemoteFailureKind
{
    /// <summary>No connection: the host does not answer, refuses the port, the session broke, or the folder cannot be listed.</summary>
    Unreachable,

    /// <summary>The server refused our credentials (the client key, or the password).</summary>
    KeyRefused,

    /// <summary>The server showed a host key other than the pinned one: a changed server, or someone in between.</summary>
    HostKeyMismatch,
}

public static class RemoteFailureKinds
{
    /// <summary>The exception kind a failure raises.</summary>
    public static ExceptionKind ToExceptionKind(this RemoteFailureKind kind) => kind switch
    {
        RemoteFailureKind.Unreachable => ExceptionKind.SourceUnreachable,
        RemoteFailureKind.KeyRefused => ExceptionKind.SourceKeyRefused,
        RemoteFailureKind.HostKeyMismatch => ExceptionKind.SourceHostKeyMismatch,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a failure kind"),
    };

    /// <summary>The <c>failure_kind</c> code, the same as its exception kind's: <c>source_unreachable</c>, <c>source_key_refused</c>, <c>source_host_key_mismatch</c>.</summary>
    public static string ToCode(this RemoteFailureKind kind) => kind.ToExceptionKind().Code;
}
