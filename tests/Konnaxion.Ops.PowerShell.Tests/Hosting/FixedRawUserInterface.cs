using System;
using System.Management.Automation.Host;

namespace Konnaxion.Ops.PowerShell.Tests.Hosting
{
    /// <summary>A console of a fixed width, so that PowerShell's formatting lays tables out the same on every machine.</summary>
    public sealed class FixedRawUserInterface : PSHostRawUserInterface
    {
        public FixedRawUserInterface(int width)
        {
            BufferSize = new Size(width, 9999);
            WindowSize = new Size(width, 50);
        }

        public override ConsoleColor ForegroundColor { get; set; } = ConsoleColor.Gray;

        public override ConsoleColor BackgroundColor { get; set; } = ConsoleColor.Black;

        public override Coordinates CursorPosition { get; set; }

        public override Coordinates WindowPosition { get; set; }

        public override int CursorSize { get; set; } = 1;

        public override Size BufferSize { get; set; }

        public override Size WindowSize { get; set; }

        public override Size MaxWindowSize => WindowSize;

        public override Size MaxPhysicalWindowSize => WindowSize;

        public override bool KeyAvailable => false;

        public override string WindowTitle { get; set; } = string.Empty;

        public override KeyInfo ReadKey(ReadKeyOptions options) => throw new NotSupportedException("The test host reads no key.");

        public override void FlushInputBuffer()
        {
        }

        public override void SetBufferContents(Coordinates origin, BufferCell[,] contents) => throw new NotSupportedException();

        public override void SetBufferContents(Rectangle rectangle, BufferCell fill) => throw new NotSupportedException();

        public override BufferCell[,] GetBufferContents(Rectangle rectangle) => throw new NotSupportedException();

        public override void ScrollBufferContents(Rectangle source, Coordinates destination, Rectangle clip, BufferCell fill) => throw new NotSupportedException();
    }
}
