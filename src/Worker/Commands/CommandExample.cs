namespace Settlement.Worker.Commands;

/// <summary>A command line for the help to show, with what it does.</summary>
public sealed record CommandExample(string Line, string WhatItDoes);
