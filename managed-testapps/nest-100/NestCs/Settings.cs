// Scenario S30 (nest-100): how many native layers the app nests.
namespace Nest;

static class Settings
{
    public const int Depth = 100;
    public const string Name = "nest-100";
}
