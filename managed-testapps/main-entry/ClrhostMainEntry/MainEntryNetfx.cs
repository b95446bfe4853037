// The suite's entry on the .NET Framework (the net48 build, main-entry/net48/): the netfx runner
// (fixtures/netfx) calls Run through ICLRRuntimeHost::ExecuteInDefaultAppDomain, which calls
// only a `static int Method(string)`, in the default application domain. Run starts the app's
// Main there as the .NET Framework would start the .exe. The .NET form is MainEntry.cs.
#if NETFRAMEWORK
using System;

namespace Clrhost
{
    public static class MainEntry
    {
        // An exception that escapes the app's Main: what the .NET Framework would report as
        // unhandled (its exception code).
        public const int UnhandledException = unchecked((int)0xE0434352);

        // argument: the app's path, then each of its arguments, one per line ('\n'; an argument
        // holds no line break: fixtures/netfx/main_entry_argument.h). Returns Main's int, 0 for a
        // void Main.
        public static int Run(string argument)
        {
            try
            {
                var parts = argument.Split('\n');
                var args = new string[parts.Length - 1];
                Array.Copy(parts, 1, args, 0, args.Length);
                return AppDomain.CurrentDomain.ExecuteAssembly(parts[0], args);
            }
            catch (Exception error)
            {
                Console.Error.WriteLine($"Unhandled exception. {error}");
                return UnhandledException;
            }
        }
    }
}
#endif
