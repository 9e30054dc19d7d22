namespace Konnaxion.Ops
{
    /// <summary>The question an operation asks before it runs (production, or high impact), decided by the environment's policy.</summary>
    public sealed class KxConfirmation
    {
        internal KxConfirmation(string caption, string query)
        {
            Caption = caption;
            Query = query;
        }

        /// <summary>The prompt's title: "Confirm production change" or "Confirm high-impact change".</summary>
        public string Caption { get; }

        /// <summary>What it asks, with the command lines that will run.</summary>
        public string Query { get; }
    }
}
