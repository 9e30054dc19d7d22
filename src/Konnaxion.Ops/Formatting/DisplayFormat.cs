using System;
using System.Collections;
using System.Globalization;
using System.Linq;

namespace Konnaxion.Ops.Commands.Formatting
{
    /// <summary>
    /// Short texts for the default views of Konnaxion.Ops.format.ps1xml, called from its script blocks. It lives in the
    /// cmdlet assembly, beside the views it serves, not in Konnaxion.Ops.Core, which knows nothing of PowerShell's display.
    /// </summary>
    public static class DisplayFormat
    {
        /// <summary>A duration as a person reads it at a glance: "45s", "3m 12s", "5h 07m", "2d 04h"; empty for none.</summary>
        public static string Duration(TimeSpan? value)
        {
            if (value == null)
            {
                return string.Empty;
            }

            var time = value.Value.Duration();
            if (time.TotalDays >= 1)
            {
                return string.Format(CultureInfo.InvariantCulture, "{0}d {1:00}h", (int)time.TotalDays, time.Hours);
            }

            if (time.TotalHours >= 1)
            {
                return string.Format(CultureInfo.InvariantCulture, "{0}h {1:00}m", (int)time.TotalHours, time.Minutes);
            }

            return time.TotalMinutes >= 1
                ? string.Format(CultureInfo.InvariantCulture, "{0}m {1:00}s", (int)time.TotalMinutes, time.Seconds)
                : string.Format(CultureInfo.InvariantCulture, "{0}s", (int)Math.Round(time.TotalSeconds, MidpointRounding.AwayFromZero));
        }

        /// <summary>A list on one line ("django, worker"); empty for none.</summary>
        public static string List(IEnumerable? items, string separator = ", ") =>
            items == null ? string.Empty : string.Join(separator, items.Cast<object>().Select(item => Convert.ToString(item, CultureInfo.InvariantCulture)));
    }
}
