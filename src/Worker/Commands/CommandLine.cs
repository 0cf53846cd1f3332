namespace Settlement.Worker.Commands;

/// <summary>
/// Splits the arguments into the command (with its own arguments) and configuration overrides. Settings
/// are always <c>--Key=value</c> (e.g. <c>--Settlement:DataDirectory=/srv/settlement</c>); anything else
/// belongs to the command.
/// </summary>
public static class CommandLine
{
    public const string Usage = "usage: settlement [run] | demo [--exit] | ingest <file-or-folder>... [--json] | report [--date YYYY-MM-DD] [--json] | exceptions [--open] [--json|--csv] | exceptions resolve <id> --note TEXT [--by NAME] | schedules [--json] | sweep captures [--dry-run] [--json] | sources list [--json] | sources check <name> | sources pull <name> | op ...   (settings: --Key=value)";

    private const string ReasonCodeOption = "--reason-code";

    public static (WorkerCommand Command, string[] Settings) Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        // "--reason-code=X" has the shape of a setting but belongs to op.
        var settings = args.Where(arg => IsSetting(arg) && !arg.StartsWith(ReasonCodeOption + "=", StringComparison.Ordinal)).ToArray();
        var words = args.Where(arg => !settings.Contains(arg)).ToList();
        if (words.Count == 0)
        {
            return (new RunCommand(), settings);
        }

