namespace Konnaxion.Ops.Output
{
    /// <summary>
    /// A progress report: an activity, what it is doing now, and how far it is (or -1 when unknown). An activity with a
    /// parent (one service of a build, say) is shown nested under it.
    /// </summary>
    public sealed class KxProgress
    {
        public KxProgress(int activityId, string activity, string status, int percentComplete = -1, bool completed = false, int parentActivityId = -1)
        {
            ActivityId = activityId;
            Activity = activity;
            Status = status;
            PercentComplete = percentComplete;
            Completed = completed;
            ParentActivityId = parentActivityId;
        }

        public int ActivityId { get; }
        public string Activity { get; }
        public string Status { get; }
        public int PercentComplete { get; }
        public bool Completed { get; }

        /// <summary>The activity this one is part of, or -1.</summary>
        public int ParentActivityId { get; }
    }
}
