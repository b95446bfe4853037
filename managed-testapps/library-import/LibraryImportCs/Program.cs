// Scenario S13 (library-import), C# only (VB has no source generators): Main calls two
// [LibraryImport] methods. The generator writes each partial method's body; the runtime's
// transitions then name whatever method carries the ImplMap (the real P/Invoke):
//   - libimport_add (blittable, nothing to marshal),
//   - libimport_length (a string, marshalled to UTF-8 by the generated code).
// scenario.json pins the method names the runtime reports for both.
using System.Globalization;
using System.Runtime.InteropServices;

namespace LibraryImportScenario;

static partial class Program
{
    [LibraryImport("srcgen_native")]
    private static partial int libimport_add(int left, int right);

    [LibraryImport("srcgen_native", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int libimport_length(string text);

    static int Main()
    {
        int sum = libimport_add(20, 17);
        int length = libimport_length("hello");
        int result = sum + length;
        Console.WriteLine("library-import: " + result.ToString(CultureInfo.InvariantCulture));
        return result == 42 ? 0 : 3;
    }
}
