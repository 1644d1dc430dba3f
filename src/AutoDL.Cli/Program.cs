using AutoDL.Cli;

return AutoDLCommandLine.Run(args, Consoles.ForThisProcess());
