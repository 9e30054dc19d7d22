using System;
using System.Globalization;

namespace Konnaxion.Ops.Http
{
    /// <summary>
    /// Words the failures of a connection for the server at its other end: this layer knows sockets and HTTP, the
    /// caller knows whose server it is and what the user should do about it.
    /// </summary>
    internal interface IConnectionErrors
    {
        /// <summary>
        /// No connection could be made: <paramref name="reason"/> says why, without a trailing full stop;
        /// <paramref name="permissionDenied"/> when the operating system refused this user access.
        /// </summary>
        Exception Unreachable(string reason, Exception? innerException = null, bool permissionDenied = false);

        /// <summary>No read or write completed within <paramref name="timeout"/>.</summary>
        Exception Timeout(TimeSpan timeout);

        /// <summary>The bytes that came back are not HTTP; <paramref name="detail"/> is a sentence.</summary>
        Exception Protocol(string detail, Exception? innerException = null);
    }

    internal static class Durations
    {
        /// <summary>A timeout as the errors word it, such as "0.3 s".</summary>
        public static string Seconds(TimeSpan timeout) =>
            timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s";
    }
}
