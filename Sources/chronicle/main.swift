import ChronicleCommands

#if canImport(Glibc)
import Glibc
#endif

// The whole command line lives in ChronicleCommands, so tests run it in-process.
let status = ChronicleCommandLine.run(Array(CommandLine.arguments.dropFirst()), in: .process())
exit(status.rawValue)
