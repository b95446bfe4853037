// An app that fails at start, for the reliability tests (conformance/tests/bad_app.cmake): the
// suite must say what went wrong in one line, not just that the process died.
//
//   BadStartCs.dll throw     Main throws before any interop: the runtime aborts the process
//   BadStartCs.dll exit N    Main returns N
//   BadStartCs.dll halt N    Environment.Exit(N): the process ends inside Main
using System;

namespace BadStart;

static class Program
{
    static int Main(string[] args)
    {
        var how = args.Length > 0 ? args[0] : "throw";
        var code = args.Length > 1 ? int.Parse(args[1]) : 3;
        switch (how)
        {
            case "exit":
                return code;
            case "halt":
                Environment.Exit(code);
                return 0;
            default:
                throw new InvalidOperationException("thrown at start on purpose");
        }
    }
}
