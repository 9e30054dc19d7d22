namespace Konnaxion.Ops.Output
{
    /// <summary>A progress report: an activity, what it is doing now, and how far it is (or -1 when unknown).</summary>
    public sealed class KxProgress
    {
        public KxProgress(int activityId, string activity, string status, int percentComplete = -1, bool completed = false)
        {
            ActivityId = activityId;
            Activity = activity;
            Status = status;
            PercentComplete = percentComplete;
            Completed = completed;
        }

        public int ActivityId { get; }
        public string Activity { get; }
        public string Status { get; }
        public int PercentComplete { get; }
        public bool Completed { get; }
    }
}
