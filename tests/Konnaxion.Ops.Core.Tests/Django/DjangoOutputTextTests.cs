using Konnaxion.Ops.Django;
using static Konnaxion.Ops.Tests.Django.DjangoRun;

namespace Konnaxion.Ops.Tests.Django
{
    public class DjangoOutputTextTests
    {
        [Theory]
        [InlineData(Esc + "[36;1mMigrations for 'idées':" + Esc + "[0m", "Migrations for 'idées':")]
        [InlineData(Esc + "[0m [X] 0001_initial", " [X] 0001_initial")]
        [InlineData("  Applying idées.0001_initial..." + Esc + "[32;1m OK" + Esc + "[0m\r", "  Applying idées.0001_initial... OK")]
        [InlineData(Esc + "]0;manage.py migrate\u0007Running migrations:", "Running migrations:")]
        [InlineData(Esc + "7Rendering" + Esc + "8", "Rendering")]
        [InlineData("Copying 1 of 3\rCopying 3 of 3\r\r", "Copying 3 of 3")]
        [InlineData("  Applying émoji.0001_🚀... OK", "  Applying émoji.0001_🚀... OK")]
        public void LeavesWhatATerminalWouldShow(string line, string expected)
        {
            Assert.Equal(expected, DjangoOutputText.Clean(line));
        }
    }
}
