using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

/// <summary>
/// One measure of the report: the times of its methods (the first is the one the others are compared with), and the
/// targets set on their medians. A gating target that is missed makes the benchmark exit 1; the others are printed.
/// </summary>
internal sealed class Table
{
    private readonly string _title;
    private readonly string[] _methods;
    private readonly List<double>[] _times;
    private readonly List<(string What, string Value, string Limit, bool Met, bool Gating)> _targets = new();

    public Table(string title, params string[] methods)
    {
        _title = title;
        _methods = methods;
        _times = methods.Select(_ => new List<double>()).ToArray();
    }

    public bool GatingTargetsMet => _targets.All(target => target.Met || !target.Gating);

    public void Add(int method, double milliseconds) => _times[method].Add(milliseconds);

    public double Median(int method) => Bench.Median(_times[method]);

    /// <summary>Method <paramref name="slower"/>'s median is at least <paramref name="times"/> times method <paramref name="faster"/>'s.</summary>
    public void FasterBy(int faster, int slower, double times, bool gating) =>
        _targets.Add(($"{_methods[slower]} / {_methods[faster]}", Format("{0:0.00}x", Median(slower) / Median(faster)),
            Format(">= {0}x", times), Median(slower) >= times * Median(faster), gating));

    /// <summary>Method <paramref name="subject"/>'s median is at most <paramref name="times"/> times <paramref name="reference"/>'s.</summary>
    public void AtMostTimes(int subject, int reference, double times, bool gating) =>
        _targets.Add(($"{_methods[subject]} / {_methods[reference]}", Format("{0:0.00}x", Median(subject) / Median(reference)),
            Format("<= {0}x", times), Median(subject) <= times * Median(reference), gating));

    /// <summary>Method <paramref name="subject"/>'s median is at most <paramref name="milliseconds"/> more than <paramref name="reference"/>'s.</summary>
    public void AtMostMore(int subject, int reference, double milliseconds, bool gating) =>
        _targets.Add(($"{_methods[subject]} - {_methods[reference]}", Format("{0:0.0} ms", Median(subject) - Median(reference)),
            Format("<= {0} ms", milliseconds), Median(subject) - Median(reference) <= milliseconds, gating));

    public void Print()
    {
        var width = Math.Max(_methods.Max(m => m.Length), _targets.Select(t => t.What.Length).DefaultIfEmpty(0).Max()) + 2;
        Console.WriteLine();
        Console.WriteLine($"== {_title} ==");
        Console.WriteLine(Format($"{{0,-{width}}} {{1,6}} {{2,10}} {{3,10}} {{4,10}} {{5,9}}", "method", "rounds", "median ms", "min ms", "max ms", "ratio"));
        for (var i = 0; i < _methods.Length; i++)
        {
            Console.WriteLine(Format($"{{0,-{width}}} {{1,6}} {{2,10:0.0}} {{3,10:0.0}} {{4,10:0.0}} {{5,8:0.00}}x",
                _methods[i], _times[i].Count, Median(i), _times[i].Min(), _times[i].Max(), Median(i) / Median(0)));
        }

        foreach (var target in _targets)
        {
            Console.WriteLine(Format($"{{0,-{width}}} {{1,10}} target {{2,-9}} {{3}}", target.What, target.Value, target.Limit,
                (target.Met ? "met" : "MISSED") + (target.Gating ? string.Empty : " (printed, not gating)")));
        }
    }

    private static string Format(string format, params object[] values) => string.Format(CultureInfo.InvariantCulture, format, values);
}