        var rest = words.Skip(1).ToList();
        WorkerCommand command = words[0] switch
        {
            "run" when rest.Count == 0 => new RunCommand(),
            "run" => new UsageError($"run takes no arguments, got '{rest[0]}'"),
            "demo" => rest switch
            {
                [] => new DemoCommand(ExitWhenDone: false),
                ["--exit"] => new DemoCommand(ExitWhenDone: true),
                _ => new UsageError($"demo: unexpected '{string.Join(' ', rest)}'; usage: demo [--exit]"),
            },
            "ingest" => ParseIngest(rest),
            "op" => ParseOp(rest),
            "report" => ParseReport(rest),
            "exceptions" => ParseExceptions(rest),
            "schedules" => rest.Remove("--json") && rest.Count == 0 ? new SchedulesCommand(Json: true)
                : rest.Count == 0 ? new SchedulesCommand(Json: false)
                : new UsageError($"schedules: unexpected '{rest[0]}'; usage: schedules [--json]"),
            "sweep" => ParseSweep(rest),
            "sources" => ParseSources(rest),
            "help" or "--help" or "-h" => new UsageError(Usage),
            _ => new UsageError($"unknown command '{words[0]}'; {Usage}"),
        };
        return (command, settings);
    }

    private static WorkerCommand ParseSweep(List<string> rest)
    {
        if (rest.Count == 0 || rest[0] != "captures")
        {
            return new UsageError($"sweep: name what to sweep; {SweepCapturesCommand.Usage}");
        }

        var options = rest.Skip(1).ToList();
        var dryRun = options.Remove("--dry-run");
        var json = options.Remove("--json");
        return options.Count == 0
            ? new SweepCapturesCommand(dryRun, json)
            : new UsageError($"sweep captures: unexpected '{options[0]}'; {SweepCapturesCommand.Usage}");
    }

    private static WorkerCommand ParseSources(List<string> rest)
    {
        const string SourcesUsage = "usage: sources list [--json] | sources check <name> | sources pull <name>";
        return rest switch
        {
            ["list"] => new SourcesListCommand(Json: false),
            ["list", "--json"] => new SourcesListCommand(Json: true),
            ["check", var name] when !name.StartsWith('-') => new SourcesCheckCommand(name),
            ["pull", var name] when !name.StartsWith('-') => new SourcesPullCommand(name),
            ["check" or "pull"] => new UsageError($"sources {rest[0]}: name the source; {SourcesUsage}"),
            [] => new UsageError($"sources: say what to do; {SourcesUsage}"),
            _ => new UsageError($"sources: unexpected '{string.Join(' ', rest)}'; {SourcesUsage}"),
        };
    }

    private static WorkerCommand ParseExceptions(List<string> rest)
    {
        if (rest.Count > 0 && rest[0] == "resolve")
        {
            const string ResolveUsage = "usage: exceptions resolve <id> --note TEXT [--by NAME]";
            if (rest.Count < 2 || !long.TryParse(rest[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id))
            {
                return new UsageError($"exceptions resolve: name the exception's number; {ResolveUsage}");
            }

            var options = rest.Skip(2).ToList();
            var note = ValueOf(options, "--note");
            var by = ValueOf(options, "--by") ?? Environment.GetEnvironmentVariable("USER") ?? "operator";
            if (string.IsNullOrWhiteSpace(note))
            {
                return new UsageError($"exceptions resolve: --note is required (say what was done); {ResolveUsage}");
            }

            return options.Count == 0 ? new ResolveExceptionCommand(id, note, by) : new UsageError($"exceptions resolve: unexpected '{options[0]}'; {ResolveUsage}");
        }

        var open = rest.Remove("--open");
        var json = rest.Remove("--json");
        var csv = rest.Remove("--csv");
        if (json && csv)
        {
            return new UsageError("exceptions: choose --json or --csv, not both");
        }

        return rest.Count == 0
            ? new ExceptionsCommand(open, json, csv)
            : new UsageError($"exceptions: unexpected '{rest[0]}'; usage: exceptions [--open] [--json|--csv]");
    }

    /// <summary>Takes "--name value" out of the options; null when absent.</summary>
    private static string? ValueOf(List<string> options, string name)
    {
        var at = options.IndexOf(name);
        if (at < 0 || at + 1 >= options.Count)
        {
            return null;
        }

        var value = options[at + 1];
        options.RemoveRange(at, 2);
        return value;
    }

    private static WorkerCommand ParseReport(List<string> rest)
    {
        var json = rest.Remove("--json");
        NodaTime.LocalDate? date = null;
        var at = rest.IndexOf("--date");
        if (at >= 0)
        {
            if (at + 1 >= rest.Count)
            {
                return new UsageError("report: --date needs a date, e.g. --date 2026-11-24");
            }

            var parsed = NodaTime.Text.LocalDatePattern.Iso.Parse(rest[at + 1]);
            if (!parsed.Success)
            {
                return new UsageError($"report: '{rest[at + 1]}' is not a date YYYY-MM-DD");
            }

            date = parsed.Value;
            rest.RemoveRange(at, 2);
        }

        return rest.Count == 0
            ? new ReportCommand(date, json)
            : new UsageError($"report: unexpected '{rest[0]}'; usage: report [--date YYYY-MM-DD] [--json]");
    }

    private static WorkerCommand ParseIngest(List<string> rest)
    {
        var json = rest.Remove("--json");
        var unknown = rest.FirstOrDefault(arg => arg.StartsWith('-'));
        if (unknown is not null)
        {
            return new UsageError($"ingest: unknown option '{unknown}'; usage: ingest <file-or-folder>... [--json]");
        }

        return rest.Count == 0
            ? new UsageError("ingest: name at least one file or folder; usage: ingest <file-or-folder>... [--json]")
            : new IngestCommand(rest, json);
    }

    private static WorkerCommand ParseOp(List<string> rest)
    {
        if (rest.Count == 0)
        {
            return new UsageError($"op: name what to do; {OpCommand.Usage}");
        }

        var verb = rest[0];
        var arguments = rest.Skip(1).ToList();
        switch (verb)
        {
            case "list":
                var failed = arguments.Remove("--failed");
                var json = arguments.Remove("--json");
                return arguments.Count == 0 ? new OpListCommand(failed, json) : new UsageError($"op list: unexpected '{arguments[0]}'; usage: op list [--failed] [--json]");

            case "retry":
                return arguments is [var id] && !id.StartsWith('-')
                    ? new OpRetryCommand(id)
                    : new UsageError("op retry: name one operation id; usage: op retry <operation-id>");

            case "approve":
                var approvedBy = ValueOf(arguments, "--by") ?? Environment.GetEnvironmentVariable("USER") ?? "operator";
                return arguments is [var approved] && !approved.StartsWith('-')
                    ? new OpApproveCommand(approved, approvedBy)
                    : new UsageError("op approve: name one operation id; usage: op approve <operation-id> [--by NAME]");

            case "hold" or "unhold":
                return ParseHold(verb, arguments);
        }

        if (!Reconciliation.Operations.OperationKinds.TryParseCommand(verb, out var kind))
        {
            return new UsageError($"op: unknown operation '{verb}'; {OpCommand.Usage}");
        }

        string? reasonCode = null;
        var inline = arguments.FindIndex(arg => arg.StartsWith(ReasonCodeOption + "=", StringComparison.Ordinal));
        if (inline >= 0)
        {
            reasonCode = arguments[inline][(ReasonCodeOption.Length + 1)..];
            arguments.RemoveAt(inline);
        }

        var option = arguments.IndexOf(ReasonCodeOption);
        if (option >= 0)
        {
            if (option + 1 >= arguments.Count)
            {
                return new UsageError("op: --reason-code needs a value");
            }

            reasonCode = arguments[option + 1];
            arguments.RemoveRange(option, 2);
        }

        if (arguments.FirstOrDefault(arg => arg.StartsWith('-') && !decimal.TryParse(arg, System.Globalization.CultureInfo.InvariantCulture, out _)) is { } unknown)
        {
            return new UsageError($"op {verb}: unknown option '{unknown}'; {OpCommand.Usage}");
        }

        if (kind == Reconciliation.Ledger.TransactionType.Credit)
        {
            return arguments is [var payoutAmount, var payoutCurrency]
                ? new OpRequestCommand(kind, null, payoutAmount, payoutCurrency, reasonCode)
                : new UsageError("op payout: give an amount and a currency; usage: op payout <amount> <currency>");
        }

        return arguments switch
        {
            [var referenced] => new OpRequestCommand(kind, referenced, null, null, reasonCode),
            [var referenced, var amount, var currency] => new OpRequestCommand(kind, referenced, amount, currency, reasonCode),
            _ => new UsageError($"op {verb}: give the referenced id, then optionally an amount and a currency; usage: op {verb} <referenced-id> [<amount> <currency>]"),
        };
    }

    private static WorkerCommand ParseHold(string verb, List<string> arguments)
    {
        var usage = verb == "hold" ? "usage: op hold <payment-id> --note TEXT [--by NAME]" : "usage: op unhold <payment-id> [--by NAME]";
        var note = ValueOf(arguments, "--note");
        var by = ValueOf(arguments, "--by") ?? Environment.GetEnvironmentVariable("USER") ?? "operator";
        if (arguments is not [var paymentId] || paymentId.StartsWith('-'))
        {
            return new UsageError($"op {verb}: name one payment id; {usage}");
        }

        if (verb == "unhold")
        {
            return note is null ? new OpUnholdCommand(paymentId, by) : new UsageError($"op unhold: unexpected --note; {usage}");
        }

        return string.IsNullOrWhiteSpace(note)
            ? new UsageError($"op hold: --note is required (say why the payment is held); {usage}")
            : new OpHoldCommand(paymentId, note, by);
    }

    private static bool IsSetting(string arg) => arg.StartsWith("--", StringComparison.Ordinal) && arg.Contains('=', StringComparison.Ordinal);
}
