using System;

namespace Konnaxion.Ops.Errors
{
    /// <summary>
    /// Every failure the core reports: a stable <see cref="ErrorId"/> for scripts to match on, a category,
    /// the object it concerns and what the user should do next. Messages never carry secret values.
    /// </summary>
    public sealed class KxException : Exception
    {
        public KxException(string errorId, KxErrorCategory category, object? targetObject, string message,
            string? recommendedAction = null, Exception? innerException = null)
            : base(message, innerException)
        {
            ErrorId = errorId;
            Category = category;
            TargetObject = targetObject;
            RecommendedAction = recommendedAction;
        }

        /// <summary>Stable identifier, listed in the README's error table.</summary>
        public string ErrorId { get; }

        public KxErrorCategory Category { get; }

        /// <summary>What the error is about: a path, a service name, an app label, a migration.</summary>
        public object? TargetObject { get; }

        /// <summary>What to do next, in one sentence.</summary>
        public string? RecommendedAction { get; }
    }
}
