// Runs the app's entry point again in the runtime the app was loaded into, as `dotnet APP.dll`
// would have: the same default load context, so the app's assemblies, statics and native
// libraries are the ones an earlier run used. The .NET Framework form is MainEntryNetfx.cs.
#if !NETFRAMEWORK
using System;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Loader;

namespace Clrhost
{
    public static class MainEntry
    {
        // An exception that escapes the app's Main: what `dotnet` would report as unhandled. The
        // driver reports it as an error of that run, not a death of the process.
        public const int UnhandledException = unchecked((int)0xE0434352);

        // appPath: UTF-8; argv: argc UTF-8 strings. Returns Main's int, 0 for a void Main.
        [UnmanagedCallersOnly]
        public static unsafe int RunMain(byte* appPath, byte** argv, int argc)
        {
            try
            {
                var path = Marshal.PtrToStringUTF8((IntPtr)appPath)!;
                var args = new string[argc];
                for (var i = 0; i < argc; i++)
                    args[i] = Marshal.PtrToStringUTF8((IntPtr)argv[i])!;
                var entry = AssemblyLoadContext.Default.LoadFromAssemblyPath(path).EntryPoint
                            ?? throw new InvalidOperationException($"{path} has no entry point");
                var result = entry.Invoke(null, entry.GetParameters().Length == 0
                                                    ? null
                                                    : new object[] { args });
                return result is int code ? code : 0;
            }
            catch (Exception error)
            {
                Console.Error.WriteLine($"Unhandled exception. {(error as TargetInvocationException)?.InnerException ?? error}");
                return UnhandledException;
            }
        }
    }
}
#endif
