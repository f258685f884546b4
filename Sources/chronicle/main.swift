import ChronicleCommands

#if canImport(Glibc)
import Glibc
#endif

// A file-size limit (RLIMIT_FSIZE) must be an error the writer rolls back,
// not SIGXFSZ ending the process halfway through a batch's write.
signal(SIGXFSZ, SIG_IGN)

// The whole command line lives in ChronicleCommands, so tests run it in-process.
let status = ChronicleCommandLine.run(Array(CommandLine.arguments.dropFirst()), in: .process())
exit(status.rawValue)
