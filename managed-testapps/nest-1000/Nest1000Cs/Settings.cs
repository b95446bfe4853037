// Scenario S31 (nest-1000): how many native layers the app nests.
namespace Nest;

static class Settings
{
    public const int Depth = 1000;
    public const string Name = "nest-1000";
}
