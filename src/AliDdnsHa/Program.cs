// Licensed under the MIT license.

using System.CommandLine;
using AliDdnsHa.Commands;

var root = CommandLine.Build(Console.Out, Console.Error);

// The generic host handles SIGTERM and Ctrl-C itself (graceful stop); the parser must not race it.
return await root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
